"""The questionnaire score chart: one panel per instrument, on one time axis."""

from datetime import datetime

from exercise_tracker.pictures.score_chart import ROW_HEIGHT, WIDTH, score_chart_png
from exercise_tracker.questionnaires import load_instruments
from exercise_tracker.services.questionnaires import ScoreSeries
from tests.pictures.images import assert_not_blank, decoded_png


def test_a_panel_per_instrument():
    shipped = load_instruments()
    series = [
        ScoreSeries(shipped["nprs"], [(datetime(2026, 11, 1), 6), (datetime(2026, 11, 8), 4)]),
        ScoreSeries(shipped["psfs"], [(datetime(2026, 11, 3), 3.0)]),  # a single answer
    ]
    image = decoded_png(score_chart_png(series))
    assert image.size == (WIDTH, 2 * ROW_HEIGHT)
    assert_not_blank(image)
