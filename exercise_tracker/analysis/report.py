"""A plain-text summary of an analysis result, for the command line."""

from .catalog import display_name
from .result import AnalysisResult

MAX_LISTED_REPETITIONS = 20


def _range_lines(result: AnalysisResult) -> list[str]:
    rom = result.range_of_motion
    if rom is None:
        return []
    unit = "°" if rom.unit == "degrees" else " (body scale)"
    lines = [f"Range of motion ({rom.signal.replace('_', ' ')}):"]
    for side in rom.sides:
        if side.excursion is None:
            lines.append(f"  {side.side:<5}  not measured")
        else:
            lines.append(
                f"  {side.side:<5}  {side.min_value:.0f}{unit} to {side.max_value:.0f}"
                f"{unit}  (excursion {side.excursion:.0f}{unit})"
            )
    if rom.target_range is not None:
        verdict = {
            True: "met",
            False: f"missed by {rom.shortfall:.0f}{unit}",
            None: "not measured",
        }[rom.target_met]
        lines.append(
            f"  target {rom.target_range[0]:.0f}–{rom.target_range[1]:.0f}{unit}: {verdict}"
        )
    return lines


def format_result_text(result: AnalysisResult) -> str:
    """What a clinician reading a terminal needs first: motion, match, count, range, warnings."""
    lines = [
        f"Motion:      {display_name(result.predicted_motion)} "
        f"(confidence {result.confidence_score:.0%})"
    ]
    if result.prescribed_motion is not None:
        verdict = "matches" if result.is_match else "does NOT match"
        lines.append(f"Prescribed:  {display_name(result.prescribed_motion)} — clip {verdict}")
    if result.counted_motion is not None:
        lines.append(f"Repetitions: {result.rep_count} ({display_name(result.counted_motion)})")
        unit = "°" if result.primary_angle and result.primary_angle.unit == "degrees" else ""
        for rep in result.repetitions[:MAX_LISTED_REPETITIONS]:
            lines.append(
                f"  #{rep.index:<3} {rep.start_s:6.1f}–{rep.end_s:5.1f} s  "
                f"{rep.duration_s:4.1f} s  {rep.min_value:.0f}{unit}–"
                f"{rep.max_value:.0f}{unit}"
            )
        if result.rep_count > MAX_LISTED_REPETITIONS:
            lines.append(f"  … and {result.rep_count - MAX_LISTED_REPETITIONS} more")
    lines += _range_lines(result)
    top = sorted(result.scores.items(), key=lambda item: item[1], reverse=True)[:3]
    lines.append("Scores:      " + ", ".join(f"{key} {score:.2f}" for key, score in top))
    frames = result.frames
    lines.append(
        f"Frames:      {frames.sampled} analysed at {frames.fps:.1f} fps over "
        f"{frames.duration_s:.1f} s ({frames.skipped} skipped); model {result.model_name}"
    )
    if result.warnings:
        lines.append("Warnings:")
        lines += [f"  [{w.code}] {w.message}" for w in result.warnings]
    return "\n".join(lines)
