"""Frames of a video sampled evenly in time, as displayed, small enough to work on.

Sampling goes by each frame's timestamp rather than by frame index, so a variable-frame-rate phone
video is sampled as evenly as a constant one. Skipped frames are only grabbed, never converted.
"""

import math
import queue
import struct
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

import cv2
import numpy as np

from .errors import EmptyVideoError, VideoUnreadableError
from .settings import AnalysisSettings

MAX_FRAME_SIDE = 1280  # larger frames are shrunk as soon as they are decoded
MAX_DECLARED_PIXELS = 8192 * 8192  # beyond 8K is no phone video, and would exhaust memory
MAX_CONSECUTIVE_DECODE_FAILURES = 50
FALLBACK_FPS = 30.0  # when the container declares no usable frame rate
LUMA_STRIDE = 8  # brightness is judged on every 8th pixel: plenty for a mean
MAX_TOP_LEVEL_BOXES = 1000
MAX_MOVIE_BOX_BYTES = 64 * 1024 * 1024
READ_AHEAD_FRAMES = 2  # decoded frames waiting for the model: a few MB at most
T = TypeVar("T")

# Leading bytes of the containers phones and cameras write, with their media type and file
# ending; anything else is not handed to FFmpeg.
_MP4_BOX_TYPES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
_CONTAINERS = (
    (b"\x1a\x45\xdf\xa3", "video/x-matroska", ".mkv"),  # Matroska / WebM
    (b"RIFF", "video/x-msvideo", ".avi"),
    (b"OggS", "video/ogg", ".ogv"),
    (b"FLV", "video/x-flv", ".flv"),
    (b"\x30\x26\xb2\x75", "video/x-ms-asf", ".wmv"),  # ASF / WMV
    (b"\x00\x00\x01\xba", "video/mpeg", ".mpg"),  # MPEG program stream
    (b"\x47", "video/mp2t", ".ts"),  # MPEG transport stream sync byte
)
# Every media type `video_container` can answer, for documents that list what may be served.
MEDIA_TYPES = (
    "video/mp4",
    "video/quicktime",
    "video/webm",
    *dict.fromkeys(media_type for _, media_type, _ in _CONTAINERS),
)

_ROTATE_CODES = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


@dataclass(frozen=True)
class SampledFrame:
    """One sampled frame: BGR pixels as displayed, its time and its mean luma."""

    timestamp: float  # seconds from the first frame
    image: np.ndarray  # (H, W, 3) uint8 BGR, longest side at most MAX_FRAME_SIDE
    brightness: float  # mean luma 0..255


def video_container(head: bytes) -> tuple[str, str] | None:
    """The media type and file ending the first bytes of a file announce, if a video's."""
    if head[4:8] in _MP4_BOX_TYPES:
        quicktime = head[8:12] == b"qt  "
        return ("video/quicktime", ".mov") if quicktime else ("video/mp4", ".mp4")
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm", ".webm"
    for magic, media_type, suffix in _CONTAINERS:
        if head.startswith(magic):
            return media_type, suffix
    return None


def looks_like_video(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a known video container."""
    return video_container(head) is not None


def mp4_has_video_track(path: Path) -> bool | None:
    """Whether an MP4/MOV file's movie box describes a video track; None without a movie box.

    Tells an empty recording (a movie with no video track) from a file that is not a video.
    """
    file_size = path.stat().st_size
    with open(path, "rb") as file:
        for _ in range(MAX_TOP_LEVEL_BOXES):
            start = file.tell()
            header = file.read(8)
            if len(header) < 8:
                return None
            size, kind = struct.unpack(">I4s", header)
            body_size = size - 8
            if size == 1:  # a 64-bit size follows the type
                size = struct.unpack(">Q", file.read(8).rjust(8, b"\0"))[0]
                body_size = size - 16
            if body_size < 0 or start + size > file_size:  # garbage, or cut off
                return None
            if kind == b"moov":
                body = file.read(min(body_size, MAX_MOVIE_BOX_BYTES))
                if len(body) < body_size or b"mvhd" not in body:
                    return None  # cut off or garbled: not known to be empty
                return b"vide" in body
            file.seek(start + size)
    return None


def orient_frame(frame: np.ndarray, rotation_degrees: float) -> np.ndarray:
    """Turn a stored frame clockwise by its rotation metadata so it looks as displayed."""
    code = _ROTATE_CODES.get(round(rotation_degrees) % 360)
    return frame if code is None else cv2.rotate(frame, code)


def downscale(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """The image resized down to ``width`` x ``height`` without aliasing, cheaply.

    Bilinear halving averages exact 2x2 blocks, so halving first and interpolating last gives
    nearly what area averaging gives, at a tenth of its cost on large frames.
    """
    current_height, current_width = image.shape[:2]
    while current_width >= 2 * width and current_height >= 2 * height:
        current_width, current_height = current_width // 2, current_height // 2
        image = cv2.resize(image, (current_width, current_height), interpolation=cv2.INTER_LINEAR)
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)


def shrink_frame(frame: np.ndarray, max_side: int = MAX_FRAME_SIDE) -> np.ndarray:
    """The frame scaled down so its longest side is at most ``max_side``, if it is longer."""
    height, width = frame.shape[:2]
    longest = max(height, width)
    if longest <= max_side:
        return frame
    scale = max_side / longest
    return downscale(frame, max(1, round(width * scale)), max(1, round(height * scale)))


def sample_of(timestamp: float, image: np.ndarray) -> SampledFrame:
    """A decoded frame made ready for analysis: shrunk first, so later steps stay cheap."""
    small = shrink_frame(image)
    return SampledFrame(timestamp, small, mean_luma(small))


def mean_luma(frame: np.ndarray) -> float:
    """Mean Rec. 601 luma of a BGR frame, from a sparse grid of its pixels."""
    blue, green, red, _ = cv2.mean(frame[::LUMA_STRIDE, ::LUMA_STRIDE])
    return float(0.114 * blue + 0.587 * green + 0.299 * red)


class VideoSampler:
    """Opens a video, checks that it decodes, and yields its frames at ``settings.analysis_fps``.

    ``frames_skipped``, ``truncated`` and ``duration_s`` are final once iteration ends.
    """

    def __init__(self, path: Path, settings: AnalysisSettings):
        self.path = Path(path)
        self.settings = settings
        self.frames_skipped = 0
        self.truncated = False
        self.duration_s = 0.0
        self._check_file()
        try:
            self._capture = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        except cv2.error as exc:
            raise VideoUnreadableError(f"cannot open video: {self.path}: {exc}") from exc
        try:
            self._open()
        except Exception:
            self.close()
            raise

    def _check_file(self) -> None:
        if not self.path.is_file():
            raise VideoUnreadableError(f"no such video file: {self.path}")
        if self.path.stat().st_size == 0:
            raise EmptyVideoError(f"zero-length file: {self.path}")
        with open(self.path, "rb") as file:
            head = file.read(16)
        if not looks_like_video(head):
            raise VideoUnreadableError(f"not a video container: {self.path}")

    def _open(self) -> None:
        capture = self._capture
        if not capture.isOpened():
            if mp4_has_video_track(self.path) is False:
                raise EmptyVideoError(f"video has no video track: {self.path}")
            raise VideoUnreadableError(f"cannot open video: {self.path}")
        width = capture.get(cv2.CAP_PROP_FRAME_WIDTH)
        height = capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
        if width * height > MAX_DECLARED_PIXELS:
            raise VideoUnreadableError(f"declared resolution {width:.0f}x{height:.0f} is too large")
        # OpenCV 4.11's FFmpeg backend reads rotation metadata but does not apply it by default.
        capture.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        auto_rotated = capture.get(cv2.CAP_PROP_ORIENTATION_AUTO) == 1
        self._rotation = 0.0 if auto_rotated else capture.get(cv2.CAP_PROP_ORIENTATION_META)
        fps = capture.get(cv2.CAP_PROP_FPS)
        self.source_fps = float(fps) if math.isfinite(fps) else 0.0
        self._frame_period = 1.0 / (fps if 0 < fps <= 1000 else FALLBACK_FPS)
        self._declared_frames = capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self._first_timestamp: float | None = None
        self._last_timestamp = -math.inf
        self._first = self._read_first_frame()

    def _read_first_frame(self) -> SampledFrame:
        """Decode the first frame, so a video that cannot be analysed fails before any work."""
        for _ in range(MAX_CONSECUTIVE_DECODE_FAILURES):
            if not self._grab():
                break
            timestamp = self._timestamp()
            image = self._retrieve()
            if image is None:
                self.frames_skipped += 1
            else:
                self.frame_height, self.frame_width = image.shape[:2]
                return sample_of(timestamp, image)
        if self._declared_frames <= 0:
            raise EmptyVideoError(f"video has no frames: {self.path}")
        raise VideoUnreadableError(f"no frame of the video decodes: {self.path}")

    def _timestamp(self) -> float:
        """Seconds of the grabbed frame from the first; frame period steps where the container's
        timestamps are missing or go backwards."""
        container = self._capture.get(cv2.CAP_PROP_POS_MSEC) / 1000.0
        if self._first_timestamp is None:
            self._first_timestamp = container if math.isfinite(container) else 0.0
        timestamp = container - self._first_timestamp
        if not math.isfinite(timestamp) or timestamp <= self._last_timestamp:
            first = self._last_timestamp == -math.inf
            timestamp = 0.0 if first else self._last_timestamp + self._frame_period
        self._last_timestamp = timestamp
        return timestamp

    def _grab(self) -> bool:
        """Decode the next frame; a decoder error ends the video like its end would."""
        try:
            return self._capture.grab()
        except cv2.error:
            return False

    def _retrieve(self) -> np.ndarray | None:
        try:
            ok, image = self._capture.retrieve()
        except cv2.error:
            return None
        if not ok or image is None or image.ndim != 3:
            return None
        return orient_frame(image, self._rotation) if self._rotation else image

    @property
    def expected_samples(self) -> int:
        """How many frames iteration will yield, from the declared length (at least 1): what a
        progress report divides by."""
        declared_s = self._declared_frames * self._frame_period if self._declared_frames > 0 else 0
        seconds = min(declared_s, self.settings.max_duration_s)
        return max(
            1, min(self.settings.max_frames, math.ceil(seconds * self.settings.analysis_fps))
        )

    def __iter__(self):
        settings = self.settings
        period = 1.0 / settings.analysis_fps
        first = self._first
        previous, gap = first.timestamp, self._frame_period
        self.duration_s = first.timestamp + gap
        yield first
        sampled = 1
        next_due = (round(first.timestamp / period) + 1) * period
        failures = 0
        while self._grab():
            timestamp = self._timestamp()
            # A frame within half its own interval of the due time is the nearest to it; the
            # interval is measured, not declared, because a variable-rate video has no one rate.
            previous, gap = timestamp, timestamp - previous
            if timestamp >= settings.max_duration_s:
                self.truncated = True
                break
            self.duration_s = timestamp + gap
            if timestamp + gap / 2 < next_due:
                continue
            if sampled >= settings.max_frames:
                self.truncated = True
                break
            # The grid slot after the one this frame serves, even after a gap in the video.
            next_due = (round(timestamp / period) + 1) * period
            image = self._retrieve()
            if image is None:
                self.frames_skipped += 1
                failures += 1
                if failures >= MAX_CONSECUTIVE_DECODE_FAILURES:
                    break
                continue
            failures = 0
            sampled += 1
            yield sample_of(timestamp, image)
        self.duration_s = min(self.duration_s, settings.max_duration_s)

    def close(self) -> None:
        self._capture.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


_END = object()


def read_ahead(items: Iterable[T], depth: int = READ_AHEAD_FRAMES) -> Iterator[T]:
    """Yields what ``items`` yields, produced by a thread of its own up to ``depth`` ahead.

    OpenCV's decoding and the pose model both release the GIL, so the next frames decode while
    the model looks at this one. Errors reach the consumer where they happened. However the
    consumer ends (done, an error, closing early), the producing thread has stopped before this
    generator finishes, so the caller may then release the video it reads.
    """
    handed: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand(entry) -> bool:
        while not stop.is_set():
            try:
                handed.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        source = iter(items)
        try:
            for item in source:
                if not hand((item, None)):
                    return
            hand((_END, None))
        except Exception as error:  # handed to the consumer, raised there
            hand((_END, error))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    producer = threading.Thread(target=produce, name="video-read-ahead", daemon=True)
    producer.start()
    try:
        while True:
            item, error = handed.get()
            if item is _END:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        producer.join()
