"""Sampling frames from real and malformed videos."""

import cv2
import numpy as np
import pytest

from exercise_tracker.analysis import video
from exercise_tracker.analysis.errors import EmptyVideoError, VideoUnreadableError
from exercise_tracker.analysis.settings import AnalysisSettings
from exercise_tracker.analysis.video import (
    MAX_CONSECUTIVE_DECODE_FAILURES,
    MAX_FRAME_SIDE,
    VideoSampler,
    orient_frame,
)


def sample(path, settings=None):
    """Every sampled frame of a video, and the sampler with its final counts."""
    with VideoSampler(path, settings or AnalysisSettings()) as sampler:
        frames = list(sampler)
    return frames, sampler


def test_real_clip_is_sampled_evenly_at_ten_per_second(fixture_video):
    frames, sampler = sample(fixture_video("squat_nowva_1.mp4"))  # 12.17 s at 30 fps
    timestamps = np.array([frame.timestamp for frame in frames])
    steps = np.diff(timestamps)

    assert abs(len(frames) - 12.17 * 10) <= 2
    assert timestamps[0] == 0.0
    assert np.all(steps > 0)
    assert np.median(steps) == pytest.approx(0.1, abs=0.005)
    assert steps.max() <= 0.1 + 1 / 30 + 1e-6
    assert sampler.duration_s == pytest.approx(12.17, abs=0.05)
    assert not sampler.truncated
    assert sampler.frames_skipped == 0


def test_sampling_follows_the_configured_rate(fixture_video):
    frames, _ = sample(fixture_video("squat_nowva_1.mp4"), AnalysisSettings(analysis_fps=5.0))
    assert abs(len(frames) - 12.17 * 5) <= 2


def test_odd_frame_rate_is_sampled_by_timestamp(fixture_video):
    frames, sampler = sample(fixture_video("jumping_jack_jjpi_1.mp4"))  # 23.976 fps, 13.18 s
    steps = np.diff([frame.timestamp for frame in frames])
    assert sampler.source_fps == pytest.approx(23.976, abs=0.01)
    assert abs(len(frames) - 13.18 * 10) <= 2
    # Every step is one of the two source-frame multiples nearest 0.1 s.
    assert np.all((steps > 0.08) & (steps < 0.13))


def test_variable_frame_rate_is_sampled_evenly(make_video, solid_frames, set_frame_durations):
    # One second at 30 fps, then three seconds at 10 fps.
    path = make_video("vfr.mp4", solid_frames(60, 64, 64, value=100))
    set_frame_durations(path, [1] * 30 + [3] * 30)

    frames, sampler = sample(path)
    steps = np.diff([frame.timestamp for frame in frames])

    assert abs(len(frames) - 40) <= 1
    assert np.all(np.abs(steps - 0.1) < 0.02)
    assert sampler.duration_s == pytest.approx(4.0, abs=0.1)


def test_max_frames_bounds_the_samples(fixture_video):
    frames, sampler = sample(fixture_video("squat_nowva_1.mp4"), AnalysisSettings(max_frames=20))
    assert len(frames) == 20
    assert sampler.truncated


def test_max_duration_bounds_the_samples(fixture_video):
    settings = AnalysisSettings(max_duration_s=3.0)
    frames, sampler = sample(fixture_video("squat_nowva_1.mp4"), settings)
    assert frames[-1].timestamp < 3.0
    assert abs(len(frames) - 30) <= 1
    assert sampler.truncated
    assert sampler.duration_s <= 3.0


def test_frames_are_bgr_images_with_their_brightness(make_video, solid_frames):
    path = make_video("grey.mp4", solid_frames(10, 120, 160, value=128))
    frames, sampler = sample(path)
    assert (sampler.frame_width, sampler.frame_height) == (160, 120)
    assert frames[0].image.shape == (120, 160, 3)
    assert all(frame.brightness == pytest.approx(128, abs=3) for frame in frames)


@pytest.mark.parametrize("name, fourcc", [("a.mov", "mp4v"), ("a.mkv", "mp4v"), ("a.avi", "MJPG")])
def test_other_containers_are_read(make_video, solid_frames, name, fourcc):
    frames, _ = sample(make_video(name, solid_frames(30, 48, 64, value=100), fourcc=fourcc))
    assert len(frames) == 10


def test_black_frames_are_sampled_and_dark(make_video, solid_frames):
    frames, _ = sample(make_video("black.mp4", solid_frames(30, 240, 320)))
    assert len(frames) == 10
    assert max(frame.brightness for frame in frames) < 5


def test_4k_video_is_downscaled_but_reports_its_size(make_video, solid_frames):
    frames, sampler = sample(make_video("4k.mp4", solid_frames(6, 2160, 3840, value=90)))
    assert (sampler.frame_width, sampler.frame_height) == (3840, 2160)
    assert all(frame.image.shape == (720, MAX_FRAME_SIDE, 3) for frame in frames)
    assert frames[0].brightness == pytest.approx(90, abs=3)


def test_absurd_declared_resolution_is_refused_before_decoding(
    make_video, solid_frames, monkeypatch
):
    path = make_video("large.mp4", solid_frames(2, 720, 1280))
    monkeypatch.setattr(video, "MAX_DECLARED_PIXELS", 1280 * 720 - 1)
    with pytest.raises(VideoUnreadableError, match="too large"):
        VideoSampler(path, AnalysisSettings())


def test_very_long_video_stops_at_the_maximum_duration(make_video, solid_frames):
    # One frame a second for 700 s: longer than the 600 s default bound.
    path = make_video("long.mp4", solid_frames(700, 32, 32), fps=1.0)
    frames, sampler = sample(path)
    assert sampler.truncated
    assert frames[-1].timestamp < 600
    assert sampler.duration_s <= 600
    assert len(frames) == 600


def test_rotation_metadata_is_applied(make_video, set_display_rotation):
    # Stored landscape with a white top-left quarter; the phone was turned a quarter clockwise.
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:120, :160] = 255
    path = make_video("turned.mp4", [frame] * 5)
    set_display_rotation(path, 90)

    frames, sampler = sample(path)

    assert (sampler.frame_width, sampler.frame_height) == (240, 320)
    displayed = frames[0].image
    assert displayed.shape == (320, 240, 3)
    assert displayed[:160, 120:].mean() > 200  # the white quarter is now top-right
    assert displayed[:160, :120].mean() < 50


def test_orient_frame_turns_clockwise_by_the_metadata():
    frame = np.arange(6, dtype=np.uint8).reshape(2, 3, 1).repeat(3, axis=2)
    assert orient_frame(frame, 0) is frame
    turned = orient_frame(frame, 90)
    assert turned.shape == (3, 2, 3)
    assert turned[0, 1, 0] == frame[0, 0, 0]  # top-left goes to top-right
    assert orient_frame(frame, -90)[2, 0, 0] == frame[0, 0, 0]  # 270: top-left to bottom-left
    assert np.array_equal(orient_frame(frame, 180), frame[::-1, ::-1])


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(VideoUnreadableError):
        VideoSampler(tmp_path / "absent.mp4", AnalysisSettings())


def test_empty_file_is_empty(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyVideoError) as raised:
        VideoSampler(path, AnalysisSettings())
    assert not raised.value.transient


def test_text_file_named_mp4_is_unreadable(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("these are my exercise notes, not a video\n" * 20)
    with pytest.raises(VideoUnreadableError) as raised:
        VideoSampler(path, AnalysisSettings())
    assert raised.value.reason


@pytest.mark.parametrize("size", [b"\x00\x00\x00\x01" + b"\xff" * 8, b"\x00\x00\x00\x03"])
def test_mp4_boxes_with_lying_sizes_are_unreadable(tmp_path, size):
    path = tmp_path / "lying.mp4"
    path.write_bytes(size[:4] + b"ftyp" + size[4:] + bytes(range(256)) * 8)
    with pytest.raises(VideoUnreadableError):
        VideoSampler(path, AnalysisSettings())


def test_video_without_frames_is_empty(tmp_path):
    path = tmp_path / "zero.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 30, (64, 64))
    writer.release()
    assert path.stat().st_size > 0
    with pytest.raises(EmptyVideoError):
        VideoSampler(path, AnalysisSettings())


@pytest.fixture
def first_half_of(tmp_path, fixture_video):
    """A copy of a fixture clip cut off in the middle, as an interrupted upload leaves it."""

    def cut(name: str):
        data = fixture_video(name).read_bytes()
        path = tmp_path / f"half_{name}"
        path.write_bytes(data[: len(data) // 2])
        return path

    return cut


def test_truncated_video_with_its_index_at_the_end_is_unreadable(first_half_of):
    with pytest.raises(VideoUnreadableError):
        VideoSampler(first_half_of("squat_nowva_1.mp4"), AnalysisSettings())  # moov last


def test_truncated_video_with_its_index_first_gives_what_decodes(first_half_of):
    frames, _ = sample(first_half_of("squat_yyjtest_1.mp4"))  # moov before the media data
    assert 10 < len(frames) < 100  # the whole clip gives 108


def test_corrupt_media_data_does_not_stop_the_analysis(tmp_path, make_video):
    rng = np.random.default_rng(1)
    source = make_video(
        "noise.mp4", (rng.integers(0, 256, (96, 128, 3), np.uint8) for _ in range(60))
    )
    data = bytearray(source.read_bytes())
    start = data.find(b"mdat") + len(data) // 4
    data[start : start + len(data) // 4] = rng.integers(0, 256, len(data) // 4, np.uint8).tobytes()
    path = tmp_path / "corrupt.mp4"
    path.write_bytes(bytes(data))

    frames, sampler = sample(path)

    assert len(frames) >= 1
    assert np.all(np.diff([frame.timestamp for frame in frames]) > 0)
    assert sampler.duration_s <= 2.0 + 1e-6


class FlakyDecoder(VideoSampler):
    """A sampler whose decoder fails on the frames a rule picks, as a damaged file makes it."""

    def __init__(self, path, settings, fails):
        self.retrievals, self.fails = 0, fails
        super().__init__(path, settings)

    def _retrieve(self):
        self.retrievals += 1
        return None if self.fails(self.retrievals) else super()._retrieve()


def test_frames_that_fail_to_decode_are_counted_and_skipped(fixture_video):
    sampler = FlakyDecoder(
        fixture_video("squat_nowva_1.mp4"), AnalysisSettings(), fails=lambda n: n % 4 == 0
    )
    with sampler:
        frames = list(sampler)
    assert sampler.frames_skipped == pytest.approx(122 / 4, abs=2)
    assert len(frames) + sampler.frames_skipped == pytest.approx(122, abs=2)


def test_a_decoder_that_keeps_failing_is_given_up_on(fixture_video):
    sampler = FlakyDecoder(
        fixture_video("lunge_nowva_1.mp4"), AnalysisSettings(), fails=lambda n: n > 1
    )
    with sampler:
        frames = list(sampler)
    assert len(frames) == 1
    assert sampler.frames_skipped == MAX_CONSECUTIVE_DECODE_FAILURES
    assert sampler.duration_s < 32.0 / 2  # stopped long before the end of the clip


@pytest.mark.parametrize(
    "head, expected",
    [
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", ("video/mp4", ".mp4")),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00", ("video/quicktime", ".mov")),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", ("video/webm", ".webm")),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", ("video/x-matroska", ".mkv")),
        (b"RIFF\x00\x00\x00\x00AVI LIST", ("video/x-msvideo", ".avi")),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0d", None),
        (b"PK\x03\x04\x14\x00\x00\x00", None),
    ],
)
def test_the_container_is_named_from_its_first_bytes(head, expected):
    from exercise_tracker.analysis.video import looks_like_video, video_container

    assert video_container(head) == expected
    assert looks_like_video(head) is (expected is not None)


def _read_ahead_threads():
    import threading

    return [t for t in threading.enumerate() if t.name == "video-read-ahead"]


def test_read_ahead_yields_everything_in_order():
    assert list(video.read_ahead(range(500), depth=3)) == list(range(500))
    assert list(video.read_ahead([])) == []
    assert _read_ahead_threads() == []


def test_read_ahead_raises_a_source_error_where_it_happened():
    def failing():
        yield from (1, 2, 3)
        raise VideoUnreadableError("broken after three frames")

    got = []
    with pytest.raises(VideoUnreadableError, match="after three"):
        for item in video.read_ahead(failing()):
            got.append(item)
    assert got == [1, 2, 3]
    assert _read_ahead_threads() == []


def test_read_ahead_stops_its_thread_and_closes_the_source_when_the_consumer_stops():
    closed = []

    def endless():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.append(True)

    frames = video.read_ahead(endless(), depth=2)
    assert [next(frames), next(frames)] == [0, 1]
    frames.close()  # what a consumer's error or early return does
    assert closed == [True]
    assert _read_ahead_threads() == []
