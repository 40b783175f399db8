"""The result's dictionary form (JSON-safe, bounded) and the recording warnings it carries."""

import json
from dataclasses import replace

import numpy as np
import pytest

from exercise_tracker.analysis.engine import analyze_pose_track, format_result_text
from exercise_tracker.analysis.result import MAX_POSE_FRAMES, json_safe
from exercise_tracker.analysis.settings import MOVENET_MODEL_NAME
from exercise_tracker.analysis.training.postures import jumping_jack, push_up, squat
from exercise_tracker.analysis.training.synthetic import make_track

TOP_LEVEL = {
    "predicted_motion",
    "confidence_score",
    "model_name",
    "is_match",
    "prescribed_motion",
    "rep_count",
    "repetitions",
    "range_of_motion",
    "scores",
    "evidence",
    "warnings",
    "frames",
    "pose",
    "primary_angle",
    "match_status",
    "match_reason",
    "filming_hint",
}


def codes(result) -> set[str]:
    return {warning.code for warning in result.warnings}


@pytest.fixture(scope="module")
def squat_result():
    return analyze_pose_track(make_track(squat, reps=3, yaw=90), "squat", target_range=(80, 170))


def test_to_dict_has_the_documented_keys_and_plain_json_types(squat_result):
    data = squat_result.to_dict()
    assert TOP_LEVEL <= set(data)
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text) == data
    assert data["model_name"] == MOVENET_MODEL_NAME
    assert type(data["rep_count"]) is int and data["rep_count"] == 3
    assert {"start_s", "end_s", "duration_s", "min_value", "max_value"} <= set(
        data["repetitions"][0]
    )
    assert {"sampled", "skipped", "fps", "duration_s"} <= set(data["frames"])
    assert all(set(w) == {"code", "message"} for w in data["warnings"])
    assert data["match_status"] in ("match", "mismatch", "cant_tell")


def test_pose_and_primary_angle_are_enough_to_draw_and_chart(squat_result):
    pose, chart = squat_result.to_dict()["pose"], squat_result.to_dict()["primary_angle"]
    assert len(pose["keypoints"]) == len(pose["timestamps"]) > 0
    assert np.array(pose["keypoints"]).shape[1:] == (17, 3)
    assert len(chart["times"]) == len(chart["values"]) > 0
    assert chart["name"] == "knee" and chart["unit"] == "degrees"


def test_nan_and_numpy_values_become_plain_json():
    converted = json_safe(
        {
            "a": np.float32(np.nan),
            "b": np.int64(3),
            "c": (np.bool_(True),),
            "d": np.array([1.5, np.inf]),
        }
    )
    assert converted == {"a": None, "b": 3, "c": [True], "d": [1.5, None]}


def test_a_ten_minute_clip_stays_small():
    track = make_track(squat, reps=240, period=2.5, rest=0.0, yaw=90, seed=1)
    assert track.timestamps[-1] >= 599
    result = analyze_pose_track(track)
    data = result.to_dict()
    assert result.rep_count == pytest.approx(240, abs=2)
    assert len(data["pose"]["timestamps"]) <= MAX_POSE_FRAMES
    assert len(json.dumps(data, allow_nan=False).encode()) < 250_000


def test_text_summary_names_motion_count_and_range(squat_result):
    text = format_result_text(squat_result)
    assert "Squat" in text and "Repetitions: 3" in text and "Range of motion (knee)" in text


def test_dark_short_and_truncated_recordings_are_flagged():
    track = make_track(squat, reps=1, period=2.0, rest=0.2, yaw=90, brightness=20.0)
    result = analyze_pose_track(replace(track, truncated=True))
    assert {"too_dark", "too_short", "truncated"} <= codes(result)
    assert not {"too_dark", "too_short"} & codes(analyze_pose_track(make_track(squat, yaw=90)))


def test_feet_cut_off_by_the_frame_edge_are_flagged():
    track = make_track(squat, reps=3, yaw=90)
    keypoints = track.keypoints.copy()
    keypoints[:, 13:, 0] = 0.995  # knees and ankles on the bottom edge
    assert "out_of_frame" in codes(analyze_pose_track(replace(track, keypoints=keypoints), "squat"))


def test_a_camera_view_that_hides_the_motion_is_flagged():
    side = analyze_pose_track(make_track(jumping_jack, reps=5, period=1.2, yaw=90), "jumping_jack")
    front = analyze_pose_track(make_track(jumping_jack, reps=5, period=1.2, yaw=0), "jumping_jack")
    assert "camera_view" in codes(side)
    assert "camera_view" not in codes(front)


def test_unsure_keypoints_are_flagged():
    track = make_track(squat, reps=3, yaw=90)
    keypoints = track.keypoints.copy()
    keypoints[:, 11:, 2] = 0.33
    assert "low_confidence" in codes(
        analyze_pose_track(replace(track, keypoints=keypoints), "squat")
    )


@pytest.mark.parametrize("frames", [0, 1, 3])
def test_empty_and_tiny_tracks_still_give_a_plain_result(frames):
    from exercise_tracker.analysis.training.synthetic import track_from

    track = track_from(np.arange(frames) * 0.1, np.full((frames, 17, 3), 0.5, np.float32))
    result = analyze_pose_track(track, "squat")
    assert result.predicted_motion in ("no_person", "unknown")
    assert result.rep_count == 0
    assert (result.match_status, result.is_match) == ("cant_tell", None)
    json.dumps(result.to_dict(), allow_nan=False)


@pytest.mark.parametrize(
    "motion, yaw, view, orientation",
    [
        (squat, 0, "front", "upright"),
        (squat, 90, "side", "upright"),
        (push_up, -90, None, "horizontal"),
    ],
)
def test_evidence_names_camera_view_and_posture(motion, yaw, view, orientation):
    evidence = analyze_pose_track(make_track(motion, reps=3, yaw=yaw)).evidence
    assert evidence["camera_view"] == view
    assert evidence["body_orientation"] == orientation
    assert set(evidence["sides_seen_well"]) <= {"left", "right"}
