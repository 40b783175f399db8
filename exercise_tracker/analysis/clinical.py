"""Joint angles in the clinical convention, read from the typed `AnalysisResult`.

The engine measures inner angles between body segments (a straight knee is 180°); a
physiotherapist reads flexion from straight (a straight knee is 0°) and shoulder elevation from
the side of the body. Every picture, report and API answer shows angles through this module, named
with their joint and side, and measured on a side the camera saw well.
"""

from dataclasses import dataclass

from .result import AnalysisResult, SideRange
from .signal_families import SIGNAL_FAMILIES, Unit

STRAIGHT = 180.0
# The engine's own tolerance (range_of_motion.TARGET_TOLERANCE_DEG, checked equal by a test);
# not imported, so the web process reads stored analyses without loading the signal stack.
TARGET_TOLERANCE_DEG = 5.0


@dataclass(frozen=True)
class Measure:
    """How one signal family is read: its clinical name and whether the engine's inner angle is
    turned into flexion from straight (180° - angle)."""

    name: str  # "knee flexion"
    from_straight: bool
    unit: str = "degrees"
    more: str = "highest"  # the extreme a larger value reaches
    less: str = "lowest"  # the extreme a smaller value reaches


def measure_of(family: str | None) -> Measure:
    """The clinical reading of a signal family (as `signal_families` says); positions keep their
    name and are shown in trunk lengths."""
    known = SIGNAL_FAMILIES.get(family or "")
    if known is None:  # stored by an engine that named a family this one does not have
        return Measure((family or "signal").replace("_", " "), False, unit="trunk lengths")
    unit = "degrees" if known.unit == Unit.DEGREES else "trunk lengths"
    return Measure(known.display_name, known.from_straight, unit, known.more, known.less)


def clinical_value(family: str | None, value: float | None) -> float | None:
    if value is None:
        return None
    return STRAIGHT - value if measure_of(family).from_straight else value


def label(family: str | None, side: str | None) -> str:
    """'left knee flexion', 'knee flexion (both sides)', 'hip height'."""
    name = measure_of(family).name
    if side in ("left", "right"):
        return f"{side} {name}"
    if side in ("both", "either"):
        return f"{name} ({'both sides' if side == 'both' else 'either side'})"
    return name


def format_value(family: str | None, value: float | None) -> str:
    if value is None:
        return "-"
    measure = measure_of(family)
    return f"{value:.0f}°" if measure.unit == "degrees" else f"{value:.2f} {measure.unit}"


@dataclass(frozen=True)
class ClinicalRange:
    """The range of one joint on one side, in clinical convention."""

    family: str
    joint: str  # "knee flexion"
    side: str  # "left", "right" or "both"
    unit: str
    rest: float  # where repetitions start: the patient's own rest position
    furthest: float  # the far end of the movement
    excursion: float
    target: tuple[float, float] | None  # the band from rest to the prescribed excursion
    target_met: bool | None
    shortfall: float | None

    @property
    def label(self) -> str:
        return label(self.family, self.side)

    def to_dict(self) -> dict:
        return {
            "joint": self.joint,
            "side": self.side,
            "unit": self.unit,
            "rest": self.rest,
            "furthest": self.furthest,
            "excursion": self.excursion,
            "target": list(self.target) if self.target else None,
            "target_met": self.target_met,
            "shortfall": self.shortfall,
        }


def well_seen(result: AnalysisResult) -> list[SideRange]:
    """The measured sides of the range, keeping only those the camera saw well when it says.

    From the side, the far arm or leg is hidden and its keypoints are guesses: a hidden elbow
    "bent to 162°" at the bottom of a push-up is no measurement.
    """
    rom = result.range_of_motion
    sides = [s for s in (rom.sides if rom else []) if s.excursion is not None]
    trusted = result.sides_seen_well
    if trusted:
        kept = [s for s in sides if s.side == "both" or s.side in trusted]
        return kept or sides
    return sides


def measured_range(result: AnalysisResult, rises: bool | None = None) -> ClinicalRange | None:
    """The range of the primary joint on its best-seen, most-moving side, or None if unmeasured.

    `rises` says whether the clinical value grows during a repetition (flexing a knee); by
    default it is read from the stored target or the repetitions.
    """
    rom = result.range_of_motion
    family = rom.signal if rom else None
    sides = well_seen(result)
    if not family or not sides:
        return None
    best = max(sides, key=lambda s: s.excursion)
    low, high = sorted(clinical_value(family, v) for v in (best.min_value, best.max_value))
    target = rom.target_range
    band = sorted(clinical_value(family, v) for v in target) if target else None
    if rises is None:
        rises = _rises(family, result, band, low, high)
    rest, furthest = (low, high) if rises else (high, low)
    shortfall = met = None
    if band:
        shortfall = round(max(0.0, low - band[0]) + max(0.0, band[1] - high), 1)
        met = shortfall <= TARGET_TOLERANCE_DEG
    return ClinicalRange(
        family,
        measure_of(family).name,
        best.side,
        measure_of(family).unit,
        round(rest, 1),
        round(furthest, 1),
        round(high - low, 1),
        (round(band[0], 1), round(band[1], 1)) if band else None,
        met,
        shortfall,
    )


def _rises(family, result: AnalysisResult, band, low, high) -> bool:
    """Whether the movement goes from the low clinical value to the high one."""
    if band:
        # An anchored band starts at the rest position: whichever end it shares is rest.
        return abs(band[0] - low) <= abs(band[1] - high)
    angle = result.primary_angle
    counted = counted_rises(result) if angle is not None and angle.name == family else None
    return counted is not False


def counted_rises(result: AnalysisResult) -> bool | None:
    """Whether the counted signal's clinical value grows during a repetition (a knee flexing):
    at a repetition's start the joint is at rest, at its peak at the far end. None when the
    signal or the repetitions do not say."""
    angle, reps = result.primary_angle, result.repetitions
    if angle is None or not reps:
        return None
    start = value_near(angle.times, angle.values, reps[0].start_s)
    far = value_near(angle.times, angle.values, reps[0].peak_s)
    if start is None or far is None:
        return None
    return clinical_value(angle.name, far) >= clinical_value(angle.name, start)


def value_near(times: list[float], values: list[float | None], moment: float | None):
    """The measured value closest in time to `moment`, or None."""
    if moment is None:
        return None
    pairs = [(abs(t - moment), v) for t, v in zip(times, values, strict=False) if v is not None]
    return min(pairs)[1] if pairs else None


def turning_point(family: str | None, rises: bool) -> str:
    """The name of a repetition's far end for what the motion does: 'deepest bend', 'highest'."""
    measure = measure_of(family)
    return measure.more if rises else measure.less


def series(result: AnalysisResult) -> tuple[str, str, list[float], list[float | None]] | None:
    """The counted signal over time in clinical convention: (family, side, times, values)."""
    angle = result.primary_angle
    if angle is None or not angle.times:
        return None
    values = [clinical_value(angle.name, v) for v in angle.values or []]
    return angle.name, angle.side or "", angle.times, values
