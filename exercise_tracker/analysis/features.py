"""Clip-level evidence read from the signals: how far each joint moves (over the whole clip, and
in step with the repetitions), the body's orientation, the camera view, and the primary signal a
motion is counted on."""

from dataclasses import dataclass

import numpy as np

from .catalog import FALLS, HORIZONTAL, SEATED, UPRIGHT, CountedSignal, Motion
from .keypoint_cleaning import nan_reduce
from .signal_families import evidence_families
from .signals import SIDES, MotionSignals

MIN_COVERAGE = 0.3  # a series seen on fewer frames than this tells nothing about the clip
UPRIGHT_MAX_LEAN = 35.0
HORIZONTAL_MIN_LEAN = 55.0
# Trunk lean limits of the postures; they overlap so that a deep squat's forward lean is still
# standing and a sit-up's raised trunk is still on the floor.
STANDING_MAX_LEAN = 70.0
FLOOR_MIN_LEAN = 45.0


def known(values: np.ndarray) -> np.ndarray:
    return values[np.isfinite(values)]


def percentile(values: np.ndarray, q: float) -> float:
    """Percentile of the known values, or NaN when too few are known to say."""
    seen = known(values)
    if len(values) == 0 or len(seen) < max(3, MIN_COVERAGE * len(values)):
        return float("nan")
    return float(np.percentile(seen, q))


def excursion(values: np.ndarray) -> float:
    """Robust range (5th to 95th percentile), so single glitches do not count as movement."""
    return percentile(values, 95) - percentile(values, 5)


def seen_share(values: np.ndarray) -> float:
    return float(np.mean(np.isfinite(values))) if len(values) else 0.0


def share(condition: np.ndarray, values: np.ndarray) -> float:
    """Share of the frames where ``values`` is known on which ``condition`` holds."""
    seen = np.isfinite(values)
    return float(np.mean(condition[seen])) if seen.any() else 0.0


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    both = np.isfinite(a) & np.isfinite(b)
    if both.sum() < 5 or np.std(a[both]) < 1e-6 or np.std(b[both]) < 1e-6:
        return float("nan")
    return float(np.corrcoef(a[both], b[both])[0, 1])


def body_orientation(features: dict[str, float]) -> str:
    """The posture the person spends most of the clip in, for reports."""
    if features["seated_share"] > 0.5:
        return SEATED
    if features["horizontal_share"] > 0.5:
        return HORIZONTAL
    return UPRIGHT if features["upright_share"] > 0.5 else "mixed"


def in_posture(signals: MotionSignals, motion: Motion) -> np.ndarray:
    """Frames on which the body could be doing the motion: trunk upright for standing and seated
    motions; lying, or supported on the hands, for floor motions. Unknown counts as possible."""
    lean, hands_low = signals.series["trunk_lean"], signals.series["hands_low"]
    with np.errstate(invalid="ignore"):
        upright = ~(lean >= STANDING_MAX_LEAN)
        unseen = np.isnan(lean) & np.isnan(hands_low)
        floor = (lean > FLOOR_MIN_LEAN) | (hands_low > 0.85) | unseen
    allowed = np.zeros(len(lean), dtype=bool)
    if UPRIGHT in motion.orientations or SEATED in motion.orientations:
        allowed |= upright
    if HORIZONTAL in motion.orientations:
        allowed |= floor
    return allowed


@dataclass(frozen=True)
class PrimarySignal:
    """The series a motion is counted on, which side(s) it came from, and how it moves."""

    values: np.ndarray
    side: str  # "left", "right", "both" (averaged) or "either" (whichever side moves)
    signal: CountedSignal


def primary_signal(signals: MotionSignals, motion: Motion) -> PrimarySignal:
    """The motion's primary signal, or its fallback when the camera shows too little of the
    primary one to count on and the fallback moves enough."""
    candidates = [_sided(signals, signal, motion) for signal in motion.counted_signals]
    for candidate in candidates:
        if (
            seen_share(candidate.values) >= 0.5
            and excursion(candidate.values) >= candidate.signal.min_excursion
        ):
            return candidate
    return candidates[0]


def _sided(signals: MotionSignals, signal: CountedSignal, motion: Motion) -> PrimarySignal:
    """Pick the better-seen, more-moving side, average both when they move together, or follow
    whichever side is moving when the sides take turns (alternating lunges or curls)."""
    family = signal.family
    if f"{family}_left" not in signals.series:
        return PrimarySignal(signals.series[family], "both", signal)
    sides = {s: signals.side(family, s) for s in SIDES}
    usable = {s: v for s, v in sides.items() if seen_share(v) >= 0.5}
    if not usable:
        best = max(sides, key=lambda s: seen_share(sides[s]))
        return PrimarySignal(sides[best], best, signal)
    ranked = sorted(usable, key=lambda s: np.nan_to_num(excursion(usable[s])), reverse=True)
    best = ranked[0]
    if len(ranked) == 1:
        return PrimarySignal(usable[best], best, signal)
    left, right = usable["left"], usable["right"]  # two usable sides are both trusted
    ratio = np.nan_to_num(excursion(usable[ranked[1]])) / max(excursion(usable[best]), 1e-6)
    together = correlation(left, right)
    if ratio >= 0.5 and (motion.bilateral or together >= 0.5):
        return PrimarySignal(
            nan_reduce(np.nanmean, np.stack([left, right]), axis=0), "both", signal
        )
    if ratio >= 0.6 and not motion.bilateral:
        extreme = np.nanmin if signal.direction == FALLS else np.nanmax
        return PrimarySignal(nan_reduce(extreme, np.stack([left, right]), axis=0), "either", signal)
    return PrimarySignal(usable[best], best, signal)


REPETITION_HZ = (0.125, 2.5)  # a repetition lasts between 0.4 s and 8 s
CYCLE_BAND = (0.6, 3.5)  # multiples of the repetition frequency kept in a cycle amplitude
MIN_SPECTRUM_S = 30.0  # short clips' spectra are zero-padded to this for a finer peak


def _filled(values: np.ndarray) -> np.ndarray | None:
    """The series with gaps interpolated and its mean removed, or None when too little is seen."""
    seen = np.isfinite(values)
    if len(values) < 8 or seen.mean() < 0.5:
        return None
    index = np.arange(len(values))
    filled = np.interp(index, index[seen], values[seen])
    return filled - filled.mean()


def repetition_frequency(signals: MotionSignals) -> float:
    """The frequency the clip's movement repeats at: every seen evidence series votes with its
    spectrum normalised to one, so the limbs that move to and fro together outvote one that
    moved once or only jitters, whatever the units. NaN when nothing is seen."""
    n = max(len(signals.times), int(MIN_SPECTRUM_S / signals.step))
    freqs = np.fft.rfftfreq(n, signals.step)
    band = (freqs >= REPETITION_HZ[0]) & (freqs <= REPETITION_HZ[1])
    votes = np.zeros(band.sum())
    for name in _evidence_series(signals):
        filled = _filled(signals.series[name])
        if filled is None:
            continue
        power = np.abs(np.fft.rfft(filled * np.hanning(len(filled)), n))[band] ** 2
        if power.sum() > 0:
            votes += power / power.sum()
    return float(freqs[band][np.argmax(votes)]) if votes.any() else float("nan")


def _evidence_series(signals: MotionSignals) -> list[str]:
    names = []
    for family in evidence_families():
        sides = [f"{family.name}_{side}" for side in SIDES]
        names += sides if family.per_side else [family.name]
    return [name for name in names if name in signals.series]


def cycle_excursion(values: np.ndarray, frequency: float, step: float) -> float:
    """How far the series moves in step with the repetitions: the peak-to-peak size of a sine
    with the power the series has between 0.6 and 3.5 times the repetition frequency. A limb
    that moved once while the person got ready adds little to it, one that exercises all."""
    filled = _filled(values)
    if filled is None or not np.isfinite(frequency):
        return float("nan")
    spectrum = np.fft.rfft(filled)
    freqs = np.fft.rfftfreq(len(filled), step)
    keep = (freqs >= CYCLE_BAND[0] * frequency) & (freqs <= CYCLE_BAND[1] * frequency)
    kept = np.fft.irfft(np.where(keep, spectrum, 0), len(filled))
    return float(2 * np.sqrt(2) * np.std(kept))


def _cycle_stats(signals: MotionSignals, family: str, frequency: float) -> dict[str, float]:
    if f"{family}_left" not in signals.series:
        return {f"{family}_cycle": cycle_excursion(signals.series[family], frequency, signals.step)}
    per_side = {s: cycle_excursion(signals.side(family, s), frequency, signals.step) for s in SIDES}
    most, least = _trusted_extremes(signals, per_side)
    return {f"{family}_cycle": most, f"{family}_cycle_both": least}


def _trusted_extremes(signals: MotionSignals, per_side: dict[str, float]) -> tuple[float, float]:
    """The largest and smallest of a per-side measure over the sides seen well enough to trust."""
    trusted = [per_side[s] for s in signals.trusted_sides if np.isfinite(per_side[s])]
    return (max(trusted), min(trusted)) if trusted else (float("nan"), float("nan"))


def _family_stats(signals: MotionSignals, family: str) -> dict[str, float]:
    """Excursions of a per-side signal and the levels of its most moving side.

    ``_excursion`` and ``_excursion_both`` (largest and smallest) read only the trusted sides,
    so a hidden limb's jitter never looks like movement where stillness is required;
    ``_excursion_any`` also reads a far limb, which may be the one exercising."""
    per_side = {s: excursion(signals.side(family, s)) for s in SIDES}
    moving = max(SIDES, key=lambda s: np.nan_to_num(per_side[s], nan=-1.0))
    values = signals.side(family, moving)
    most, least = _trusted_extremes(signals, per_side)
    seen = [v for v in per_side.values() if np.isfinite(v)]
    return {
        f"{family}_excursion": most,
        f"{family}_excursion_both": least,
        f"{family}_excursion_any": max(seen) if seen else float("nan"),
        f"{family}_low": percentile(values, 5),
        f"{family}_median": percentile(values, 50),
        f"{family}_high": percentile(values, 95),
    }


def clip_features(signals: MotionSignals) -> dict[str, float]:
    """Every number the recognition model reads, kept in the result as evidence."""
    s = signals.series
    lean = s["trunk_lean"]
    thigh = nan_reduce(
        np.nanmedian, np.stack([s["thigh_incline_left"], s["thigh_incline_right"]]), axis=0
    )
    upright, lying = lean < UPRIGHT_MAX_LEAN, lean > HORIZONTAL_MIN_LEAN
    features = {
        "person_seen_share": float(np.mean(signals.person_seen)) if len(signals.times) else 0.0,
        "duration_s": float(signals.times[-1] - signals.times[0]) if len(signals.times) else 0.0,
        "upright_share": share(upright, lean),
        "horizontal_share": share(lying, lean),
        "seated_share": share(upright & (thigh > 55.0), lean + thigh),
        "hands_on_floor_share": share(s["hands_low"] > 0.9, s["hands_low"]),
        "shoulder_width_ratio": percentile(s["shoulder_width"], 50),
        "legs_seen_share": max(signals.coverage("knee_left"), signals.coverage("knee_right")),
        "knee_sync": correlation(s["knee_left"], s["knee_right"]),
        "trunk_lean_high": percentile(lean, 95),
    }
    frequency = repetition_frequency(signals)
    for family in evidence_families():
        features.update(_cycle_stats(signals, family.name, frequency))
        if family.per_side:
            features.update(_family_stats(signals, family.name))
        else:
            features[f"{family.name}_excursion"] = excursion(s[family.name])
    features["shoulder_stack_lying"] = percentile(s["shoulder_stack"][lying], 50)
    features["leg_spread_low"] = percentile(s["leg_spread"], 5)
    features["ankle_spread_high"] = percentile(s["ankle_spread"], 95)
    features["ankle_stagger_high"] = percentile(s["ankle_stagger"], 95)
    hips = s["hips_over_feet"]
    bottom = percentile(hips, 5) + 0.25 * excursion(hips)
    features["hips_low_share"] = share(hips < bottom, hips) if np.isfinite(bottom) else 0.0
    at_bottom = hips < bottom if np.isfinite(bottom) else np.zeros(len(hips), dtype=bool)
    # Seated on a chair the trunk is upright; at the bottom of a squat it leans the most.
    features["trunk_straightens_at_bottom"] = percentile(lean, 95) - percentile(lean[at_bottom], 50)
    features["keypoint_step"] = percentile(s["keypoint_step"], 50)
    ankles = nan_reduce(np.nanmean, np.stack([s["ankle_lift_left"], s["ankle_lift_right"]]), axis=0)
    features["hips_and_ankles_rise_together"] = correlation(s["hip_height"], ankles)
    return {name: float(value) for name, value in features.items()}


def shows_movement(features: dict[str, float]) -> bool:
    """Whether any family of evidence was seen to move at all in the clip."""
    return any(features[f"{family.name}_excursion"] > 0 for family in evidence_families())
