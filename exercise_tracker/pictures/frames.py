"""Single frames of a stored video, read at given moments and made small at once."""

from pathlib import Path

import numpy as np


def read_frames(path: Path, times_s: list[float], width: int) -> list[np.ndarray | None]:
    """RGB frames `width` pixels wide at each moment (None where none decodes); a file that
    cannot be opened raises FileNotFoundError rather than giving a sheet of blanks.

    Only the frames asked for are decoded and kept, so a long video costs no more memory than a
    short one. OpenCV applies rotation metadata, as the pose model saw the frames.
    """
    import cv2

    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        capture.release()
        raise FileNotFoundError(f"cannot open video {path.name}")
    frames = []
    try:
        for moment in times_s:
            capture.set(cv2.CAP_PROP_POS_MSEC, max(0.0, moment) * 1000.0)
            ok, frame = capture.read()
            if not ok or frame is None:
                frames.append(None)
                continue
            height = max(1, round(frame.shape[0] * width / frame.shape[1]))
            small = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
            frames.append(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    finally:
        capture.release()
    return frames


def video_duration_s(path: Path) -> float:
    import cv2

    capture = cv2.VideoCapture(str(path))
    try:
        fps = capture.get(cv2.CAP_PROP_FPS) or 0.0
        count = capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0.0
    finally:
        capture.release()
    return count / fps if fps > 0 else 0.0
