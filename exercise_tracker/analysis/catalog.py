"""The motion catalog: every exercise the engine can recognise, defined once each in
``analysis/motions/``; this module names them and validates keys.
"""

from .motions import MOTIONS
from .motions.motion import (  # noqa: F401  (re-exported: the catalog's vocabulary)
    FALLS,
    FRONT,
    HORIZONTAL,
    NO_PERSON,
    OUTCOME_KEYS,
    RISES,
    SEATED,
    SIDE,
    UNKNOWN,
    UPRIGHT,
    CountedSignal,
    Motion,
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
