"""Pose tracking on real clips, and the crop geometry behind it."""

import cv2
import numpy as np
import pytest

from exercise_tracker.analysis.keypoints import KEYPOINT_INDEX
from exercise_tracker.analysis.model import INPUT_SIZE
from exercise_tracker.analysis.pose import (
    CropRegion,
    PoseTracker,
    crop_to_input,
    extract_pose_track,
    full_frame_region,
    next_crop_region,
    to_frame_coordinates,
)
from exercise_tracker.analysis.video import VideoSampler

HIPS = [KEYPOINT_INDEX["left_hip"], KEYPOINT_INDEX["right_hip"]]
KNEES = [KEYPOINT_INDEX["left_knee"], KEYPOINT_INDEX["right_knee"]]
ANKLES = [KEYPOINT_INDEX["left_ankle"], KEYPOINT_INDEX["right_ankle"]]


@pytest.fixture(scope="module")
def squat_track(fixture_video, settings, estimator):
    return extract_pose_track(fixture_video("squat_nowva_1.mp4"), settings, estimator)


def test_track_describes_the_clip(squat_track):
    track = squat_track
    assert (track.frame_width, track.frame_height) == (1280, 720)
    assert track.source_fps == pytest.approx(30.0)
    assert len(track) == track.frames_sampled == track.keypoints.shape[0]
    assert track.keypoints.shape[1:] == (17, 3)
    assert track.keypoints.dtype == np.float32
    assert track.brightness.shape == track.timestamps.shape
    assert 50 < track.brightness.mean() < 200
    assert not track.truncated


def test_squatter_stands_hips_over_knees_over_ankles(squat_track):
    keypoints = squat_track.keypoints
    hip_y = keypoints[:, HIPS, 0].mean(axis=1)
    knee_y = keypoints[:, KNEES, 0].mean(axis=1)
    ankle_y = keypoints[:, ANKLES, 0].mean(axis=1)
    # y grows downwards; at the bottom of a deep squat seen from the front the hips reach the
    # knees, so the whole chain holds in most frames and hips over ankles in all of them.
    assert ((hip_y < knee_y) & (knee_y < ankle_y)).mean() > 0.75
    assert (hip_y < ankle_y).mean() > 0.95
    assert np.median(keypoints[:, HIPS + KNEES + ANKLES, 2]) > 0.5


def test_confident_keypoints_lie_in_the_frame(squat_track):
    confident = squat_track.keypoints[squat_track.keypoints[:, :, 2] > 0.3]
    assert len(confident) > 0.5 * squat_track.keypoints[:, :, 0].size
    assert np.all((confident[:, :2] >= 0) & (confident[:, :2] <= 1))


def test_crop_tracking_finds_a_small_person_a_full_frame_pass_misses(
    fixture_video, settings, estimator
):
    # The squatter shrunk to a sixth of the width, standing off-centre on a large black canvas.
    canvases = []
    with VideoSampler(fixture_video("squat_nowva_1.mp4"), settings) as sampler:
        for frame in sampler:
            canvas = np.zeros((1080, 1920, 3), np.uint8)
            canvas[700:880, 1400:1720] = cv2.resize(frame.image, (320, 180), cv2.INTER_AREA)
            canvases.append(canvas)

    tracker = PoseTracker(estimator)
    tracked = np.array([tracker.track(canvas)[:, 2].mean() for canvas in canvases])
    region = full_frame_region(1080, 1920)
    full_frame = np.array(
        [estimator.estimate(crop_to_input(canvas, region))[:, 2].mean() for canvas in canvases]
    )

    assert tracked[1:].mean() > full_frame[1:].mean() + 0.2
    assert (tracked[1:] > full_frame[1:]).mean() > 0.9


def test_full_frame_region_pads_the_short_side():
    assert full_frame_region(720, 1280) == CropRegion(top=-280.0, left=0.0, side=1280.0)
    assert full_frame_region(640, 360) == CropRegion(top=0.0, left=-140.0, side=640.0)


def test_crop_and_back_maps_a_point_to_where_it_was():
    frame = np.zeros((720, 1280, 3), np.uint8)
    cv2.circle(frame, (1000, 500), 6, (255, 255, 255), -1)
    region = CropRegion(top=300.0, left=850.0, side=400.0)  # reaches past the bottom edge

    model_input = crop_to_input(frame, region)
    ys, xs = np.nonzero(model_input[:, :, 0] > 128)
    centre = np.array([[ys.mean() + 0.5, xs.mean() + 0.5]]) / INPUT_SIZE
    found = np.hstack([centre, [[1.0]]]).astype(np.float32)
    mapped = to_frame_coordinates(found, region, 720, 1280)

    assert model_input.shape == (INPUT_SIZE, INPUT_SIZE, 3)
    assert mapped[0, 0] * 720 == pytest.approx(500.5, abs=2)
    assert mapped[0, 1] * 1280 == pytest.approx(1000.5, abs=2)
    assert model_input[-20:].max() == 0  # below the frame is black


def test_crop_input_is_rgb():
    frame = np.zeros((100, 100, 3), np.uint8)
    frame[:, :, 2] = 200  # red in OpenCV's BGR order
    model_input = crop_to_input(frame, full_frame_region(100, 100))
    assert model_input[:, :, 0].min() == 200
    assert model_input[:, :, 2].max() == 0


def pose_at(center_y: float, center_x: float, half_height: float, score: float) -> np.ndarray:
    """A standing figure of normalised keypoints spread around a centre."""
    keypoints = np.zeros((17, 3), np.float32)
    keypoints[:, 0] = center_y + np.linspace(-half_height, half_height, 17)
    keypoints[:, 1] = center_x
    keypoints[:, 2] = score
    return keypoints


def test_next_crop_follows_a_confident_person():
    region = next_crop_region(pose_at(0.5, 0.25, 0.2, 0.9), 720, 1280)
    assert region.side < 720
    assert region.left < 0.25 * 1280 < region.left + region.side


def test_next_crop_falls_back_to_the_full_frame_without_a_torso():
    lost = pose_at(0.5, 0.25, 0.2, 0.1)
    assert next_crop_region(lost, 720, 1280) == full_frame_region(720, 1280)


def test_tracker_returns_to_the_full_frame_when_the_person_leaves(
    fixture_video, settings, estimator
):
    with VideoSampler(fixture_video("squat_nowva_1.mp4"), settings) as sampler:
        person = next(iter(sampler)).image
    tracker = PoseTracker(estimator)
    tracker.track(person)
    tracker.track(np.zeros_like(person))
    after_blank = tracker.track(person)
    fresh = PoseTracker(estimator).track(person)
    assert np.allclose(after_blank, fresh)


def test_black_video_gives_low_scores(make_video, solid_frames, settings, estimator):
    track = extract_pose_track(
        make_video("black.mp4", solid_frames(20, 240, 320)), settings, estimator
    )
    assert len(track) == 7
    assert track.keypoints[:, :, 2].mean() < 0.2
    assert track.brightness.max() < 5


def test_progress_is_the_share_of_sampled_frames_done(fixture_video, settings, estimator):
    shares = []
    track = extract_pose_track(
        fixture_video("front_raise_kshitij_2.mp4"), settings, estimator, progress=shares.append
    )
    assert len(shares) == track.frames_sampled
    assert shares == sorted(shares) and 0 < shares[0] < 0.1
    assert shares[-1] == pytest.approx(1.0, abs=0.03)


def test_a_tracking_failure_ends_the_reading_and_releases_the_video(
    fixture_video, settings, estimator, monkeypatch
):
    import threading

    released = []
    real_close = VideoSampler.close

    def close(self):
        released.append(True)
        real_close(self)

    calls = []

    def failing_track(self, image):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the model failed")
        return np.zeros((17, 3), np.float32)

    monkeypatch.setattr(VideoSampler, "close", close)
    monkeypatch.setattr(PoseTracker, "track", failing_track)
    with pytest.raises(RuntimeError, match="model failed"):
        extract_pose_track(fixture_video("squat_nowva_1.mp4"), settings, estimator)
    assert released == [True] and len(calls) == 3
    assert not [t for t in threading.enumerate() if t.name == "video-read-ahead"]
