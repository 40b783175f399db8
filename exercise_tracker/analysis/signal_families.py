"""Every kind of signal the engine measures, in one table: the body parts it is computed from, its
unit, and how a physiotherapist reads it.

Signals computes them, quality checks the parts are seen, range of motion reports the unit and
the clinical reading names them. Plain data without numpy, so that the web process can read stored
analyses without loading the signal stack.
"""

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    DEGREES = "degrees"
    BODY_SCALE = "body_scale"  # trunk lengths: positions divided by the person's own size


@dataclass(frozen=True)
class SignalFamily:
    """One kind of signal. A per-side family is stored as ``<name>_left`` and ``<name>_right``.

    ``angle`` names the three points of a per-side joint angle (first, vertex, last); ``parts``
    the keypoints (without side) that must be seen for the signal to be trusted. ``evidence``:
    how far it moves is read by the recogniser (`features.clip_features`). ``clinical_name``,
    ``from_straight``, ``more`` and ``less`` say how it is shown: flexion is read from straight
    (180° minus the inner angle), and ``more``/``less`` name the extremes a repetition reaches.
    """

    name: str
    unit: Unit
    parts: tuple[str, ...]
    per_side: bool = False
    angle: tuple[str, str, str] | None = None
    evidence: bool = False
    clinical_name: str | None = None
    from_straight: bool = False
    more: str = "highest"
    less: str = "lowest"

    @property
    def display_name(self) -> str:
        return self.clinical_name or self.name.replace("_", " ")


def _joint(name, first, vertex, last, clinical_name, **reading):
    points = (first, vertex, last)
    return SignalFamily(
        name,
        Unit.DEGREES,
        points,
        per_side=True,
        angle=points,
        evidence=True,
        clinical_name=clinical_name,
        **reading,
    )


def _position(name, *parts, per_side=False, unit=Unit.BODY_SCALE, evidence=True, **reading):
    return SignalFamily(name, unit, parts, per_side=per_side, evidence=evidence, **reading)


FLEXION = {"from_straight": True, "more": "deepest bend", "less": "straightest"}

SIGNAL_FAMILIES: dict[str, SignalFamily] = {
    family.name: family
    for family in (
        # Per-side joint angles. The shoulder angle is the upper arm against the trunk, so it is
        # measured at the shoulder between the hip and the elbow.
        _joint(
            "elbow",
            "shoulder",
            "elbow",
            "wrist",
            "elbow flexion",
            **FLEXION | {"more": "most bent"},
        ),
        _joint("shoulder", "hip", "shoulder", "elbow", "shoulder elevation"),
        _joint("hip", "shoulder", "hip", "knee", "hip flexion", **FLEXION),
        _joint("knee", "hip", "knee", "ankle", "knee flexion", **FLEXION),
        # Per-side positions and directions.
        _position("wrist_height", "shoulder", "wrist", per_side=True),
        _position("elbow_height", "shoulder", "elbow", per_side=True),
        _position("wrist_out", "shoulder", "wrist", per_side=True),
        _position("thigh_incline", "hip", "knee", per_side=True, unit=Unit.DEGREES, evidence=False),
        _position("ankle_lift", "ankle", per_side=True),
        # The whole body.
        _position(
            "trunk_lean",
            "shoulder",
            "hip",
            unit=Unit.DEGREES,
            clinical_name="trunk lean from vertical",
            more="most upright",
        ),
        _position("leg_spread", "hip", "knee", unit=Unit.DEGREES, more="widest", less="narrowest"),
        _position("ankle_spread", "ankle"),
        _position("ankle_stagger", "ankle"),
        _position("shoulder_height", "shoulder", "wrist"),
        _position("wrist_spread", "wrist"),
        _position("shoulder_width", "shoulder", "hip", evidence=False),
        # How far one shoulder is above the other: lying on the side they are stacked, lying on
        # the back side by side, whatever the camera's direction.
        _position("shoulder_stack", "shoulder", "hip", evidence=False),
        _position("hip_height", "hip"),
        _position("hips_over_feet", "hip", "ankle"),
        _position("body_height", "shoulder", "hip", "ankle"),
        _position("hands_low", "wrist", "ankle", evidence=False),
        _position("keypoint_step", evidence=False),
    )
}


def signal_family(name: str) -> SignalFamily:
    """The family of a signal; a name no family has is a programming error, said at once."""
    try:
        return SIGNAL_FAMILIES[name]
    except KeyError:
        raise KeyError(f"no signal family {name!r}; see signal_families.py") from None


def joint_angles() -> tuple[SignalFamily, ...]:
    return tuple(f for f in SIGNAL_FAMILIES.values() if f.angle)


def evidence_families() -> tuple[SignalFamily, ...]:
    return tuple(f for f in SIGNAL_FAMILIES.values() if f.evidence)
