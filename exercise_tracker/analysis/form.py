"""Form warnings: what the signals show went wrong in the repetitions themselves."""

import numpy as np

from .catalog import FRONT, Motion
from .range_of_motion import active_frames
from .repetitions import Repetition
from .result import AnalysisWarning, RangeOfMotion
from .signals import SIDES, MotionSignals

INCOMPLETE_SHARE = 0.6  # a repetition covering less of the motion's typical range is partial
MAX_SQUAT_TRUNK_LEAN = 45.0
MAX_CURL_UPPER_ARM_SWING = 30.0
ASYMMETRY_MIN_DEG = 20.0
ASYMMETRY_MIN_SHARE = 0.25
TRUNK_LEAN_MOTIONS = ("squat", "sit_to_stand", "lunge")


def _percentile(values: np.ndarray, q: float) -> float:
    seen = values[np.isfinite(values)]
    return float(np.percentile(seen, q)) if len(seen) else float("nan")


def _incomplete(motion: Motion, repetitions: list[Repetition]) -> list[AnalysisWarning]:
    typical = abs(motion.typical_range[1] - motion.typical_range[0])
    partial = [r for r in repetitions if r.excursion < INCOMPLETE_SHARE * typical]
    if not partial:
        return []
    return [AnalysisWarning(
        "incomplete_range", f"{len(partial)} of {len(repetitions)} repetitions moved through "
                            f"less than {INCOMPLETE_SHARE:.0%} of the usual range of the "
                            f"{motion.primary_signal.replace('_', ' ')}.")]


def _asymmetry(rom: RangeOfMotion) -> list[AnalysisWarning]:
    excursions = {s.side: s.excursion for s in rom.sides if s.excursion is not None}
    if set(excursions) != set(SIDES):
        return []
    gap = abs(excursions["left"] - excursions["right"])
    if gap < ASYMMETRY_MIN_DEG or gap < ASYMMETRY_MIN_SHARE * max(excursions.values()):
        return []
    weaker = min(excursions, key=excursions.get)
    return [AnalysisWarning("asymmetry", f"The {weaker} side moved {gap:.0f}° less than the "
                                         "other side.")]


def form_warnings(signals: MotionSignals, motion: Motion, repetitions: list[Repetition],
                  rom: RangeOfMotion, view: str | None) -> list[AnalysisWarning]:
    """``view`` is the camera's position (catalog FRONT or SIDE, "oblique" or None): sides are
    only compared when both are in sight, from the front."""
    warnings = _incomplete(motion, repetitions) if rom.unit == "degrees" else []
    if rom.target_met is False:
        warnings.append(AnalysisWarning(
            "target_not_met", f"The prescribed range {rom.target_range[0]:.0f}–"
                              f"{rom.target_range[1]:.0f}° was missed by {rom.shortfall:.0f}°."))
    if motion.bilateral and view == FRONT:
        warnings += _asymmetry(rom)
    inside = active_frames(signals.times, [(r.start_s, r.end_s) for r in repetitions])
    if motion.key in TRUNK_LEAN_MOTIONS:
        lean = _percentile(signals.series["trunk_lean"][inside], 95)
        if lean > MAX_SQUAT_TRUNK_LEAN:
            warnings.append(AnalysisWarning(
                "trunk_lean", f"The trunk leans {lean:.0f}° forward at the bottom; keep the "
                              "chest up."))
    if motion.key == "biceps_curl":
        swings = [_percentile(signals.side("shoulder", s)[inside], 95)
                  - _percentile(signals.side("shoulder", s)[inside], 5) for s in SIDES]
        swing = max((v for v in swings if np.isfinite(v)), default=float("nan"))
        if swing > MAX_CURL_UPPER_ARM_SWING:
            warnings.append(AnalysisWarning(
                "upper_arm_swing", f"The upper arm swings {swing:.0f}° during the curl; keep "
                                   "the elbow by the side."))
    return warnings
