"""Random recordings of every catalog motion and of other movements, for training recognition.

Each scene draws a camera position (any direction around the person, from below to well above),
a speed, a range, a number of repetitions, body proportions, a size in the frame and MoveNet-like
noise and dropouts, all from one seed, so the same seed always gives the same scenes.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..catalog import MOTION_KEYS, UNKNOWN
from ..pose_track import PoseTrack
from .postures import CATALOG_MOTIONS, OTHER_MOVEMENTS, VARIANTS
from .synthetic import DEFAULT_BODY, make_track


@dataclass(frozen=True)
class Scene:
    label: str  # a catalog key, or UNKNOWN for a movement outside the catalog
    movement: str  # the posture function's name
    track: PoseTrack


def postures_of(label: str) -> tuple:
    return (CATALOG_MOTIONS[label], *VARIANTS.get(label, ()))


def random_scene(posture, label: str, rng: np.random.Generator) -> Scene:
    pixels_per_unit = rng.uniform(40, 120)
    size = {part: length * rng.uniform(0.85, 1.15) for part, length in DEFAULT_BODY.items()}
    track = make_track(
        posture,
        reps=int(rng.integers(1, 7)),
        period=rng.uniform(1.0, 4.5),
        rest=rng.uniform(0.3, 3.0),
        yaw=rng.uniform(-180, 180),
        tilt=rng.uniform(-15, 35),
        fps=float(rng.choice([6.0, 8.0, 10.0])),
        noise_px=rng.uniform(0.5, 3.0) * pixels_per_unit / 80,
        dropout=rng.uniform(0.0, 0.08),
        amplitude=rng.uniform(0.6, 1.15),
        size=size,
        pixels_per_unit=pixels_per_unit,
        mirror=bool(rng.random() < 0.5),
        seed=int(rng.integers(2**31)),
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
