"""Which moments a contact sheet shows, and that it stays a picture when frames are missing."""

import io
from dataclasses import replace

from PIL import Image

from exercise_tracker.pictures.contact_sheet import MAX_TILES, key_moments, render_contact_sheet
from tests.conftest import fixture_video
from tests.factories import CLIP, typed_result
from tests.pictures.images import assert_not_blank


def test_first_middle_and_last_reps_by_start_and_peak():
    moments = key_moments(typed_result(reps=9, duration_s=9.0), 9.0)
    assert [label for _, label in moments] == [
        "rep 1 start",
        "rep 1 peak",
        "rep 5 start",
        "rep 5 peak",
        "rep 9 start",
        "rep 9 peak",
    ]
    assert [t for t, _ in moments] == [0.0, 0.5, 4.0, 4.5, 8.0, 8.5]


def test_evenly_spread_without_reps():
    moments = key_moments(typed_result(reps=0, duration_s=6.0), 6.0)
    assert len(moments) == MAX_TILES
    times = [t for t, _ in moments]
    assert times == sorted(times) and 0 < times[0] < times[-1] < 6.0


def test_frames_past_the_end_are_grey_tiles_not_an_error():
    result = typed_result(reps=1, duration_s=6.0)
    beyond = replace(result.repetitions[0], start_s=500.0, peak_s=501.0)  # past the 6 s clip
    result = replace(result, repetitions=[beyond])
    image = Image.open(io.BytesIO(render_contact_sheet(fixture_video(CLIP), result)))
    assert image.size[0] == 640
    assert_not_blank(image, min_variance=5)
