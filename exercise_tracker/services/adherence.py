"""Adherence: how the exercises stand, and videos uploaded against the prescribed frequency."""

from collections import Counter
from datetime import datetime, timedelta

from exercise_tracker.models import ExerciseStatus
from exercise_tracker.services.attempts import ExerciseHistory

WEEK = timedelta(days=7)


def exercise_counts(exercises) -> dict:
    """Overdue exercises are pending ones past their due date: counted in both."""
    statuses = Counter(e.status for e in exercises)
    return {
        "assigned": sum(statuses.values()),
        "completed": statuses[ExerciseStatus.COMPLETED.value],
        "not_completed": statuses[ExerciseStatus.NOT_COMPLETED.value],
        "pending": statuses[ExerciseStatus.PENDING.value],
        "overdue": sum(1 for e in exercises if e.is_overdue),
    }


def _prescribed(history: ExerciseHistory, start: datetime, end: datetime) -> float:
    """Videos the prescription asks for within [start, end): the weekly frequency, pro rata to
    the part of the window between the exercise's assignment and its due date."""
    exercise = history.exercise
    if not exercise.frequency_per_week:
        return 0.0
    active_from = max(start, exercise.assigned_date)
    active_to = min(end, exercise.due_date) if exercise.due_date else end
    if active_to <= active_from:
        return 0.0
    return exercise.frequency_per_week * ((active_to - active_from) / WEEK)


def weekly_uploads(histories: list[ExerciseHistory], *, weeks: int, until: datetime) -> dict:
    """Seven-day windows ending at `until`, oldest first, and the share of prescribed videos
    done; uploads beyond an exercise's frequency do not make up for another exercise's."""
    windows, done, asked = [], 0.0, 0.0
    for index in reversed(range(weeks)):
        end = until - index * WEEK
        start = end - WEEK
        videos = prescribed = 0.0
        for history in histories:
            uploads = sum(1 for a in history.attempts if start <= a.uploaded_at < end)
            expected = _prescribed(history, start, end)
            videos += uploads
            prescribed += expected
            done += min(uploads, expected)
        asked += prescribed
        windows.append(
            {"start": start, "end": end, "videos": int(videos), "prescribed": round(prescribed, 1)}
        )
    return {"weeks": windows, "rate": round(done / asked, 2) if asked else None}


def weeks_between(since: datetime | None, until: datetime, default: int) -> int:
    """Windows that cover a requested period (at most a year), or the configured default."""
    if since is None:
        return default
    return max(1, min(52, -(-(until - since) // WEEK)))
