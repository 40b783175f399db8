"""How far a joint moves in step with the repetitions: the recogniser's evidence of movement."""

import numpy as np
import pytest

from exercise_tracker.analysis.features import (
    clip_features,
    cycle_excursion,
    repetition_frequency,
)
from exercise_tracker.analysis.signals import MotionSignals, compute_signals
from exercise_tracker.analysis.training.postures import CATALOG_MOTIONS
from exercise_tracker.analysis.training.synthetic import make_track

STEP = 0.1  # seconds between frames, as the engine samples


def repeating(period_s: float, size: float, duration_s: float) -> np.ndarray:
    """A joint bending ``size`` degrees and back once every ``period_s`` seconds."""
    t = np.arange(0, duration_s, STEP)
    return 90.0 + 0.5 * size * (1 - np.cos(2 * np.pi * t / period_s))


def once(size: float, duration_s: float, at_s: float = 3.0, held_s: float = 6.0) -> np.ndarray:
    """A joint that moves ``size`` degrees in a second, holds there ``held_s`` seconds (the
    patient getting ready, or resting a hand on a rail) and comes back: still otherwise."""
    t = np.arange(0, duration_s, STEP)
    away = np.clip(t - at_s, 0, 1) - np.clip(t - at_s - 1 - held_s, 0, 1)
    return 170.0 - size * (0.5 - 0.5 * np.cos(np.pi * away))


def signals_of(**series: np.ndarray) -> MotionSignals:
    frames = len(next(iter(series.values())))
    return MotionSignals(
        times=np.arange(frames) * STEP,
        points=np.full((frames, 17, 2), np.nan),
        series=series,
        body_scale=100.0,
        person_seen=np.ones(frames, dtype=bool),
        side_scores={"left": 0.8, "right": 0.8},
    )


@pytest.mark.parametrize("period_s", [1.0, 2.5, 6.0])
def test_a_repeating_joint_s_cycle_excursion_is_how_far_it_bends(period_s):
    values = repeating(period_s, 80.0, 30.0)
    assert cycle_excursion(values, 1 / period_s, STEP) == pytest.approx(80.0, rel=0.1)


def test_a_joint_that_moved_once_while_getting_ready_barely_counts():
    values = once(80.0, 30.0)
    whole_clip = np.percentile(values, 95) - np.percentile(values, 5)
    assert whole_clip > 40.0
    assert cycle_excursion(values, 1 / 2.5, STEP) < 0.3 * whole_clip


def test_the_repetition_frequency_follows_the_limbs_that_repeat_not_one_that_moved_once():
    knees = repeating(2.5, 80.0, 30.0)
    signals = signals_of(
        knee_left=knees,
        knee_right=knees + 2.0,
        hip_left=repeating(2.5, 60.0, 30.0),
        shoulder_left=once(150.0, 30.0),
        elbow_left=once(120.0, 30.0, at_s=20.0),
    )
    assert repetition_frequency(signals) == pytest.approx(1 / 2.5, rel=0.1)


def test_speed_changes_the_frequency_not_the_size():
    """The band is read relative to the repetition frequency, so a slower patient's
    repetitions are as large as a faster one's."""
    for period_s in (1.4, 2.0, 2.9):
        values = repeating(period_s, 60.0, 12 * period_s)
        frequency = repetition_frequency(signals_of(knee_left=values, knee_right=values))
        assert frequency == pytest.approx(1 / period_s, rel=0.12)
        assert cycle_excursion(values, frequency, STEP) == pytest.approx(60.0, rel=0.15)


def test_a_synthetic_squat_moves_its_knees_in_cycle_and_not_its_elbows():
    features = clip_features(
        compute_signals(make_track(CATALOG_MOTIONS["squat"], reps=5, yaw=90, seed=3))
    )
    assert features["knee_cycle"] > 40.0
    assert features["knee_cycle"] > 4 * features["elbow_cycle"]


def test_too_little_seen_tells_nothing():
    values = repeating(2.0, 60.0, 20.0)
    values[::2] = np.nan
    values[1::4] = np.nan
    assert np.isnan(cycle_excursion(values, 0.5, STEP))
    assert np.isnan(repetition_frequency(signals_of(knee_left=np.full(5, np.nan))))
