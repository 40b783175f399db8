"""The primary joint angle of one video over time, its repetitions marked, the target shaded."""

import math

from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.pictures.figures import (
    MEASURE_COLOUR,
    TARGET_COLOUR,
    agg_figure,
    message_panel,
    png_bytes,
)

WIDTH, HEIGHT = 1000, 400


def render_angle_chart(result: AnalysisResult, title: str) -> bytes:
    """A WIDTH x HEIGHT PNG; a video whose angle was not measured gets a chart that says so."""
    angle = result.primary_angle
    times = angle.times if angle else []
    values = [float("nan") if v is None else v for v in (angle.values if angle else [])]
    with agg_figure(WIDTH, HEIGHT) as figure:
        axes = figure.add_subplot()
        if not times or all(math.isnan(v) for v in values):
            message_panel(axes, f"{title}\nNo joint angle was measured in this video.")
            return png_bytes(figure)
        unit = angle.unit or "degrees"
        name = " ".join(filter(None, [angle.side, angle.name or "angle"]))
        axes.plot(times, values, color=MEASURE_COLOUR, linewidth=1.8, label=name)
        target = result.range_of_motion.target_range if result.range_of_motion else None
        if target and None not in target:
            axes.axhspan(*target, color=TARGET_COLOUR, alpha=0.15, label="target range")
        for number, rep in enumerate(result.repetitions, start=1):
            if rep.start_s is None or rep.end_s is None:
                continue
            axes.axvspan(rep.start_s, rep.end_s, color="#999999", alpha=0.12 + 0.08 * (number % 2))
            if rep.peak_s is not None:
                axes.axvline(rep.peak_s, color="#555555", linestyle=":", linewidth=1)
                axes.annotate(
                    f"rep {number}",
                    (rep.peak_s, 0.98),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="top",
                    fontsize=9,
                )
        counted = result.rep_count
        axes.set_title(f"{title} — {counted if counted is not None else 'no'} repetitions counted")
        axes.set_xlabel("time (s)")
        axes.set_ylabel("degrees" if unit == "degrees" else unit)
        axes.grid(alpha=0.3)
        axes.legend(loc="lower right", fontsize=9)
        return png_bytes(figure)
