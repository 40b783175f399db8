"""The motion catalog: every exercise the engine can recognise, as data kept in one place.

Recognition rules, repetition counting and range-of-motion reporting all read these entries, so a
motion's tracked joints, views and counting parameters are never restated elsewhere.
"""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class CountedSignal:
    """A signal repetitions can be counted on, and the smallest excursion one repetition has."""

    family: str
    direction: str
    min_excursion: float  # degrees for joint angles, trunk lengths for positions


@dataclass(frozen=True)
class Motion:
    """One catalog motion and the parameters its analysis needs.

    ``primary_signal`` names a signal family from ``signals.py`` (a joint angle measured per side,
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

    @property
    def joints(self) -> tuple[str, ...]:
        """What the motion tracks: its primary signal first, then the ones that qualify it."""
        return (self.primary_signal, *self.secondary_signals)

    @property
    def counted_signals(self) -> tuple[CountedSignal, ...]:
        primary = CountedSignal(self.primary_signal, self.rep_direction, self.min_excursion)
        return (primary, self.fallback) if self.fallback else (primary,)


MOTIONS: tuple[Motion, ...] = (
    Motion(
        "squat",
        "Squat",
        "Standing knee and hip bend with both feet planted, then stand up.",
        "knee",
        ("hip", "trunk_lean", "hip_height"),
        (FRONT, SIDE),
        (UPRIGHT,),
        FALLS,
        35.0,
        0.8,
        True,
        (175.0, 90.0),
        CountedSignal("hips_over_feet", FALLS, 0.35),
    ),
    Motion(
        "sit_to_stand",
        "Sit to stand",
        "Rise from a chair to standing and sit back down.",
        "knee",
        ("hip", "trunk_lean"),
        (SIDE, FRONT),
        (SEATED, UPRIGHT),
        RISES,
        45.0,
        1.2,
        True,
        (90.0, 175.0),
        CountedSignal("hips_over_feet", RISES, 0.35),
    ),
    Motion(
        "lunge",
        "Lunge",
        "Step into a split stance and bend both knees, then return.",
        "knee",
        ("hip", "ankle_spread", "hip_height"),
        (SIDE, FRONT),
        (UPRIGHT,),
        FALLS,
        30.0,
        1.0,
        True,
        (175.0, 90.0),
        CountedSignal("hips_over_feet", FALLS, 0.3),
    ),
    Motion(
        "push_up",
        "Push-up",
        "Lower the straight body on the hands by bending the elbows.",
        "elbow",
        ("shoulder", "hip"),
        (SIDE, FRONT),
        (HORIZONTAL,),
        FALLS,
        35.0,
        0.7,
        True,
        (170.0, 80.0),
        CountedSignal("shoulder_height", FALLS, 0.3),
    ),
    Motion(
        "biceps_curl",
        "Biceps curl",
        "Bend the elbow with the upper arm kept by the side.",
        "elbow",
        ("shoulder",),
        (SIDE, FRONT),
        (UPRIGHT, SEATED),
        FALLS,
        45.0,
        0.8,
        False,
        (165.0, 40.0),
        CountedSignal("wrist_height", RISES, 0.35),
    ),
    Motion(
        "shoulder_press",
        "Shoulder press",
        "Press the hands from shoulder height overhead.",
        "elbow",
        ("shoulder", "wrist_height"),
        (FRONT, SIDE),
        (UPRIGHT, SEATED),
        RISES,
        40.0,
        0.8,
        True,
        (80.0, 170.0),
        CountedSignal("wrist_height", RISES, 0.35),
    ),
    Motion(
        "lateral_raise",
        "Lateral raise (shoulder abduction)",
        "Lift the straight arms out to the side up to shoulder height.",
        "shoulder",
        ("elbow", "wrist_out"),
        (FRONT,),
        (UPRIGHT, SEATED),
        RISES,
        40.0,
        0.8,
        True,
        (15.0, 90.0),
        CountedSignal("wrist_height", RISES, 0.5),
    ),
    Motion(
        "front_raise",
        "Front raise (shoulder flexion)",
        "Lift the straight arms forward up to shoulder height or above.",
        "shoulder",
        ("elbow", "wrist_height"),
        (SIDE,),
        (UPRIGHT, SEATED),
        RISES,
        40.0,
        0.8,
        False,
        (15.0, 90.0),
        CountedSignal("wrist_height", RISES, 0.5),
    ),
    Motion(
        "jumping_jack",
        "Jumping jack",
        "Jump the feet apart while swinging the arms overhead, then back together.",
        "shoulder",
        ("ankle_spread", "elbow"),
        (FRONT,),
        (UPRIGHT,),
        RISES,
        60.0,
        0.4,
        True,
        (20.0, 160.0),
        CountedSignal("wrist_height", RISES, 0.8),
    ),
    Motion(
        "knee_extension",
        "Seated knee extension",
        "Sitting, straighten the knee and lower it.",
        "knee",
        ("hip",),
        (SIDE,),
        (SEATED,),
        RISES,
        30.0,
        1.5,
        False,
        (90.0, 170.0),
    ),
    Motion(
        "straight_leg_raise",
        "Straight leg raise",
        "Lying on the back, lift one straight leg from the hip.",
        "leg_spread",
        ("hip", "knee"),
        (SIDE,),
        (HORIZONTAL,),
        RISES,
        20.0,
        2.0,
        False,
        (0.0, 60.0),
    ),
    Motion(
        "heel_slide",
        "Heel slide",
        "Lying on the back, slide the heel towards the buttock.",
        "knee",
        ("hip",),
        (SIDE,),
        (HORIZONTAL,),
        FALLS,
        30.0,
        2.0,
        False,
        (175.0, 80.0),
    ),
    Motion(
        "hamstring_curl",
        "Standing hamstring curl",
        "Standing, bend one knee to bring the heel up behind while the thigh stays down.",
        "knee",
        ("hip",),
        (SIDE,),
        (UPRIGHT,),
        FALLS,
        40.0,
        0.8,
        False,
        (175.0, 80.0),
    ),
    Motion(
        "hip_abduction",
        "Hip abduction",
        "Lift the straight leg out to the side.",
        "leg_spread",
        ("knee",),
        (FRONT,),
        (UPRIGHT, HORIZONTAL),
        RISES,
        15.0,
        1.0,
        False,
        (5.0, 40.0),
    ),
    Motion(
        "calf_raise",
        "Calf raise",
        "Rise onto the toes with straight knees, then lower.",
        "body_height",
        ("knee",),
        (SIDE, FRONT),
        (UPRIGHT,),
        RISES,
        0.06,
        0.6,
        True,
        (0.0, 0.15),
    ),
    Motion(
        "sit_up",
        "Sit-up",
        "Lying with bent knees, curl the trunk up towards the thighs.",
        "trunk_lean",
        ("hip",),
        (SIDE,),
        (HORIZONTAL, SEATED),
        FALLS,
        30.0,
        1.5,
        True,
        (90.0, 30.0),
    ),
)

MOTION_KEYS: tuple[str, ...] = tuple(motion.key for motion in MOTIONS)
_BY_KEY = {motion.key: motion for motion in MOTIONS}


def get_motion(key: str) -> Motion:
    """The catalog entry for ``key``; raises KeyError for outcomes and unknown keys."""
    return _BY_KEY[key]


def is_motion_key(key: object) -> bool:
    """True when ``key`` names a catalog motion that can be prescribed."""
    return isinstance(key, str) and key in _BY_KEY


def validate_motion_key(key: object) -> str:
    """Return ``key`` if it can be prescribed, else raise ValueError naming the valid keys."""
    if not is_motion_key(key):
        raise ValueError(f"unknown motion {key!r}; expected one of: {', '.join(MOTION_KEYS)}")
    return key


def display_name(key: str) -> str:
    """Human name of a motion or an outcome, for reports."""
    if key in _BY_KEY:
        return _BY_KEY[key].display_name
    return {NO_PERSON: "No person", UNKNOWN: "Unknown motion"}.get(key, key)
