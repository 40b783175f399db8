"""Which moments a contact sheet shows, and that it stays a picture when frames are missing."""

import io

import pytest
from PIL import Image, ImageStat

from exercise_tracker.analysis.settings import AnalysisSettings
from exercise_tracker.pictures.contact_sheet import (
    KEY_BAND,
    MAX_TILES,
    angle_text,
    key_moments,
    render_contact_sheet,
)
from tests.analysis.conftest import write_display_rotation
from tests.conftest import fixture_video
from tests.factories import CLIP, analysis_result, stored_result
from tests.pictures.images import assert_not_blank

SETTINGS = AnalysisSettings()


def test_first_middle_and_last_reps_by_start_and_deepest_bend(app, exercise_for):
    result = stored_result(app, exercise_for, reps=9, duration_s=9.0)
    moments = key_moments(result)
    # A squat's far end is its deepest bend, never a "peak".
    assert [label for _, label in moments] == [
        "rep 1 start",
        "rep 1 deepest bend",
        "rep 5 start",
        "rep 5 deepest bend",
        "rep 9 start",
        "rep 9 deepest bend",
    ]
    assert [t for t, _ in moments] == [0.0, 0.5, 4.0, 4.5, 8.0, 8.5]


def test_evenly_spread_without_reps(app, exercise_for):
    moments = key_moments(stored_result(app, exercise_for, reps=0, duration_s=6.0))
    assert len(moments) == MAX_TILES
    times = [t for t, _ in moments]
    assert times == sorted(times) and 0 < times[0] < times[-1] < 6.0


def test_without_the_pose_track_moments_spread_over_the_duration(app, exercise_for):
    data = analysis_result(reps=0, duration_s=12.0)
    data["pose"] = {}
    times = [t for t, _ in key_moments(stored_result(app, exercise_for, data))]
    assert times[0] == 1.0 and times[-1] == 11.0  # six moments across the 12 s


def test_frames_past_the_end_are_grey_tiles_not_an_error(app, exercise_for):
    data = analysis_result(reps=1, duration_s=6.0)
    data["repetitions"][0].update(start_s=500.0, peak_s=501.0)  # beyond the 6 s clip
    result = stored_result(app, exercise_for, data)
    image = Image.open(io.BytesIO(render_contact_sheet(fixture_video(CLIP), result, SETTINGS)))
    assert image.size[0] == 640
    assert_not_blank(image, min_variance=5)


def test_angles_are_flexion_named_with_joint_and_side(app, exercise_for):
    result = stored_result(app, exercise_for, reps=1, duration_s=2.0, excursion=80.0)
    # The engine's inner knee angle 95° at the bottom is 85° of flexion (0° = straight).
    assert angle_text(result, result.repetitions[0].peak_s) == "left knee flexion 85°"


def test_an_unmeasured_angle_says_so(app, exercise_for):
    result = stored_result(app, exercise_for, reps=1, with_angle=False)
    assert angle_text(result, 0.5) == "angle not measured"


def test_a_raise_is_named_by_its_highest_point(app, exercise_for):
    data = analysis_result(reps=1, duration_s=2.0)
    data["primary_angle"]["name"] = "shoulder"
    times = data["primary_angle"]["times"]
    peak = data["repetitions"][0]["peak_s"]
    data["primary_angle"]["values"] = [20.0 + 120.0 * (1 - abs(t - peak)) for t in times]
    result = stored_result(app, exercise_for, data)
    assert [label for _, label in key_moments(result)] == ["rep 1 start", "rep 1 highest"]


def test_a_portrait_phone_clip_is_drawn_upright(app, exercise_for, make_portrait_clip):
    # Stored landscape with rotation metadata, as phones write: the tiles must be portrait, as
    # the pose model saw the frames, so the skeleton lands on the body.
    result = stored_result(app, exercise_for, reps=1, duration_s=1.0)
    image = Image.open(io.BytesIO(render_contact_sheet(make_portrait_clip, result, SETTINGS)))
    tile_height = image.size[1] - KEY_BAND
    assert image.size[0] == 2 * 320
    assert tile_height > 320  # portrait: taller than wide
    # The white quarter, top-left as stored, is top-right as displayed.
    tile = image.crop((0, 60, 320, tile_height // 2)).convert("L")
    left, right = tile.crop((0, 0, 150, tile.height)), tile.crop((170, 0, 320, tile.height))
    assert ImageStat.Stat(right).mean[0] > 200
    assert ImageStat.Stat(left).mean[0] < 60


@pytest.fixture
def make_portrait_clip(tmp_path):
    import cv2
    import numpy as np

    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:120, :160] = 255
    path = tmp_path / "turned.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (320, 240))
    for _ in range(10):
        writer.write(frame)
    writer.release()
    write_display_rotation(path, 90)
    return path
