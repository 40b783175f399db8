"""The contract between pose extraction and motion analysis: keypoints of one person over time."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PoseTrack:
    """Keypoints of the tracked person on every sampled frame of a video.

    Coordinates are normalised to the displayed frame (after rotation metadata is applied), so
    ``x * frame_width`` and ``y * frame_height`` are pixels; angles must be computed in pixels,
    not in normalised units, or a wide frame skews them.
    """

    timestamps: np.ndarray  # (N,) seconds from the start of the video, increasing
    keypoints: np.ndarray  # (N, 17, 3) float32: y, x in 0..1 of the frame, and the score
    brightness: np.ndarray  # (N,) mean luma 0..255 of each sampled frame
    frame_width: int  # pixels, as displayed
    frame_height: int
    source_fps: float  # as the container declares it
    duration_s: float  # of the analysed part
    frames_sampled: int  # frames that reached the pose model (== N)
    frames_skipped: int  # sampled positions whose frame could not be decoded
    truncated: bool  # analysis stopped at the maximum duration or frame count
    # (N,) mean luma of the box around the person's seen keypoints (NaN where none): darkness is
    # judged on the person, so black borders or a dark wall do not make a well-lit person "dark".
    person_brightness: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.timestamps)
