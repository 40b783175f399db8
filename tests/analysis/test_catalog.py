"""The motion catalog: complete, consistent with the signals and the training postures, and
validating keys."""

import numpy as np
import pytest

from exercise_tracker.analysis.catalog import (
    FALLS,
    MOTION_KEYS,
    MOTIONS,
    NO_PERSON,
    RISES,
    UNKNOWN,
    display_name,
    get_motion,
    is_motion_key,
    validate_motion_key,
)
from exercise_tracker.analysis.signals import compute_signals
from exercise_tracker.analysis.training.postures import CATALOG_MOTIONS, standing_still
from exercise_tracker.analysis.training.synthetic import make_track

REQUIRED = {
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
}


def test_catalog_holds_every_required_motion_once():
    assert REQUIRED <= set(MOTION_KEYS)
    assert len(MOTION_KEYS) == len(set(MOTION_KEYS))


@pytest.mark.parametrize("key", MOTION_KEYS)
def test_every_motion_has_training_postures_and_signals_the_engine_computes(key):
    motion = get_motion(key)
    series = compute_signals(make_track(standing_still, reps=1)).series
    assert key in CATALOG_MOTIONS  # the synthetic recordings the recogniser learns it from
    for counted in motion.counted_signals:
        assert counted.family in series or f"{counted.family}_left" in series
        assert counted.direction in (FALLS, RISES)
    assert motion.views and motion.orientations and motion.description
    assert motion.min_rep_s > 0 and motion.min_excursion > 0


@pytest.mark.parametrize("key", MOTION_KEYS)
def test_prescribable_keys_validate(key):
    assert is_motion_key(key)
    assert validate_motion_key(key) == key


@pytest.mark.parametrize("key", [NO_PERSON, UNKNOWN, "deadlift", "Squat", "", None, 3])
def test_outcomes_and_strangers_cannot_be_prescribed(key):
    assert not is_motion_key(key)
    with pytest.raises(ValueError, match="unknown motion"):
        validate_motion_key(key)


def test_outcomes_have_display_names_but_no_catalog_entry():
    assert display_name(NO_PERSON) == "No person"
    assert display_name("squat") == "Squat"
    with pytest.raises(KeyError):
        get_motion(UNKNOWN)


def test_typical_ranges_move_the_way_repetitions_are_counted():
    for motion in MOTIONS:
        rest, end = motion.typical_range
        assert np.sign(end - rest) == (1 if motion.rep_direction == RISES else -1), motion.key


def test_the_recogniser_knows_every_catalog_motion():
    from exercise_tracker.analysis.recogniser import default_recogniser

    assert set(default_recogniser().classes) == {*MOTION_KEYS, UNKNOWN}
