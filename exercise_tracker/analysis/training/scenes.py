"""Random recordings of every catalog motion and of other movements, for training recognition.

Each scene draws a camera position (any direction around the person, from below to well above),
a speed, a range, a number of repetitions, holds at the far end, body proportions, a size and
place in the frame (sometimes so close that the legs are out of the picture), a drifting camera,
MoveNet-like noise, dropouts and hidden limbs guessed near the seen ones, and how the limbs that
take no part in the movement are held (arms hanging, forward, at the chest, on the hips or on a
bar; feet together or apart; seated where the catalog allows), all from one seed, so the same
seed always gives the same scenes.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..catalog import MOTION_KEYS, SEATED, UNKNOWN, get_motion
from ..pose_track import PoseTrack
from .postures import CATALOG_MOTIONS, OTHER_MOVEMENTS, VARIANTS
from .synthetic import DEFAULT_BODY, SIDES, both, make_track

ARM_ANGLES = ("sh_flex", "sh_abd", "elbow_flex")
LEG_ANGLES = ("hip_flex", "hip_abd", "knee_flex")
CLOSE_UP_SHARE = 0.25  # scenes filmed so close that the legs leave the bottom of the picture


@dataclass(frozen=True)
class Scene:
    label: str  # a catalog key, or UNKNOWN for a movement outside the catalog
    movement: str  # the posture function's name
    track: PoseTrack


def postures_of(label: str) -> tuple:
    return (CATALOG_MOTIONS[label], *VARIANTS.get(label, ()))


def _moving(posture) -> set[str]:
    """The posture's keys whose values change during the movement (over two repetitions)."""
    shapes = [posture(f, k) for f in (0.0, 0.5, 1.0) for k in (0, 1)]
    keys = set().union(*shapes)
    return {key for key in keys if len({repr(shape.get(key)) for shape in shapes}) > 1}


def _standing(posture) -> bool:
    rest = posture(0.0, 0)
    return rest.get("anchor", "feet") in ("feet", *SIDES) and not rest.get("pitch")


def _idle_arms(rng: np.random.Generator) -> dict:
    """How arms that take no part in the movement are held."""
    u = rng.uniform
    return [
        {},  # as the posture has them: hanging
        both(sh_flex=u(60, 90), sh_abd=u(5, 15), elbow_flex=u(0, 20)),  # held forward
        both(sh_flex=u(20, 45), sh_abd=u(10, 25), elbow_flex=u(110, 140)),  # at the chest
        {
            **both(sh_flex=u(-10, 5), sh_abd=u(30, 45), elbow_flex=u(90, 110)),
            "elbow_plane": "coronal",
        },
        {**both(sh_flex=0, sh_abd=u(70, 90), elbow_flex=u(100, 130)), "elbow_plane": "coronal"},
    ][int(rng.integers(5))]


def _idle_legs(rng: np.random.Generator, seated: bool) -> dict:
    """How legs that take no part in the movement stand (or sit, where the motion allows)."""
    if seated and rng.random() < 0.4:
        return {
            **both(hip_flex=rng.uniform(80, 95), knee_flex=rng.uniform(80, 95)),
            "anchor": "pelvis",
        }
    return both(hip_abd=rng.uniform(3, 15))


def with_idle_limbs(posture, label: str, rng: np.random.Generator):
    """``posture`` with the limbs it keeps still held in a randomly drawn way, when standing."""
    if not _standing(posture):
        return posture
    moving = _moving(posture)
    still = {}
    if not any(key.startswith(ARM_ANGLES) for key in moving):
        still.update(_idle_arms(rng))
    if not any(key.startswith((*LEG_ANGLES, "lift", "anchor")) for key in moving):
        seated = label in MOTION_KEYS and SEATED in get_motion(label).orientations
        still.update(_idle_legs(rng, seated))

    def held(f, k):
        return {**posture(f, k), **still}

    held.__name__ = posture.__name__
    return held


def random_scene(posture, label: str, rng: np.random.Generator) -> Scene:
    close_up = _standing(posture) and rng.random() < CLOSE_UP_SHARE
    pixels_per_unit = rng.uniform(90, 180) if close_up else rng.uniform(40, 120)
    size = {part: length * rng.uniform(0.85, 1.15) for part, length in DEFAULT_BODY.items()}
    track = make_track(
        with_idle_limbs(posture, label, rng),
        reps=int(rng.integers(1, 7)),
        period=rng.uniform(1.0, 4.5),
        rest=rng.uniform(0.3, 3.0),
        yaw=rng.uniform(-180, 180),
        tilt=rng.uniform(-15, 35),
        fps=float(rng.choice([6.0, 8.0, 10.0])),
        noise_px=rng.uniform(0.5, 3.0) * pixels_per_unit / 80,
        dropout=rng.uniform(0.0, 0.08),
        amplitude=rng.uniform(0.45, 1.15),
        size=size,
        pixels_per_unit=pixels_per_unit,
        mirror=bool(rng.random() < 0.5),
        seed=int(rng.integers(2**31)),
        hold=rng.uniform(0.0, 0.5) if rng.random() < 0.4 else 0.0,
        floor_row=rng.uniform(1.0, 1.6) if close_up else rng.uniform(0.8, 0.95),
        far_pull=rng.uniform(0.0, 0.8),
        drift=rng.uniform(0.0, 0.3) if rng.random() < 0.3 else 0.0,
    )
    return Scene(label, posture.__name__, track)


def scenes(seed: int, per_motion: int, per_other: int) -> Iterator[Scene]:
    """``per_motion`` scenes of each catalog motion and ``per_other`` of each other movement."""
    rng = np.random.default_rng(seed)
    for label in MOTION_KEYS:
        variants = postures_of(label)
        for i in range(per_motion):
            yield random_scene(variants[i % len(variants)], label, rng)
    for movement in OTHER_MOVEMENTS:
        for _ in range(per_other):
            yield random_scene(movement, UNKNOWN, rng)
