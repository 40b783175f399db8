"""Form warnings: what the signals show went wrong in the repetitions themselves."""

import numpy as np

from .catalog import FRONT, SIDE, Motion
from .features import PrimarySignal
from .motions.motion import FormCheck
from .range_of_motion import active_frames
from .repetitions import Repetition
from .result import AnalysisWarning, RangeOfMotion
from .signals import SIDES, MotionSignals

INCOMPLETE_SHARE = 0.6  # a repetition covering less of the motion's typical range is partial
MAX_SQUAT_TRUNK_LEAN = 45.0
MAX_CURL_UPPER_ARM_SWING = 30.0  # degrees, seen from the side
MAX_CURL_ELBOW_RISE = 0.15  # trunk lengths, seen from the front (about 40 degrees of swing)
ASYMMETRY_MIN_DEG = 20.0
ASYMMETRY_MIN_SHARE = 0.25


def _percentile(values: np.ndarray, q: float) -> float:
    seen = values[np.isfinite(values)]
    return float(np.percentile(seen, q)) if len(seen) else float("nan")


def _incomplete(motion: Motion, repetitions: list[Repetition]) -> list[AnalysisWarning]:
    typical = abs(motion.typical_range[1] - motion.typical_range[0])
    partial = [r for r in repetitions if r.excursion < INCOMPLETE_SHARE * typical]
    if not partial:
        return []
    return [
        AnalysisWarning(
            "incomplete_range",
            f"{len(partial)} of {len(repetitions)} repetitions moved through "
            f"less than {INCOMPLETE_SHARE:.0%} of the usual range of the "
            f"{motion.primary_signal.replace('_', ' ')}.",
        )
    ]


def _asymmetry(rom: RangeOfMotion) -> list[AnalysisWarning]:
    excursions = {s.side: s.excursion for s in rom.sides if s.excursion is not None}
    if set(excursions) != set(SIDES):
        return []
    gap = abs(excursions["left"] - excursions["right"])
    if gap < ASYMMETRY_MIN_DEG or gap < ASYMMETRY_MIN_SHARE * max(excursions.values()):
        return []
    weaker = min(excursions, key=excursions.get)
    return [
        AnalysisWarning(
            "asymmetry", f"The {weaker} side moved {gap:.0f}° less than the other side."
        )
    ]


def form_warnings(
    signals: MotionSignals,
    motion: Motion,
    counted: PrimarySignal,
    repetitions: list[Repetition],
    rom: RangeOfMotion,
    view: str | None,
) -> list[AnalysisWarning]:
    """``counted`` is the signal the repetitions were counted on (their depth is judged only on
    the primary angle); ``view`` the camera's position (catalog FRONT or SIDE, "oblique" or None):
    sides are only compared when both are in sight, from the front."""
    on_primary = counted.signal.family == motion.primary_signal and rom.unit == "degrees"
    warnings = _incomplete(motion, repetitions) if on_primary else []
    if rom.target_met is False:
        warnings.append(
            AnalysisWarning(
                "target_not_met",
                f"The prescribed range {rom.target_range[0]:.0f}–"
                f"{rom.target_range[1]:.0f}° was missed by {rom.shortfall:.0f}°.",
            )
        )
    if motion.bilateral and view == FRONT:
        warnings += _asymmetry(rom)
    inside = active_frames(signals.times, [(r.start_s, r.end_s) for r in repetitions])
    for check in motion.form_checks:
        warnings += FORM_CHECKS[check](signals, inside, view)
    return warnings


def _range(values: np.ndarray) -> float:
    return _percentile(values, 95) - _percentile(values, 5)


def _trunk_lean(
    signals: MotionSignals, inside: np.ndarray, view: str | None
) -> list[AnalysisWarning]:
    lean = _percentile(signals.series["trunk_lean"][inside], 95)
    if not lean > MAX_SQUAT_TRUNK_LEAN:
        return []
    return [
        AnalysisWarning(
            "trunk_lean", f"The trunk leans {lean:.0f}° forward at the bottom; keep the chest up."
        )
    ]


def _upper_arm_swing(
    signals: MotionSignals, inside: np.ndarray, view: str | None
) -> list[AnalysisWarning]:
    """From the side the swing shows in the shoulder angle; from the front the arm swings
    towards the camera, which shows only as the elbow rising."""
    sides = signals.trusted_sides
    if view == SIDE:
        swing = max(_range(signals.side("shoulder", s)[inside]) for s in sides)
        excessive, amount = swing > MAX_CURL_UPPER_ARM_SWING, f"{swing:.0f}°"
    else:
        rise = max(_range(signals.side("elbow_height", s)[inside]) for s in sides)
        excessive, amount = rise > MAX_CURL_ELBOW_RISE, f"{rise:.1f} trunk lengths"
    if not excessive:
        return []
    return [
        AnalysisWarning(
            "upper_arm_swing",
            f"The upper arm swings ({amount}) during the curl; keep the elbow by the side.",
        )
    ]


# How each check a motion may name is judged: (signals, frames inside repetitions, camera view).
FORM_CHECKS = {
    FormCheck.TRUNK_LEAN: _trunk_lean,
    FormCheck.UPPER_ARM_SWING: _upper_arm_swing,
}
