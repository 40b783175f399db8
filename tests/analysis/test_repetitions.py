"""Repetition counting and range of motion on synthetic sequences of known angles."""

import numpy as np
import pytest

from exercise_tracker.analysis.catalog import get_motion
from exercise_tracker.analysis.engine import analyze_pose_track
from exercise_tracker.analysis.repetitions import count_repetitions
from exercise_tracker.analysis.training.postures import (
    CATALOG_MOTIONS,
    biceps_curl,
    heel_slide,
    jumping_jack,
    squat,
    standing_still,
    walking_in_place,
)
from exercise_tracker.analysis.training.synthetic import concatenate, make_track


@pytest.mark.parametrize(
    "key, yaw",
    [
        ("squat", 90),
        ("squat", 0),
        ("biceps_curl", 90),
        ("push_up", -90),
        ("jumping_jack", 0),
        ("lateral_raise", 0),
        ("lunge", 90),
        ("heel_slide", 90),
        ("shoulder_press", 0),
        ("calf_raise", 90),
    ],
)
@pytest.mark.parametrize("reps", [1, 3, 7])
def test_counts_every_repetition(key, yaw, reps):
    period = 1.2 if key == "jumping_jack" else 2.5
    track = make_track(
        CATALOG_MOTIONS[key],
        reps=reps,
        period=period,
        yaw=yaw,
        noise_px=2.0,
        dropout=0.02,
        seed=reps,
    )
    assert analyze_pose_track(track, key).rep_count == reps


def test_jitter_while_getting_into_position_is_not_counted():
    rng = np.random.default_rng(1)
    wiggles = rng.normal(0, 4, 40)

    def fidgety_squat(f, k):
        return squat(f, k)

    track = make_track(fidgety_squat, reps=3, rest=4.0, yaw=90, noise_px=3.0, seed=9)
    times = track.timestamps
    values = np.full(len(times), 175.0)
    values[:40] += wiggles
    assert analyze_pose_track(track, "squat").rep_count == 3
    assert count_repetitions(values, times, get_motion("squat").counted_signals[0], 0.8) == []


STEP = 0.1
STANDING = 175.0  # knee angle, degrees
PAUSE = 5  # samples at rest before and after each squat
SQUAT = 20  # samples of one squat


def _squats(depths, rest_s=0.0):
    """Knee angle of squats from standing to STANDING - depth, with pauses between them and
    ``rest_s`` of standing before and after."""
    rest = np.full(int(rest_s / STEP), STANDING)
    pause = np.full(PAUSE, STANDING)
    dips = [STANDING - d * (1 - np.cos(np.linspace(0, 2 * np.pi, SQUAT))) / 2 for d in depths]
    values = np.concatenate([rest, pause] + [np.concatenate([dip, pause]) for dip in dips] + [rest])
    return values, np.arange(len(values)) * STEP


def _count(values, times):
    return count_repetitions(values, times, get_motion("squat").counted_signals[0], 0.8)


def _cut_in_last_squat(samples):
    """Three squats, the recording stopped ``samples`` into the third."""
    values, times = _squats([80, 80, 80])
    end = PAUSE + 2 * (SQUAT + PAUSE) + samples
    return values[:end], times[:end]


@pytest.mark.parametrize("rest_s", [0.5, 5.0, 30.0])
def test_how_long_the_patient_rests_around_the_set_does_not_change_the_count(rest_s):
    """Three squats and a shallow dip between them: what counts as a repetition is judged
    against how far the knee moved, not against how the clip's time was spent."""
    counted = _count(*_squats([80, 80, 25, 80], rest_s))
    assert len(counted) == 3
    assert all(r.min_value == pytest.approx(95.0, abs=1.0) for r in counted)


@pytest.mark.parametrize("key", ["heel_slide", "squat", "biceps_curl"])
def test_walking_in_and_standing_about_are_not_counted(key):
    walking = make_track(walking_in_place, reps=6, period=1.0, yaw=90, seed=1)
    exercise = make_track(CATALOG_MOTIONS[key], reps=5, yaw=90, noise_px=2.0, seed=2)
    standing = make_track(standing_still, reps=2, yaw=90, seed=3)
    result = analyze_pose_track(concatenate(walking, exercise, standing), prescribed_motion=key)
    assert result.rep_count == 5


def test_repetition_timing_and_extremes():
    track = make_track(biceps_curl, reps=3, period=3.0, rest=2.0, yaw=90, seed=4)
    repetitions = analyze_pose_track(track, "biceps_curl").repetitions
    assert [r.peak_s for r in repetitions] == pytest.approx([3.5, 6.5, 9.5], abs=0.25)
    for rep in repetitions:
        assert rep.start_s < rep.peak_s < rep.end_s
        assert 1.5 <= rep.duration_s <= 3.2
        assert rep.min_value == pytest.approx(40.0, abs=6)  # elbow bent to 180 - 140
        assert rep.max_value > 150


@pytest.mark.parametrize(
    "motion, key, low, high",
    [
        (squat, "squat", 70.0, 180.0),
        (biceps_curl, "biceps_curl", 40.0, 165.0),
        (heel_slide, "heel_slide", 70.0, 180.0),
    ],
)
def test_range_of_motion_matches_the_generated_angles(motion, key, low, high):
    rom = analyze_pose_track(make_track(motion, reps=3, yaw=90, seed=2), key).range_of_motion
    best = max((s for s in rom.sides if s.excursion is not None), key=lambda s: s.excursion)
    assert rom.unit == "degrees"
    assert best.min_value == pytest.approx(low, abs=5)
    assert best.max_value == pytest.approx(high, abs=5)


def test_target_range_is_compared_with_what_was_reached():
    track = make_track(squat, reps=3, yaw=90, seed=2)
    reached = analyze_pose_track(track, "squat", target_range=(80, 170)).range_of_motion
    assert reached.target_met is True
    missed = analyze_pose_track(track, "squat", target_range=(45, 170))
    assert missed.range_of_motion.target_met is False
    assert missed.range_of_motion.shortfall == pytest.approx(25, abs=5)
    assert "target_not_met" in {w.code for w in missed.warnings}


def test_shallow_repetitions_are_flagged_incomplete():
    def shallow_squat(f, k):
        return squat(0.35 * f, k)

    result = analyze_pose_track(make_track(shallow_squat, reps=4, yaw=90, seed=3), "squat")
    assert result.rep_count == 4
    assert "incomplete_range" in {w.code for w in result.warnings}


def test_asymmetric_sides_are_flagged():
    def one_sided_jack(f, k):
        return {**jumping_jack(f, k), "sh_abd_right": 15 + 60 * f}

    result = analyze_pose_track(
        make_track(one_sided_jack, reps=5, period=1.2, seed=3), "jumping_jack"
    )
    assert "asymmetry" in {w.code for w in result.warnings}


@pytest.mark.parametrize("yaw", [0, 90])
def test_a_swinging_upper_arm_in_a_curl_is_flagged(yaw):
    def swinging_curl(f, k):
        return {**biceps_curl(f, k), "sh_flex_left": 5 + 45 * f, "sh_flex_right": 5 + 45 * f}

    strict = analyze_pose_track(make_track(biceps_curl, reps=4, yaw=yaw, seed=2), "biceps_curl")
    swung = analyze_pose_track(make_track(swinging_curl, reps=4, yaw=yaw, seed=2), "biceps_curl")
    assert "upper_arm_swing" in {w.code for w in swung.warnings}
    assert "upper_arm_swing" not in {w.code for w in strict.warnings}


def test_a_squat_leaning_far_forward_is_flagged():
    def leaning_squat(f, k):
        return {**squat(f, k), "trunk_lean": 65 * f}

    upright = analyze_pose_track(make_track(squat, reps=3, yaw=90, seed=2), "squat")
    leaning = analyze_pose_track(make_track(leaning_squat, reps=3, yaw=90, seed=2), "squat")
    assert "trunk_lean" in {w.code for w in leaning.warnings}
    assert "trunk_lean" not in {w.code for w in upright.warnings}
    assert leaning.rep_count == 3


def test_target_excursion_is_measured_from_the_patients_own_rest_position():
    track = make_track(squat, reps=3, yaw=90)
    reached = analyze_pose_track(track, "squat", target_range=60).range_of_motion
    assert reached.target_met is True
    low, high = reached.target_range
    assert high - low == pytest.approx(60)
    best_rest = max(side.max_value for side in reached.sides if side.max_value is not None)
    assert high == best_rest  # anchored at the straight knee this patient showed
    missed = analyze_pose_track(track, "squat", target_range=170)
    assert missed.range_of_motion.target_met is False
    assert missed.range_of_motion.shortfall > 0
    assert "target_not_met" in {w.code for w in missed.warnings}


@pytest.mark.parametrize("cut_after", [10, 13, 16])  # samples into the last squat (10: bottom)
def test_a_repetition_the_clip_ends_in_counts_once_it_reached_the_far_end(cut_after):
    whole = _count(*_squats([80, 80, 80]))
    values, times = _cut_in_last_squat(cut_after)
    cut = _count(values, times)
    assert len(whole) == len(cut) == 3
    assert cut[-1].min_value == pytest.approx(whole[-1].min_value, abs=3.0)
    assert cut[-1].end_s == pytest.approx(times[-1])


@pytest.mark.parametrize("cut_after", [4, 6])  # on the way down, far from the bottom
def test_a_repetition_cut_off_before_its_far_end_does_not_count(cut_after):
    assert len(_count(*_cut_in_last_squat(cut_after))) == 2


def test_a_clip_that_opens_at_the_far_end_does_not_count_the_starting_position():
    """Already crouched when the recording starts: only the way up is seen, not a repetition."""
    values, times = _squats([80, 80, 80])
    opens_low = values[PAUSE + SQUAT // 2 :]  # at the bottom of the first squat
    assert len(_count(opens_low, times[: len(opens_low)])) == 2
