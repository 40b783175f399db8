"""Postures of each catalog motion and of everyday non-exercise movement, as functions of the
repetition phase ``f`` (0 at rest, 1 at the far end) and the repetition's index ``k``."""

import numpy as np

from exercise_tracker.analysis.training.synthetic import both

HANGING_ARMS = both(sh_flex=8, sh_abd=8, elbow_flex=15)


def squat(f, k):
    return {**HANGING_ARMS, **both(hip_flex=85 * f, knee_flex=110 * f), "trunk_lean": 35 * f}


def wide_stance_squat(f, k):
    """Feet wider than the hips, the knees pushed out over the toes as the body goes down."""
    return {
        **HANGING_ARMS,
        **both(hip_flex=85 * f, knee_flex=110 * f, hip_abd=12 + 10 * f),
        "trunk_lean": 35 * f,
    }


def wall_squat(f, k):
    """The back slides down a wall: the trunk stays upright and the knees bend less deep."""
    return {**HANGING_ARMS, **both(hip_flex=70 * f, knee_flex=80 * f), "trunk_lean": 5 * f}


def sit_to_stand(f, k):
    """Seated at rest (f = 0), standing at the far end of each repetition."""
    return {
        **HANGING_ARMS,
        **both(hip_flex=90 * (1 - f), knee_flex=95 * (1 - f)),
        "trunk_lean": 35 * np.sin(np.pi * f),
    }


def lunge(f, k):
    front, back = ("left", "right") if k % 2 == 0 else ("right", "left")
    return {
        **HANGING_ARMS,
        f"hip_flex_{front}": 85 * f,
        f"knee_flex_{front}": 95 * f,
        f"hip_flex_{back}": -30 * f,
        f"knee_flex_{back}": 100 * f,
        "anchor": front,
    }


def split_squat(f, k):
    """A static lunge: the feet stay a stride apart and the body goes straight down, the back
    knee towards the floor; between repetitions the legs never come together (the set keeps one
    leg in front; mirrored scenes give the other)."""
    return {
        **HANGING_ARMS,
        "hip_flex_left": 30 + 55 * f,
        "knee_flex_left": 15 + 80 * f,
        "hip_flex_right": -25 - 5 * f,
        "knee_flex_right": 15 + 85 * f,
        "anchor": "left",
    }


def push_up(f, k):
    pitch, elbow = 72 + 12 * f, 90 * f
    # Elbows flare about 45 degrees from the trunk, as in a standard push-up.
    return {
        **both(sh_flex=pitch - elbow, sh_abd=45, elbow_flex=elbow, hip_flex=0, knee_flex=0),
        "pitch": pitch,
        "anchor": "wrists",
    }


def biceps_curl(f, k):
    return {**both(sh_flex=5, sh_abd=8, elbow_flex=15 + 125 * f)}


def shoulder_press(f, k):
    return {**both(sh_abd=90 + 75 * f, elbow_flex=10 + 95 * (1 - f)), "elbow_plane": "coronal"}


def lateral_raise(f, k):
    return both(sh_abd=10 + 80 * f, elbow_flex=15, sh_flex=5)


def front_raise(f, k):
    return both(sh_flex=5 + 90 * f, elbow_flex=10, sh_abd=5)


def jumping_jack(f, k):
    return {
        **both(sh_abd=15 + 150 * f, elbow_flex=10, hip_abd=3 + 14 * f),
        "lift": 0.1 * f,
        "elbow_plane": "coronal",
    }


def knee_extension(f, k):
    return {
        **both(hip_flex=90, knee_flex=90, sh_flex=15),
        "knee_flex_right": 90 - 75 * f,
        "anchor": "pelvis",
    }


def straight_leg_raise(f, k):
    return {**both(sh_flex=5, sh_abd=10), "pitch": -90, "hip_flex_left": 60 * f, "anchor": "pelvis"}


def heel_slide(f, k):
    return {
        **both(sh_flex=5, sh_abd=10),
        "pitch": -90,
        "hip_flex_left": 55 * f,
        "knee_flex_left": 110 * f,
        "anchor": "pelvis",
    }


def hamstring_curl(f, k):
    return {**HANGING_ARMS, "knee_flex_right": 100 * f, "hip_flex_right": 5 * f}


def hip_abduction(f, k):
    return {**HANGING_ARMS, "hip_abd_left": 3 + 35 * f}


def side_lying_hip_abduction(f, k):
    """Lying on the right side, the upper (left) leg lifted towards the ceiling."""
    return {
        **both(sh_flex=20, sh_abd=10),
        "roll": 90,
        "hip_abd_left": 3 + 40 * f,
        "anchor": "pelvis",
    }


def calf_raise(f, k):
    return {**HANGING_ARMS, "lift": 0.14 * f}


def sit_up(f, k):
    return {
        **both(hip_flex=50, knee_flex=100, sh_flex=20, elbow_flex=90),
        "pitch": -90,
        "trunk_lean": 70 * f,
        "anchor": "pelvis",
    }


def standing_still(f, k):
    return HANGING_ARMS


def walking_in_place(f, k):
    lead, trail = ("left", "right") if k % 2 == 0 else ("right", "left")
    return {
        **HANGING_ARMS,
        f"hip_flex_{lead}": 45 * f,
        f"knee_flex_{lead}": 70 * f,
        f"sh_flex_{lead}": 8 - 20 * f,
        f"sh_flex_{trail}": 8 + 20 * f,
    }


def deadlift(f, k):
    return {
        **both(sh_flex=80 * f, elbow_flex=10, hip_flex=8 * f, knee_flex=20 * f),
        "trunk_lean": 80 * f,
    }


def side_lunge(f, k):
    return {
        **HANGING_ARMS,
        "hip_abd_left": 5 + 35 * f,
        "hip_flex_left": 60 * f,
        "knee_flex_left": 85 * f,
        "hip_abd_right": 5 + 20 * f,
        "trunk_lean": 25 * f,
        "anchor": "left",
    }


def glute_bridge(f, k):
    """Lying on the back with bent knees, the hips lift until the body is straight to the knees."""
    return {
        **both(sh_flex=5, sh_abd=10, hip_flex=60 * (1 - f) + 10, knee_flex=100),
        "pitch": -90 + 30 * f,
        "anchor": "pelvis",
    }


def mountain_climber(f, k):
    lead = "left" if k % 2 == 0 else "right"
    return {
        **both(sh_flex=72, sh_abd=10, elbow_flex=0, hip_flex=0, knee_flex=0),
        f"hip_flex_{lead}": 80 * f,
        f"knee_flex_{lead}": 100 * f,
        "pitch": 72,
        "anchor": "wrists",
    }


def rear_delt_fly(f, k):
    """Bent over at the hips, the hanging arms open out to the sides."""
    return {**both(sh_flex=70, sh_abd=5 + 75 * f, elbow_flex=20, hip_flex=10), "trunk_lean": 70}


def tree_pose(f, k):
    """Standing on one leg, the other foot lifted against the knee, arms sweeping overhead."""
    return {
        **both(sh_abd=10 + 160 * f, elbow_flex=10),
        "hip_flex_left": 40 * f,
        "hip_abd_left": 3 + 45 * f,
        "knee_flex_left": 130 * f,
        "anchor": "right",
    }


CATALOG_MOTIONS = {
    m.__name__: m
    for m in (
        squat,
        sit_to_stand,
        lunge,
        push_up,
        biceps_curl,
        shoulder_press,
        lateral_raise,
        front_raise,
        jumping_jack,
        knee_extension,
        straight_leg_raise,
        heel_slide,
        hamstring_curl,
        hip_abduction,
        calf_raise,
        sit_up,
    )
}

# Postures a catalog motion may be done in, beyond the one named after it.
VARIANTS = {
    "squat": (wide_stance_squat, wall_squat),
    "lunge": (split_squat,),
    "hip_abduction": (side_lying_hip_abduction,),
}

# Movements outside the catalog, which must come out as unknown.
OTHER_MOVEMENTS = (
    standing_still,
    walking_in_place,
    deadlift,
    side_lunge,
    glute_bridge,
    mountain_climber,
    rear_delt_fly,
    tree_pose,
)
