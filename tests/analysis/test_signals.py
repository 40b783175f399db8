"""Signals: angles in pixels, masking and gap filling, glitch rejection, orientation and view."""

from dataclasses import replace

import numpy as np
import pytest

from exercise_tracker.analysis.features import clip_features
from exercise_tracker.analysis.keypoint_cleaning import reject_spikes, unswap_limbs
from exercise_tracker.analysis.keypoints import KEYPOINT_INDEX as K
from exercise_tracker.analysis.signals import compute_signals, joint_angle
from exercise_tracker.analysis.training.postures import (
    biceps_curl,
    push_up,
    side_lying_hip_abduction,
    standing_still,
    straight_leg_raise,
)
from exercise_tracker.analysis.training.synthetic import make_track, track_from


def test_joint_angle_of_right_and_straight_angles():
    a, b = np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros((2, 2))
    c = np.array([[0.0, 1.0], [0.0, -1.0]])
    assert joint_angle(a, b, c) == pytest.approx([90.0, 180.0])


def test_angles_are_measured_in_pixels_not_normalised_units():
    # An elbow bent at a true right angle in a 1280x720 frame is not one in normalised units.
    track = make_track(standing_still, reps=1)
    keypoints = track.keypoints.copy()
    shoulder, elbow, wrist = (0.3, 0.5), (0.3 + 200 / 720, 0.5), (0.3 + 200 / 720, 0.5 + 200 / 1280)
    for name, (y, x) in (("left_shoulder", shoulder), ("left_elbow", elbow), ("left_wrist", wrist)):
        keypoints[:, K[name], :2] = (y, x)
    wide = replace(track_from(track.timestamps, keypoints), frame_width=1280, frame_height=720)
    elbow_angle = compute_signals(wide).series["elbow_left"]
    assert np.nanmedian(elbow_angle) == pytest.approx(90.0, abs=1.0)


def _with_scores(track, joint: str, frames: slice, score: float):
    keypoints = track.keypoints.copy()
    keypoints[frames, K[joint], 2] = score
    return replace(track, keypoints=keypoints)


def test_short_gaps_of_unsure_keypoints_are_bridged_and_long_ones_left_unknown():
    track = make_track(biceps_curl, reps=3, rest=3.0)
    bridged = compute_signals(_with_scores(track, "left_wrist", slice(10, 13), 0.05))
    assert np.isfinite(bridged.series["elbow_left"][5:25]).all()
    lost = compute_signals(_with_scores(track, "left_wrist", slice(20, 60), 0.05))
    assert np.isnan(lost.series["elbow_left"][30:50]).all()


def test_a_single_frame_glitch_is_rejected():
    values = np.linspace(100.0, 120.0, 30)
    values[12] = 300.0
    cleaned = reject_spikes(values, floor=10.0)
    assert np.isnan(cleaned[12])
    assert np.isfinite(np.delete(cleaned, 12)).all()


def test_left_and_right_legs_swapped_by_the_model_are_relabelled():
    t = np.arange(40)
    xy = np.full((40, 17, 2), 100.0)
    for side, offset in (("left", 0.0), ("right", 80.0)):
        for part, height in (("knee", 300.0), ("ankle", 400.0)):
            xy[:, K[f"{side}_{part}"]] = np.stack([offset + t, height + 0 * t], axis=1)
    swapped = xy.copy()
    for part in ("knee", "ankle"):
        left, right = K[f"left_{part}"], K[f"right_{part}"]
        swapped[15:18, [left, right]] = xy[15:18, [right, left]]
    swapped[20, K["left_knee"]] = np.nan  # a missing joint is no reason to relabel
    restored = unswap_limbs(swapped)
    assert np.allclose(restored[15:18], xy[15:18])
    assert np.array_equal(np.isnan(restored), np.isnan(swapped))


def test_smoothing_reduces_keypoint_jitter():
    noisy = compute_signals(make_track(standing_still, reps=2, noise_px=3.0, seed=4))
    assert np.nanstd(noisy.series["knee_left"]) < 4.0


@pytest.mark.parametrize(
    "motion, yaw, upright",
    [(standing_still, 0, True), (push_up, 90, False), (straight_leg_raise, -90, False)],
)
def test_body_orientation(motion, yaw, upright):
    features = clip_features(compute_signals(make_track(motion, yaw=yaw)))
    assert (features["upright_share"] > 0.9) is upright
    assert (features["horizontal_share"] > 0.9) is not upright


def test_front_and_side_views_are_told_apart_by_shoulder_width():
    front = clip_features(compute_signals(make_track(standing_still, yaw=0)))
    side = clip_features(compute_signals(make_track(standing_still, yaw=90)))
    assert front["shoulder_width_ratio"] > 0.6 > 0.2 > side["shoulder_width_ratio"]


@pytest.mark.parametrize(
    "motion, yaw",
    # Cameras from which the trunk is seen along its length (end-on it gives no lean at all).
    [(side_lying_hip_abduction, yaw) for yaw in (0, 60, 120, 180, -60, -120)]
    + [(straight_leg_raise, yaw) for yaw in (60, 90, 120, -60, -90, -120)],
)
@pytest.mark.parametrize("mirror", [False, True])
def test_lying_on_the_side_is_told_from_lying_on_the_back_from_any_direction(motion, yaw, mirror):
    track = make_track(motion, yaw=yaw, tilt=10, mirror=mirror)
    stack = clip_features(compute_signals(track))["shoulder_stack_lying"]
    if motion is side_lying_hip_abduction:
        assert stack > 0.5
    else:
        assert stack < 0.25


def test_shoulder_stack_is_not_read_standing():
    features = clip_features(compute_signals(make_track(standing_still, yaw=30)))
    assert np.isnan(features["shoulder_stack_lying"])


def test_the_far_side_is_not_preferred_when_one_arm_moves():
    from exercise_tracker.analysis.catalog import get_motion
    from exercise_tracker.analysis.features import primary_signal

    def right_arm_curl(f, k):
        return {**biceps_curl(0.0, k), "elbow_flex_right": 15 + 125 * f}

    signals = compute_signals(make_track(right_arm_curl, yaw=90))
    assert primary_signal(signals, get_motion("biceps_curl")).side == "right"
