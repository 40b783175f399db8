"""What a catalog motion is made of: its signal, counting parameters, views and postures."""

from dataclasses import dataclass
from enum import StrEnum

from ..signal_families import SIGNAL_FAMILIES

NO_PERSON = "no_person"
UNKNOWN = "unknown"
OUTCOME_KEYS = (NO_PERSON, UNKNOWN)

UPRIGHT = "upright"
HORIZONTAL = "horizontal"
SEATED = "seated"

FRONT = "front"
SIDE = "side"

FALLS = "falls"  # the signal drops during a repetition (a knee bending, the hips lowering)
RISES = "rises"  # the signal grows during a repetition (an arm lifting)


class FormCheck(StrEnum):
    """A motion-specific check of how the repetitions were done (each judged in `form.py`)."""

    TRUNK_LEAN = "trunk_lean"  # the chest drops forward at the bottom of a knee bend
    UPPER_ARM_SWING = "upper_arm_swing"  # the elbow leaves the side during a curl


@dataclass(frozen=True)
class CountedSignal:
    """A signal repetitions can be counted on, and the smallest excursion one repetition has."""

    family: str
    direction: str
    min_excursion: float  # degrees for joint angles, trunk lengths for positions


@dataclass(frozen=True)
class Motion:
    """One catalog motion and the parameters its analysis needs.

    ``primary_signal`` names a family of ``signal_families.py`` (a joint angle measured per side,
    or a whole-body signal); ``rep_direction`` says which way it moves during a repetition.
    ``fallback`` is counted instead when the camera cannot see the primary angle (a forearm
    pointing at the lens hides the elbow angle, but the hand still rises).
    """

    key: str
    display_name: str
    description: str
    primary_signal: str
    secondary_signals: tuple[str, ...]
    views: tuple[str, ...]
    orientations: tuple[str, ...]
    rep_direction: str
    min_excursion: float  # smallest primary excursion (degrees, or body-scale units) of a rep
    min_rep_s: float  # shortest believable repetition
    bilateral: bool  # both sides normally move together; otherwise one side at a time
    typical_range: tuple[float, float]  # primary signal at rest and at the end of the movement
    fallback: CountedSignal | None = None
    form_checks: tuple[FormCheck, ...] = ()  # beyond the range and symmetry every motion gets

    def __post_init__(self):
        named = {*self.joints, *(counted.family for counted in self.counted_signals)}
        unknown = sorted(name for name in named if name not in SIGNAL_FAMILIES)
        if unknown:
            raise ValueError(f"{self.key}: no signal family {', '.join(unknown)}")

    @property
    def joints(self) -> tuple[str, ...]:
        """What the motion tracks: its primary signal first, then the ones that qualify it."""
        return (self.primary_signal, *self.secondary_signals)

    @property
    def counted_signals(self) -> tuple[CountedSignal, ...]:
        primary = CountedSignal(self.primary_signal, self.rep_direction, self.min_excursion)
        return (primary, self.fallback) if self.fallback else (primary,)
