"""Changes to a recording that do not change the exercise must not change the evidence: the
features are left/right symmetric and measured against the body, so mirroring, padding and
resolution leave them as they were, by construction rather than by fitting."""

import math
from dataclasses import replace

import numpy as np
import pytest

from exercise_tracker.analysis.engine import analyze_pose_track
from exercise_tracker.analysis.features import clip_features
from exercise_tracker.analysis.keypoints import KEYPOINT_NAMES
from exercise_tracker.analysis.signals import compute_signals
from exercise_tracker.analysis.training.postures import CATALOG_MOTIONS
from exercise_tracker.analysis.training.synthetic import make_track

SWAPPED = [
    KEYPOINT_NAMES.index(n.replace("left", "@").replace("right", "left").replace("@", "right"))
    for n in KEYPOINT_NAMES
]


def mirrored(track):
    keypoints = track.keypoints[:, SWAPPED].copy()
    keypoints[:, :, 1] = 1.0 - keypoints[:, :, 1]
    return replace(track, keypoints=keypoints)


def padded(track, factor=1.6):
    keypoints = track.keypoints.copy()
    keypoints[:, :, :2] = (keypoints[:, :, :2] * (factor - 1) / 2 + keypoints[:, :, :2]) / factor
    return replace(
        track,
        keypoints=keypoints,
        frame_width=round(track.frame_width * factor),
        frame_height=round(track.frame_height * factor),
    )


def half_resolution(track):
    return replace(track, frame_width=track.frame_width // 2, frame_height=track.frame_height // 2)


def same_features(a: dict, b: dict) -> list[str]:
    """Names of the features that differ beyond float32 rounding of the keypoints (NaN equals
    NaN)."""
    return [
        name
        for name in a
        if not (
            (math.isnan(a[name]) and math.isnan(b[name]))
            or math.isclose(a[name], b[name], rel_tol=1e-4, abs_tol=1e-3)
        )
    ]


@pytest.mark.parametrize("key", ["squat", "lunge", "biceps_curl", "hamstring_curl", "heel_slide"])
@pytest.mark.parametrize("change", [mirrored, padded, half_resolution])
def test_features_do_not_change(key, change):
    track = make_track(CATALOG_MOTIONS[key], reps=3, yaw=60, noise_px=2.0, dropout=0.03, seed=4)
    original = clip_features(compute_signals(track))
    changed = clip_features(compute_signals(change(track)))
    assert same_features(original, changed) == []


@pytest.mark.parametrize("change", [mirrored, padded, half_resolution])
def test_answers_do_not_change(change):
    track = make_track(CATALOG_MOTIONS["hamstring_curl"], reps=4, yaw=80, noise_px=2.0, seed=9)
    before = analyze_pose_track(track, prescribed_motion="hamstring_curl")
    after = analyze_pose_track(change(track), prescribed_motion="hamstring_curl")
    assert after.predicted_motion == before.predicted_motion
    assert after.match_status == before.match_status
    assert after.rep_count == before.rep_count
    assert np.isclose(after.confidence_score, before.confidence_score)


def test_darkness_is_judged_on_the_person_not_the_borders():
    track = make_track(CATALOG_MOTIONS["squat"], reps=3)
    dark_frame = replace(
        track,
        brightness=np.full(len(track), 20.0, np.float32),
        person_brightness=np.full(len(track), 120.0, np.float32),
    )
    dark_person = replace(track, person_brightness=np.full(len(track), 20.0, np.float32))
    codes = lambda result: {w.code for w in result.warnings}  # noqa: E731
    assert "too_dark" not in codes(analyze_pose_track(dark_frame))
    assert "too_dark" in codes(analyze_pose_track(dark_person))
