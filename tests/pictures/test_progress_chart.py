"""The progress chart's rows: one per exercise with attempts, the most recently active first."""

from datetime import datetime, timedelta

from exercise_tracker.pictures.progress_chart import (
    MAX_EXERCISES,
    ROW_HEIGHT,
    WIDTH,
    attempt_labels,
    chart_size,
    charted_exercises,
    range_title,
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


def test_attempts_of_one_day_are_told_apart_by_their_time():
    attempts = [
        {"uploaded_at": datetime(2030, 1, 1, 9, 5)},
        {"uploaded_at": datetime(2030, 1, 1, 17, 30)},
        {"uploaded_at": datetime(2030, 1, 2, 9, 0)},
    ]
    assert attempt_labels(attempts) == ["01 Jan\n09:05", "01 Jan\n17:30", "02 Jan"]


def test_the_range_panel_names_its_joint():
    exercise = {"range_of_motion": {"joint": "shoulder elevation", "unit": "degrees"}}
    assert range_title(exercise) == "shoulder elevation excursion (°)"
