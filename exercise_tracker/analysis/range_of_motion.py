"""Range of motion of a motion's primary joint, per side, against a prescribed target."""

import numpy as np

from .catalog import FALLS, Motion
from .features import MIN_COVERAGE
from .result import RangeOfMotion, SideRange
from .signal_families import signal_family
from .signals import SIDES, MotionSignals

TARGET_TOLERANCE_DEG = 5.0  # goniometry by eye is no finer; a miss smaller than this is met
EXTREME_PERCENTILES = (2, 98)  # ignore a stray frame at either end


def unit_of(signal: str) -> str:
    return signal_family(signal).unit.value


def active_frames(times: np.ndarray, spans: list[tuple[float, float]]) -> np.ndarray:
    """Frames inside any repetition; every frame when there were none."""
    if not spans:
        return np.ones(len(times), dtype=bool)
    inside = np.zeros(len(times), dtype=bool)
    for start, end in spans:
        inside |= (times >= start) & (times <= end)
    return inside


def _side_range(side: str, values: np.ndarray) -> SideRange:
    seen = values[np.isfinite(values)]
    if len(values) == 0 or len(seen) < max(3, MIN_COVERAGE * len(values)):
        return SideRange(side, None, None, None)
    low, high = (float(v) for v in np.percentile(seen, EXTREME_PERCENTILES))
    return SideRange(side, round(low, 1), round(high, 1), round(high - low, 1))


def anchored_target(motion: Motion, side: SideRange, excursion: float) -> tuple[float, float]:
    """A prescribed excursion as a band starting at the patient's own rest position: a knee
    that rests at 165° and must bend 90° should reach 75°, whatever a textbook knee does."""
    if motion.rep_direction == FALLS:
        return side.max_value - excursion, side.max_value
    return side.min_value, side.min_value + excursion


def measure_range(
    signals: MotionSignals,
    motion: Motion,
    spans: list[tuple[float, float]],
    target_range: tuple[float, float] | float | None = None,
) -> RangeOfMotion:
    """Min, max and excursion of the primary signal while repetitions happen, per side.

    The target is a band (low, high) to span, or an excursion in degrees to reach from rest.
    """
    family = motion.primary_signal
    inside = active_frames(signals.times, spans)
    if f"{family}_left" in signals.series:
        sides = [_side_range(s, signals.side(family, s)[inside]) for s in SIDES]
    else:
        sides = [_side_range("both", signals.series[family][inside])]
    if target_range is None:
        return RangeOfMotion(family, unit_of(family), sides)
    measured = [s for s in sides if s.excursion is not None]
    best = max(measured, key=lambda s: s.excursion) if measured else None
    if isinstance(target_range, (int, float)):
        if best is None:
            return RangeOfMotion(family, unit_of(family), sides, None, None, None)
        target_range = anchored_target(motion, best, float(target_range))
    low, high = sorted(float(v) for v in target_range)
    if best is None:
        return RangeOfMotion(family, unit_of(family), sides, (low, high), None, None)
    shortfall = max(0.0, best.min_value - low) + max(0.0, high - best.max_value)
    met = shortfall <= TARGET_TOLERANCE_DEG
    return RangeOfMotion(family, unit_of(family), sides, (low, high), met, round(shortfall, 1))
