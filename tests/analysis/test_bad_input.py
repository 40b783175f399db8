"""Bad input through the whole engine: a typed error, or `no_person` / `unknown` with a reason."""

import numpy as np
import pytest

from exercise_tracker.analysis.engine import analyze_video
from exercise_tracker.analysis.errors import AnalysisError, EmptyVideoError, VideoUnreadableError


def codes(result) -> set[str]:
    return {warning.code for warning in result.warnings}


def test_empty_file_is_a_typed_error(tmp_path, settings, estimator):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyVideoError) as error:
        analyze_video(path, settings=settings, estimator=estimator)
    assert error.value.reason and not error.value.transient


def test_not_a_video_is_a_typed_error(tmp_path, settings, estimator):
    path = tmp_path / "notes.mp4"
    path.write_text("these are my notes, not a video\n" * 50)
    with pytest.raises(VideoUnreadableError):
        analyze_video(path, settings=settings, estimator=estimator)


def test_truncated_recording_is_an_error_or_a_partial_analysis(
    tmp_path, fixture_video, settings, estimator
):
    data = fixture_video("squat_yyjtest_1.mp4").read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 3])
    try:
        result = analyze_video(path, settings=settings, estimator=estimator)
    except AnalysisError as error:
        assert error.reason
    else:
        assert result.frames.sampled < 108  # less than the whole clip was there to analyse


def test_black_video_is_no_person_and_says_why(make_video, solid_frames, settings, estimator):
    path = make_video("black.mp4", solid_frames(60, 240, 320))
    result = analyze_video(path, settings=settings, estimator=estimator)
    assert result.predicted_motion == "no_person"
    assert {"no_person", "too_dark"} <= codes(result)
    assert result.rep_count == 0


def test_an_empty_room_is_no_person(make_video, settings, estimator):
    rng = np.random.default_rng(0)
    room = rng.integers(90, 160, (240, 320, 3), dtype=np.uint8)  # a textured, lit, empty scene
    path = make_video("room.mp4", (room for _ in range(50)))
    result = analyze_video(path, settings=settings, estimator=estimator)
    assert result.predicted_motion in ("no_person", "unknown")
    assert codes(result) & {"no_person", "no_recognised_motion"}


def test_standing_still_is_never_a_match_nor_counted(tmp_path, fixture_video, settings, estimator):
    import cv2

    # The first frame of a real clip held for 5 s: a person, but no exercise.
    capture = cv2.VideoCapture(str(fixture_video("squat_yyjtest_1.mp4")))
    ok, frame = capture.read()
    capture.release()
    assert ok
    path = tmp_path / "still.mp4"
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter_fourcc(*"mp4v"), 30, (frame.shape[1], frame.shape[0])
    )
    for _ in range(150):
        writer.write(frame)
    writer.release()
    result = analyze_video(path, "squat", settings=settings, estimator=estimator)
    assert result.is_match is not True and result.rep_count == 0
    assert result.match_status in ("mismatch", "cant_tell")


def test_4k_frames_are_analysed(make_video, solid_frames, settings, estimator):
    path = make_video("uhd.mp4", solid_frames(12, 2160, 3840, value=40))
    result = analyze_video(path, settings=settings, estimator=estimator)
    assert result.predicted_motion == "no_person"
    assert result.frames.sampled >= 3


def test_a_long_video_is_bounded_and_says_so(make_video, solid_frames, model_path, estimator):
    from exercise_tracker.analysis.settings import AnalysisSettings

    bounded = AnalysisSettings(model_path=model_path, max_duration_s=5.0)
    path = make_video("long.mp4", solid_frames(40, 64, 64), fps=2.0)  # 20 s
    result = analyze_video(path, settings=bounded, estimator=estimator)
    assert result.frames.truncated is True
    assert "truncated" in codes(result)
    assert result.frames.duration_s <= 5.0
