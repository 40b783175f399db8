"""Fixtures of the analysis tests: the real MoveNet model, the shared clips, synthetic videos."""

import os
import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from exercise_tracker.analysis.model import PoseEstimator
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
FIXTURE_VIDEOS = SHARED / "fixtures" / "videos"


@pytest.fixture(scope="session")
def model_path() -> Path:
    path = Path(os.environ.get("MOVENET_MODEL_PATH") or SHARED / "models" / MOVENET_FILE_NAME)
    if not path.is_file():
        pytest.fail(f"MoveNet model not found at {path}; set MOVENET_MODEL_PATH")
    return path


@pytest.fixture(scope="session")
def settings(model_path) -> AnalysisSettings:
    return AnalysisSettings(model_path=model_path)


@pytest.fixture(scope="session")
def estimator(model_path) -> PoseEstimator:
    return PoseEstimator(model_path, threads=2)


@pytest.fixture(scope="session")
def fixture_video():
    def find(name: str) -> Path:
        path = FIXTURE_VIDEOS / name
        if not path.is_file():
            pytest.fail(f"fixture clip {path} is missing")
        return path

    return find


@pytest.fixture
def make_video(tmp_path):
    """Write BGR frames into the test's folder and return the file's path; MPEG-4 Part 2 by
    default, which every OpenCV build can write."""

    def make(name: str, frames, fps: float = 30.0, fourcc: str = "mp4v") -> Path:
        writer = None
        for frame in frames:
            if writer is None:
                height, width = frame.shape[:2]
                code = cv2.VideoWriter_fourcc(*fourcc)
                writer = cv2.VideoWriter(str(tmp_path / name), code, fps, (width, height))
            writer.write(frame)
        if writer is not None:
            writer.release()
        return tmp_path / name

    return make


@pytest.fixture(scope="session")
def set_display_rotation():
    return write_display_rotation


def write_display_rotation(path: Path, degrees: int) -> None:
    """Give an .mp4 written by OpenCV the track matrix a phone writes for a turned camera."""
    one, minus_one = 0x10000, 0xFFFF0000  # 16.16 fixed point
    matrices = {90: (0, one, 0, minus_one, 0, 0), 270: (0, minus_one, 0, one, 0, 0)}
    data = bytearray(path.read_bytes())
    box = data.find(b"tkhd")
    version = data[box + 4]
    # After the type: version and flags, times, track id and duration, then 16 bytes to the matrix.
    matrix_offset = box + 4 + 4 + (32 if version == 1 else 20) + 16
    a, b, u, c, d, v = matrices[degrees]
    struct.pack_into(">9I", data, matrix_offset, a, b, u, c, d, v, 0, 0, 0x40000000)
    path.write_bytes(bytes(data))


@pytest.fixture(scope="session")
def set_frame_durations():
    return write_frame_durations


def write_frame_durations(path: Path, multiples: list[int]) -> None:
    """Make an .mp4 written by OpenCV play at a variable rate: each frame lasts its multiple of
    the original frame duration, as a phone writes when it slows down in the dark."""
    data = path.read_bytes()
    original = struct.unpack_from(">I", data, data.find(b"stts") + 16)[0]
    entries = b"".join(struct.pack(">II", 1, original * multiple) for multiple in multiples)
    table = struct.pack(">II", 0, len(multiples)) + entries
    # The edit list would still end the track at its old length, so it goes.
    path.write_bytes(_replace_boxes(data, {b"stts": table, b"edts": None}))


_CONTAINER_BOXES = {b"moov", b"trak", b"mdia", b"minf", b"stbl"}


def _replace_boxes(boxes: bytes, bodies: dict[bytes, bytes | None]) -> bytes:
    """The boxes with new bodies for some kinds (None drops them), their parents resized.

    OpenCV writes the movie box after the media data, so resizing it moves no sample offsets.
    """
    rewritten, offset = bytearray(), 0
    while offset < len(boxes):
        size, box = struct.unpack_from(">I4s", boxes, offset)
        offset += size
        content = boxes[offset - size + 8 : offset]
        if box in bodies:
            content = bodies[box]
            if content is None:
                continue
        elif box in _CONTAINER_BOXES:
            content = _replace_boxes(content, bodies)
        rewritten += struct.pack(">I4s", len(content) + 8, box) + content
    return bytes(rewritten)


@pytest.fixture(scope="session")
def solid_frames():
    """Frames of one grey level, as a generator so long videos need no memory."""

    def frames(count: int, height: int, width: int, value: int = 0):
        return (np.full((height, width, 3), value, np.uint8) for _ in range(count))

    return frames
