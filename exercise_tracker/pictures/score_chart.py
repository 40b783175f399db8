"""A patient's questionnaire scores over time, one panel per instrument, better drawn upwards."""

from exercise_tracker.pictures.figures import MEASURE_COLOUR, agg_figure, png_bytes

WIDTH = 1200
ROW_HEIGHT = 260


def score_chart_png(series: list) -> bytes:
    """`series`: `services.questionnaires.ScoreSeries`, each with at least one score."""
    with agg_figure(WIDTH, ROW_HEIGHT * max(1, len(series))) as figure:
        panels = figure.subplots(max(1, len(series)), 1, squeeze=False)[:, 0]
        for axes, one in zip(panels, series, strict=False):
            instrument = one.instrument
            moments = [at for at, _ in one.points]
            axes.plot(moments, [s for _, s in one.points], marker="o", color=MEASURE_COLOUR)
            low, high = instrument.score_range
            axes.set_ylim(*((high, low) if instrument.better == "lower" else (low, high)))
            direction = "lower is better" if instrument.better == "lower" else "higher is better"
            axes.set_title(f"{instrument.title} ({direction})", fontsize=10)
            axes.tick_params(axis="x", labelsize=8)
        return png_bytes(figure)
