"""MoveNet single-pose tracking over a video, following TensorFlow's reference pipeline.

Each frame is cropped around where the person stood on the previous sampled frame, so a person
who fills a small part of the picture still reaches the model at a useful size.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .keypoints import KEYPOINT_INDEX
from .model import INPUT_SIZE, PoseEstimator, load_pose_estimator
from .pose_track import PoseTrack
from .settings import AnalysisSettings
from .video import VideoSampler, downscale, mean_luma, read_ahead

MIN_CROP_KEYPOINT_SCORE = 0.2
TORSO_MARGIN = 1.9  # the reference pipeline's padding around the torso
BODY_MARGIN = 1.2  # and around every confidently seen keypoint
MIN_CROP_SIDE = 16.0  # pixels; a smaller crop means the keypoints collapsed, not a tiny person

_SHOULDERS = [KEYPOINT_INDEX["left_shoulder"], KEYPOINT_INDEX["right_shoulder"]]
_HIPS = [KEYPOINT_INDEX["left_hip"], KEYPOINT_INDEX["right_hip"]]
_TORSO = _SHOULDERS + _HIPS


@dataclass(frozen=True)
class CropRegion:
    """A square of the frame in pixels; it may reach past the edges, which read as black."""

    top: float
    left: float
    side: float


def full_frame_region(height: int, width: int) -> CropRegion:
    """The whole frame, padded to a square around its centre."""
    side = float(max(height, width))
    return CropRegion((height - side) / 2, (width - side) / 2, side)


def torso_visible(keypoints: np.ndarray) -> bool:
    """Whether a shoulder and a hip were seen with some confidence."""
    scores = keypoints[:, 2]
    return bool(
        scores[_SHOULDERS].max() > MIN_CROP_KEYPOINT_SCORE
        and scores[_HIPS].max() > MIN_CROP_KEYPOINT_SCORE
    )


def next_crop_region(keypoints: np.ndarray, height: int, width: int) -> CropRegion:
    """Where to look on the next frame, given keypoints normalised to this one."""
    if not torso_visible(keypoints):
        return full_frame_region(height, width)
    ys = keypoints[:, 0] * height
    xs = keypoints[:, 1] * width
    center_y = ys[_HIPS].mean()
    center_x = xs[_HIPS].mean()
    confident = keypoints[:, 2] >= MIN_CROP_KEYPOINT_SCORE
    half_side = max(
        TORSO_MARGIN * np.abs(ys[_TORSO] - center_y).max(),
        TORSO_MARGIN * np.abs(xs[_TORSO] - center_x).max(),
        BODY_MARGIN * np.abs(ys[confident] - center_y).max(),
        BODY_MARGIN * np.abs(xs[confident] - center_x).max(),
    )
    half_side = min(half_side, max(center_x, width - center_x, center_y, height - center_y))
    if half_side > max(height, width) / 2 or 2 * half_side < MIN_CROP_SIDE:
        return full_frame_region(height, width)
    return CropRegion(center_y - half_side, center_x - half_side, 2 * half_side)


def crop_to_input(image: np.ndarray, region: CropRegion) -> np.ndarray:
    """The region of a BGR frame as the model's 192x192 RGB input, black outside the frame."""
    height, width = image.shape[:2]
    scale = INPUT_SIZE / region.side
    # Whole source pixels inside both the region and the frame, so their place in the input is
    # never negative; dropping a fraction of a pixel at the edges costs nothing.
    top, left = max(0, math.ceil(region.top)), max(0, math.ceil(region.left))
    bottom = min(height, math.floor(region.top + region.side))
    right = min(width, math.floor(region.left + region.side))
    model_input = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
    if bottom <= top or right <= left:
        return model_input
    dest_top = min(INPUT_SIZE - 1, round((top - region.top) * scale))
    dest_left = min(INPUT_SIZE - 1, round((left - region.left) * scale))
    dest_height = max(1, min(INPUT_SIZE - dest_top, round((bottom - top) * scale)))
    dest_width = max(1, min(INPUT_SIZE - dest_left, round((right - left) * scale)))
    # Plain bilinear shrinking would alias a 1280-pixel frame down to 192.
    model_input[dest_top : dest_top + dest_height, dest_left : dest_left + dest_width] = downscale(
        image[top:bottom, left:right], dest_width, dest_height
    )
    cv2.cvtColor(model_input, cv2.COLOR_BGR2RGB, dst=model_input)
    return model_input


def to_frame_coordinates(
    keypoints: np.ndarray, region: CropRegion, height: int, width: int
) -> np.ndarray:
    """Keypoints normalised to the crop, mapped to coordinates normalised to the whole frame."""
    mapped = keypoints.copy()
    mapped[:, 0] = (region.top + keypoints[:, 0] * region.side) / height
    mapped[:, 1] = (region.left + keypoints[:, 1] * region.side) / width
    return mapped


class PoseTracker:
    """Runs the estimator on successive frames of one video, each cropped from the one before."""

    def __init__(self, estimator: PoseEstimator):
        self._estimator = estimator
        self._region: CropRegion | None = None

    def track(self, image: np.ndarray) -> np.ndarray:
        """Keypoints (17, 3) of the person on this BGR frame, y and x normalised to it."""
        height, width = image.shape[:2]
        region = self._region or full_frame_region(height, width)
        raw = self._estimator.estimate(crop_to_input(image, region))
        keypoints = to_frame_coordinates(raw, region, height, width)
        self._region = next_crop_region(keypoints, height, width)
        return keypoints


def person_luma(image: np.ndarray, keypoints: np.ndarray) -> float:
    """Mean luma of the box around the confidently seen keypoints, NaN when none are seen."""
    seen = keypoints[keypoints[:, 2] >= MIN_CROP_KEYPOINT_SCORE]
    if len(seen) < 2:
        return float("nan")
    height, width = image.shape[:2]
    top, bottom = (np.clip([seen[:, 0].min(), seen[:, 0].max()], 0, 1) * height).astype(int)
    left, right = (np.clip([seen[:, 1].min(), seen[:, 1].max()], 0, 1) * width).astype(int)
    if bottom <= top or right <= left:
        return float("nan")
    return mean_luma(image[top : bottom + 1, left : right + 1])


def extract_pose_track(
    video_path: Path,
    settings: AnalysisSettings,
    estimator: PoseEstimator | None = None,
    progress: Callable[[float], None] | None = None,
    frame_transform=None,
) -> PoseTrack:
    """Sample the video and track the person's keypoints through it.

    `progress`, when given, is called after each frame with the share of frames done (0..1).
    ``frame_transform`` (BGR image -> BGR image) changes each sampled frame before tracking; the
    robustness benchmark uses it to pad, darken or shrink real frames.
    """
    estimator = estimator or load_pose_estimator(settings)
    tracker = PoseTracker(estimator)
    timestamps, keypoints, brightness, person_brightness = [], [], [], []
    with VideoSampler(video_path, settings) as sampler:
        expected = sampler.expected_samples
        width, height = sampler.frame_width, sampler.frame_height
        for frame in read_ahead(sampler):
            image = frame.image if frame_transform is None else frame_transform(frame.image)
            timestamps.append(frame.timestamp)
            keypoints.append(tracker.track(image))
            brightness.append(frame.brightness if frame_transform is None else mean_luma(image))
            person_brightness.append(person_luma(image, keypoints[-1]))
            if frame_transform is not None:  # the keypoints are normalised to the changed frame
                height, width = image.shape[:2]
            if progress is not None:
                progress(min(1.0, len(timestamps) / expected))
    return PoseTrack(
        timestamps=np.asarray(timestamps, np.float64),
        keypoints=np.asarray(keypoints, np.float32).reshape(-1, 17, 3),
        brightness=np.asarray(brightness, np.float32),
        frame_width=int(width),
        frame_height=int(height),
        source_fps=sampler.source_fps,
        duration_s=float(sampler.duration_s),
        frames_sampled=len(timestamps),
        frames_skipped=sampler.frames_skipped,
        truncated=sampler.truncated,
        person_brightness=np.asarray(person_brightness, np.float32),
    )
