"""The primary joint angle of one video over time, in clinical convention, its repetitions
marked, and the prescribed excursion drawn from the patient's own rest position."""

import math
import textwrap

from exercise_tracker.analysis import clinical
from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.pictures.contact_sheet import turning_point_name
from exercise_tracker.pictures.figures import (
    MEASURE_COLOUR,
    SHORTFALL_COLOUR,
    TARGET_COLOUR,
    agg_figure,
    message_panel,
    plural,
    png_bytes,
)

WIDTH, HEIGHT = 1000, 420


def _target(axes, found: clinical.ClinicalRange) -> None:
    """The rest position, the band up to the prescribed excursion, and any shortfall, so the
    distance left to go is visible rather than lost in a band covering the whole plot."""
    low, high = found.target
    unit = clinical.format_value(found.family, found.rest)
    axes.axhline(found.rest, color="#555555", linestyle="--", linewidth=1, label=f"rest {unit}")
    axes.axhspan(low, high, color=TARGET_COLOUR, alpha=0.10)
    goal = high if found.furthest >= found.rest else low
    prescribed = clinical.format_value(found.family, abs(goal - found.rest))
    axes.axhline(
        goal,
        color=TARGET_COLOUR,
        linewidth=1.8,
        label=f"target: {prescribed} from rest ({clinical.format_value(found.family, goal)})",
    )
    if found.shortfall:
        axes.axhspan(
            found.furthest,
            goal,
            color=SHORTFALL_COLOUR,
            alpha=0.18,
            label=f"short by {clinical.format_value(found.family, found.shortfall)}",
        )
    span = [found.rest, goal, found.furthest]
    bottom, top = axes.get_ylim()
    margin = 0.08 * (max(span + [top]) - min(span + [bottom]))
    axes.set_ylim(min(span + [bottom]) - margin, max(span + [top]) + margin)


def render_angle_chart(result: AnalysisResult, title: str) -> bytes:
    """A WIDTH x HEIGHT PNG; a video whose angle was not measured gets a chart that says so."""
    found = clinical.series(result)
    with agg_figure(WIDTH, HEIGHT) as figure:
        axes = figure.add_subplot()
        values = [] if found is None else [math.nan if v is None else v for v in found[3]]
        if found is None or all(math.isnan(v) for v in values):
            message_panel(
                axes, f"{textwrap.fill(title, 70)}\nNo joint angle was measured in this video."
            )
            return png_bytes(figure)
        family, side, times, _ = found
        measure = clinical.measure_of(family)
        axes.plot(
            times, values, color=MEASURE_COLOUR, linewidth=1.8, label=clinical.label(family, side)
        )
        far_end = turning_point_name(result)
        for number, rep in enumerate(result.repetitions, start=1):
            if rep.start_s is None or rep.end_s is None:
                continue
            axes.axvspan(rep.start_s, rep.end_s, color="#999999", alpha=0.12 + 0.08 * (number % 2))
            if rep.peak_s is not None:
                axes.axvline(
                    rep.peak_s,
                    color="#555555",
                    linestyle=":",
                    linewidth=1,
                    label=far_end if number == 1 else None,
                )
                axes.annotate(
                    f"rep {number}",
                    (rep.peak_s, 0.98),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="top",
                    fontsize=9,
                )
        ranged = clinical.measured_range(result)
        if ranged is not None and ranged.target and ranged.family == family:
            _target(axes, ranged)
        counted = result.rep_count or 0
        # Long exercise names wrap rather than run off the picture.
        axes.set_title(textwrap.fill(f"{title} — {plural(counted, 'repetition')} counted", 80))
        axes.set_xlabel("time (s)")
        unit = "degrees, 0° = straight" if measure.from_straight else measure.unit
        axes.set_ylabel(f"{measure.name} ({unit})")
        axes.grid(alpha=0.3)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
        return png_bytes(figure)
