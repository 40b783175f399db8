"""A patient's questionnaire scores over time, one panel per instrument, better drawn upwards."""

from exercise_tracker.pictures.figures import MEASURE_COLOUR, agg_figure, png_bytes

WIDTH = 1200
ROW_HEIGHT = 260


def score_chart_png(series: list) -> bytes:
    """`series`: `services.questionnaires.ScoreSeries`, each with at least one score."""
    with agg_figure(WIDTH, ROW_HEIGHT * max(1, len(series))) as figure:
        from matplotlib.dates import DateFormatter

        # One time axis for every instrument, so a single answer sits where it was given.
        panels = figure.subplots(max(1, len(series)), 1, squeeze=False, sharex=True)[:, 0]
        for axes, one in zip(panels, series, strict=False):
            instrument = one.instrument
            moments = [at for at, _ in one.points]
            axes.plot(moments, [s for _, s in one.points], marker="o", color=MEASURE_COLOUR)
            low, high = instrument.score_range
            axes.set_ylim(*((high, low) if instrument.better == "lower" else (low, high)))
            direction = "lower is better" if instrument.better == "lower" else "higher is better"
            axes.set_title(f"{instrument.title} ({direction})", fontsize=10)
            axes.tick_params(axis="x", labelsize=8)
            axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        return png_bytes(figure)
