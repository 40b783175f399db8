"""Warnings about the recording itself: what makes the analysis less trustworthy."""

import numpy as np

from .catalog import FRONT, SIDE, Motion
from .keypoint_cleaning import MIN_KEYPOINT_SCORE
from .keypoints import KEYPOINT_INDEX
from .pose_track import PoseTrack
from .result import AnalysisWarning
from .signal_families import signal_family
from .signals import SIDES
from .verification import view_hides

MIN_DURATION_S = 3.0
MIN_BRIGHTNESS = 45.0  # mean luma below this and MoveNet misses joints
MIN_PERSON_SEEN_SHARE = 0.8
MAX_UNSEEN_JOINT_SHARE = 0.25
MIN_JOINT_SCORE = 0.45
MAX_SKIPPED_SHARE = 0.05
EDGE_MARGIN = 0.02  # of the frame: a joint this close to the border is probably cut off
FRONT_MIN_SHOULDER_RATIO = 0.4  # shoulder width / trunk length when facing the camera
SIDE_MAX_SHOULDER_RATIO = 0.25


def motion_joints(motion: Motion) -> list[int]:
    """Keypoint indices the motion's primary signal is computed from, both sides."""
    parts = signal_family(motion.primary_signal).parts
    return [KEYPOINT_INDEX[f"{side}_{part}"] for side in SIDES for part in parts]


def camera_view(shoulder_width_ratio: float) -> str | None:
    if not np.isfinite(shoulder_width_ratio):
        return None
    if shoulder_width_ratio >= FRONT_MIN_SHOULDER_RATIO:
        return FRONT
    return SIDE if shoulder_width_ratio <= SIDE_MAX_SHOULDER_RATIO else "oblique"


def is_too_dark(track: PoseTrack) -> bool:
    """Whether the person is lit too dimly for MoveNet, judged on the box around the person so
    black borders or a dark wall behind a well-lit person do not count; on the whole frame only
    when the person was never found."""
    light = track.person_brightness
    if light is not None and np.isfinite(light).any():
        return float(np.nanmedian(light)) < MIN_BRIGHTNESS
    return bool(len(track.brightness)) and float(np.median(track.brightness)) < MIN_BRIGHTNESS


def recording_warnings(track: PoseTrack, features: dict[str, float]) -> list[AnalysisWarning]:
    """Problems with the clip whatever the motion: length, light, frames, visibility."""
    warnings = []
    if track.duration_s < MIN_DURATION_S:
        warnings.append(
            AnalysisWarning(
                "too_short",
                f"The clip lasts {track.duration_s:.1f} s; record at least "
                f"{MIN_DURATION_S:.0f} s with several repetitions.",
            )
        )
    if is_too_dark(track):
        warnings.append(
            AnalysisWarning(
                "too_dark", "The video is dark; add light so joints are detected reliably."
            )
        )
    if track.truncated:
        warnings.append(
            AnalysisWarning(
                "truncated",
                "Only the first part of the video was analysed (maximum length reached).",
            )
        )
    attempted = track.frames_sampled + track.frames_skipped
    if attempted and track.frames_skipped / attempted > MAX_SKIPPED_SHARE:
        warnings.append(
            AnalysisWarning(
                "frames_skipped",
                f"{track.frames_skipped} of {attempted} frames could not be decoded.",
            )
        )
    seen = features.get("person_seen_share", 0.0)
    if MIN_PERSON_SEEN_SHARE > seen > 0:
        warnings.append(
            AnalysisWarning(
                "person_partly_unseen", f"The person is detected on only {seen:.0%} of the frames."
            )
        )
    return warnings


def motion_visibility_warnings(
    track: PoseTrack, motion: Motion, view: str | None
) -> list[AnalysisWarning]:
    """Whether the joints this motion is judged on were in frame and confident, and whether the
    camera position (``view``: FRONT, SIDE, "oblique" or None) shows the movement."""
    warnings = _joint_warnings(track.keypoints[:, motion_joints(motion)])
    if view_hides(motion, view):
        wanted = " or ".join(motion.views)
        warnings.append(
            AnalysisWarning(
                "camera_view",
                f"{motion.display_name} is best judged from the {wanted}; this clip "
                f"was filmed from the {view}.",
            )
        )
    return warnings


def _joint_warnings(joints: np.ndarray) -> list[AnalysisWarning]:
    """``joints``: (N, J, 3) keypoints of the motion's joints, left side then right side."""
    if not len(joints):
        return []
    warnings = []
    y, x, score = joints[..., 0], joints[..., 1], joints[..., 2]
    at_edge = (np.minimum(y, 1 - y) < EDGE_MARGIN) | (np.minimum(x, 1 - x) < EDGE_MARGIN)
    unseen = (score < MIN_KEYPOINT_SCORE) | at_edge
    # One side may be hidden behind the body; the motion needs at least one whole side.
    half = joints.shape[1] // 2
    side_unseen = np.minimum(unseen[:, :half].any(axis=1), unseen[:, half:].any(axis=1))
    if side_unseen.mean() > MAX_UNSEEN_JOINT_SHARE:
        warnings.append(
            AnalysisWarning(
                "out_of_frame",
                f"The joints that measure this motion are hidden or cut off on "
                f"{side_unseen.mean():.0%} of the frames.",
            )
        )
    if max(score[:, :half].mean(), score[:, half:].mean()) < MIN_JOINT_SCORE:
        warnings.append(
            AnalysisWarning(
                "low_confidence",
                "The pose model is unsure of the joints that measure this "
                "motion; results may be inaccurate.",
            )
        )
    return warnings
