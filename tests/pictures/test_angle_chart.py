"""The angle chart of one analysis, drawn from the typed result as it is stored."""

import io

from PIL import Image, ImageChops

from exercise_tracker.pictures.angle_chart import HEIGHT, WIDTH, render_angle_chart
from tests.factories import stored_result
from tests.pictures.images import assert_not_blank


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_the_stored_target_is_drawn_beside_the_same_angle(app, exercise_for):
    aimed = _image(render_angle_chart(stored_result(app, exercise_for, excursion=40.0), "Sq"))
    free = stored_result(app, exercise_for, excursion=40.0, target_range=None)
    unaimed = _image(render_angle_chart(free, "Sq"))
    assert aimed.size == unaimed.size == (WIDTH, HEIGHT)
    assert_not_blank(aimed, min_variance=5)
    # The same curve: only the rest line, the target and the shortfall tell them apart.
    assert ImageChops.difference(aimed, unaimed).getbbox() is not None


def test_an_analysis_without_an_angle_gets_a_chart_that_says_so(app, exercise_for):
    unmeasured = stored_result(app, exercise_for, with_angle=False)
    measured = stored_result(app, exercise_for)
    blank = _image(render_angle_chart(unmeasured, "Squats"))
    assert blank.size == (WIDTH, HEIGHT)
    assert ImageChops.difference(blank, _image(render_angle_chart(measured, "Squats"))).getbbox()
