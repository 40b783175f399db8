"""Single frames of a stored video at given moments, as the pose model saw them, made small.

The frames come through the analysis engine's own opener (`analysis.video.VideoSampler`), so
rotation metadata is applied exactly as it was for the pose model: a portrait phone clip is drawn
upright and its skeleton lands on the body. Sampling at the analysis rate also means each tile is
the very frame whose keypoints are drawn on it.
"""

from pathlib import Path

import cv2
import numpy as np

from exercise_tracker.analysis.errors import AnalysisError
from exercise_tracker.analysis.settings import AnalysisSettings
from exercise_tracker.analysis.video import VideoSampler, downscale


def read_frames(
    path: Path, times_s: list[float], width: int, settings: AnalysisSettings
) -> list[np.ndarray | None]:
    """RGB frames `width` pixels wide nearest each moment (None where the video has no frame
    within one sampling step); a file that cannot be opened raises FileNotFoundError rather than
    giving a sheet of blanks.

    Only the nearest frame to each moment is kept, shrunk at once, so a long video costs no more
    memory than a short one; reading stops after the last moment.
    """
    step = 1.0 / settings.analysis_fps
    best: list[tuple[float, np.ndarray | None]] = [(step, None) for _ in times_s]
    last = max(times_s, default=-1.0) + step
    try:
        with VideoSampler(path, settings) as sampler:
            for frame in sampler:
                for i, moment in enumerate(times_s):
                    distance = abs(frame.timestamp - moment)
                    if distance <= best[i][0]:
                        best[i] = (distance, _small(frame.image, width))
                if frame.timestamp > last:
                    break
    except AnalysisError as error:
        raise FileNotFoundError(f"cannot open video {Path(path).name}") from error
    return [image for _, image in best]


def _small(image: np.ndarray, width: int) -> np.ndarray:
    height = max(1, round(image.shape[0] * width / image.shape[1]))
    return cv2.cvtColor(downscale(image, width, height), cv2.COLOR_BGR2RGB)
