"""Recognition on synthetic stick figures: every motion from the views the catalog allows, noisy
and with lost keypoints; everyday movement and look-alike exercises are not called exercises."""

from dataclasses import replace

import numpy as np
import pytest

from exercise_tracker.analysis.catalog import FRONT, MOTIONS, NO_PERSON, UNKNOWN
from exercise_tracker.analysis.engine import analyze_pose_track
from exercise_tracker.analysis.training.postures import (
    CATALOG_MOTIONS,
    VARIANTS,
    biceps_curl,
    deadlift,
    side_lunge,
    squat,
    standing_still,
    walking_in_place,
)
from exercise_tracker.analysis.training.synthetic import make_track, track_from

YAWS = {FRONT: (0,), "side": (90, -90)}
CASES = [(m.key, yaw) for m in MOTIONS for view in m.views for yaw in YAWS[view]]


def test_each_motion_is_recognised_from_its_views():
    """Fresh synthetic recordings (seeds the fit never used) from every view the catalog says
    shows each motion: the fitted model must get nearly all of them."""
    wrong = []
    for key, yaw in CASES:
        motion = CATALOG_MOTIONS[key]
        track = make_track(motion, reps=4, yaw=yaw, noise_px=2.0, dropout=0.03, seed=7)
        result = analyze_pose_track(track)
        if result.predicted_motion != key:
            wrong.append((key, yaw, result.predicted_motion))
    assert len(wrong) <= 0.1 * len(CASES), wrong


def test_each_form_a_motion_is_prescribed_in_is_recognised_as_that_motion():
    """The other forms a motion is done in (a wide-stance or wall squat, a split-stance lunge,
    hip abduction lying on the side), filmed from the front and both sides, with ten seeds the
    fit never used. One seed's dozen recordings said too little: the model fitted before the
    cycle amplitudes misread 1 of seed 11's 12 but 23 of these 120, and now 25. Both read a
    wide-stance squat filmed from the front as a lunge on every seed (a known defect, see the
    README), so the check is on the share, which must not grow."""
    cases = [
        (key, variant, yaw, seed)
        for key, variants in VARIANTS.items()
        for variant in variants
        for yaw in (0, 90, -90)
        for seed in range(11, 21)
    ]
    wrong = []
    for key, variant, yaw, seed in cases:
        track = make_track(variant, reps=4, yaw=yaw, noise_px=2.0, dropout=0.03, seed=seed)
        got = analyze_pose_track(track).predicted_motion
        if got != key:
            wrong.append((variant.__name__, yaw, got))
    assert len(wrong) <= 0.25 * len(cases), wrong
    side_views = [case for case in wrong if case[1] != 0 and case[0] != "side_lying_hip_abduction"]
    assert len(side_views) <= 0.05 * len(cases), side_views  # squats and lunges seen side-on


def test_oblique_camera_still_recognises_common_exercises():
    keys = ["squat", "biceps_curl", "lateral_raise", "push_up"]
    got = [
        analyze_pose_track(make_track(CATALOG_MOTIONS[k], reps=4, yaw=40, noise_px=2.0, seed=3))
        for k in keys
    ]
    assert sum(r.predicted_motion == k for r, k in zip(got, keys, strict=True)) >= 3


def test_everyday_movement_and_exercises_outside_the_catalog_are_unknown():
    movements = (standing_still, walking_in_place, deadlift, side_lunge)
    cases = [(m, yaw) for m in movements for yaw in (0, 90)]
    tracks = [make_track(m, reps=5, yaw=yaw, noise_px=2.0, seed=5) for m, yaw in cases]
    results = [analyze_pose_track(track) for track in tracks]
    assert all(result.is_match is None for result in results)
    unknown = [r.predicted_motion == UNKNOWN for r in results]
    assert sum(unknown) >= len(cases) - 1, [r.predicted_motion for r in results]


def test_random_jitter_is_unknown():
    rng = np.random.default_rng(0)
    times = np.arange(0, 12, 0.1)
    keypoints = np.concatenate(
        [rng.uniform(0.2, 0.8, (len(times), 17, 2)), rng.uniform(0.4, 0.9, (len(times), 17, 1))],
        axis=2,
    )
    assert analyze_pose_track(track_from(times, keypoints)).predicted_motion == UNKNOWN


@pytest.mark.parametrize("key", sorted(CATALOG_MOTIONS))
def test_a_posture_held_without_moving_is_no_exercise(key):
    """Whatever the fitted model makes of the posture, no movement means no exercise."""
    track = make_track(CATALOG_MOTIONS[key], reps=3, noise_px=0.0, yaw=30)
    held = np.repeat(track.keypoints[len(track) // 2][None], len(track), axis=0)
    result = analyze_pose_track(replace(track, keypoints=held), key)
    assert result.predicted_motion == UNKNOWN
    assert result.match_status == "cant_tell"


def test_no_person_when_the_body_is_not_seen():
    track = make_track(squat, reps=3)
    keypoints = track.keypoints.copy()
    keypoints[:, :, 2] = 0.05
    result = analyze_pose_track(replace(track, keypoints=keypoints))
    assert result.predicted_motion == NO_PERSON
    assert result.rep_count == 0


def test_prescription_does_not_change_what_is_recognised():
    track = make_track(squat, reps=3, yaw=90)
    for prescribed in (None, "squat", "biceps_curl", "push_up"):
        assert analyze_pose_track(track, prescribed).predicted_motion == "squat"


def test_a_clear_clip_of_the_prescribed_motion_is_a_match():
    result = analyze_pose_track(make_track(squat, reps=3, yaw=90), "squat")
    assert (result.match_status, result.is_match) == ("match", True)
    assert result.filming_hint is None
    assert analyze_pose_track(make_track(squat, reps=3, yaw=90)).match_status is None


def test_another_exercise_clearly_shown_is_a_mismatch_that_names_it():
    result = analyze_pose_track(make_track(squat, reps=3, yaw=90), "biceps_curl")
    assert (result.match_status, result.is_match) == ("mismatch", False)
    assert "Squat" in result.match_reason
    assert "motion_mismatch" in {w.code for w in result.warnings}


def test_no_person_is_cant_tell_with_a_filming_hint():
    track = make_track(squat, reps=3)
    keypoints = track.keypoints.copy()
    keypoints[:, :, 2] = 0.05
    result = analyze_pose_track(replace(track, keypoints=keypoints), "squat")
    assert (result.match_status, result.is_match) == ("cant_tell", None)
    assert "whole body" in result.filming_hint
    assert "motion_mismatch" not in {w.code for w in result.warnings}


def test_a_view_that_hides_the_motion_is_cant_tell_and_says_where_to_film():
    result = analyze_pose_track(make_track(standing_still, reps=3, yaw=90), "lateral_raise")
    assert (result.match_status, result.is_match) == ("cant_tell", None)
    assert "front" in result.filming_hint


def test_a_curl_is_not_a_match_for_a_prescribed_squat():
    result = analyze_pose_track(make_track(biceps_curl, reps=4, yaw=90), "squat")
    assert result.is_match is not True
    assert result.rep_count == 0


@pytest.mark.parametrize("leg", ["left", "right"])
def test_one_leg_motions_on_either_side(leg):
    def hamstring_curl(f, k):
        return {**standing_still(f, k), f"knee_flex_{leg}": 100 * f}

    for yaw in (90, -90):
        result = analyze_pose_track(make_track(hamstring_curl, reps=4, yaw=yaw, seed=2))
        assert result.predicted_motion == "hamstring_curl"
        assert result.rep_count == 4


def test_scores_and_evidence_explain_every_motion():
    result = analyze_pose_track(make_track(squat, reps=3, yaw=90))
    assert set(result.scores) == {m.key for m in MOTIONS}
    assert all(0.0 <= score <= 1.0 for score in result.scores.values())
    assert sum(result.scores.values()) <= 1.0 + 1e-6
    criteria = result.evidence["criteria"]["squat"]
    assert criteria and sum(criteria.values()) > 0  # the evidence raised the squat's score
    assert result.evidence["features"]["knee_excursion"] > 60


def test_confidence_is_lower_when_the_evidence_is_weak():
    clear = analyze_pose_track(make_track(biceps_curl, reps=4, yaw=90, seed=1))

    def shallow_curl(f, k):
        return biceps_curl(0.45 * f, k)

    weak = analyze_pose_track(make_track(shallow_curl, reps=4, yaw=90, seed=1))
    assert weak.confidence_score < clear.confidence_score


def test_confidence_means_what_it_says_on_varied_recordings():
    """Random motions, camera angles, depths, tempos, noise and lost keypoints: answers given
    with confidence of 0.9 or more must be right at least nine times in ten."""
    rng = np.random.default_rng(11)
    outside = [standing_still, walking_in_place, deadlift, side_lunge]
    motions = list(CATALOG_MOTIONS.items()) + [(UNKNOWN, m) for m in outside]
    confident = []
    for seed in range(120):
        truth, motion = motions[rng.integers(len(motions))]
        depth = rng.uniform(0.5, 1.1)
        track = make_track(
            lambda f, k, motion=motion, depth=depth: motion(min(1.0, depth * f), k),
            reps=int(rng.integers(1, 8)),
            period=rng.uniform(1.2, 3.5),
            yaw=float(rng.choice([0, 90, -90, rng.uniform(-90, 90)])),
            noise_px=rng.uniform(1, 5),
            dropout=rng.uniform(0, 0.1),
            seed=seed,
        )
        result = analyze_pose_track(track)
        if result.confidence_score >= 0.9:
            confident.append(result.predicted_motion == truth)
    # The temperature is fitted on real clips, where the model is less sure than on synthetic
    # ones, so few synthetic answers reach 0.9 (how many moves with the fitted temperature: 13
    # at 1.588, 8 at 1.604, the rest just under 0.9); those that do must still be right.
    assert len(confident) >= 5
    assert np.mean(confident) >= 0.9
