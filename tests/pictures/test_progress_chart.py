"""The progress chart's rows: one per exercise with attempts, the most recently active first."""

from datetime import datetime, timedelta

from exercise_tracker.pictures.progress_chart import (
    MAX_EXERCISES,
    ROW_HEIGHT,
    WIDTH,
    chart_size,
    charted_exercises,
)


def exercise(name, last_activity, attempts=1):
    return {"name": name, "last_activity": last_activity, "attempts": [{}] * attempts}


def test_rows_are_the_recently_active_exercises_with_attempts():
    start = datetime(2030, 1, 1)
    exercises = [exercise(f"e{i}", start + timedelta(days=i)) for i in range(MAX_EXERCISES + 2)]
    exercises.append(exercise("never tried", None, attempts=0))
    shown = charted_exercises(exercises)
    assert [e["name"] for e in shown] == [f"e{i}" for i in range(MAX_EXERCISES + 1, 1, -1)]
    assert chart_size(exercises) == (WIDTH, ROW_HEIGHT * MAX_EXERCISES)
    assert chart_size([]) == (WIDTH, ROW_HEIGHT)
