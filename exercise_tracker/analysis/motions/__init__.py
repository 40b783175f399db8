"""The motion catalog, one module per motion: each defines ``MOTION``, a ``Motion`` built with
keyword arguments. Adding a motion is one module here and its name in ``MOTION_MODULES``."""

import importlib

# In the order the catalog lists them.
MOTION_MODULES = (
    "squat",
    "sit_to_stand",
    "lunge",
    "push_up",
    "biceps_curl",
    "shoulder_press",
    "lateral_raise",
    "front_raise",
    "jumping_jack",
    "knee_extension",
    "straight_leg_raise",
    "heel_slide",
    "hamstring_curl",
    "hip_abduction",
    "calf_raise",
    "sit_up",
)

MOTIONS = tuple(importlib.import_module(f".{name}", __name__).MOTION for name in MOTION_MODULES)
