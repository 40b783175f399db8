"""Adherence: how the exercises stand, and sessions done against the prescribed frequency."""

from collections import Counter
from datetime import datetime

from exercise_tracker.models import ExerciseStatus
from exercise_tracker.services.attempts import ExerciseHistory
from exercise_tracker.services.completion import WEEK, sessions_done, sessions_prescribed


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


def weekly_uploads(
    histories: list[ExerciseHistory], *, weeks: int, until: datetime, since: datetime | None = None
) -> dict:
    """Seven-day windows ending at `until`, oldest first (the oldest starting no earlier than
    `since`), each with the whole sessions prescribed in it, and the share of them done. Sessions
    beyond an exercise's prescription do not make up for another exercise's; with nothing
    prescribed there is no rate."""
    windows, done, asked = [], 0, 0
    for index in reversed(range(weeks)):
        end = until - index * WEEK
        start = end - WEEK if since is None else max(since, end - WEEK)
        videos = prescribed = 0
        for history in histories:
            videos += sum(1 for a in history.attempts if start <= a.uploaded_at < end)
            expected = sessions_prescribed(history.exercise, start, end)
            prescribed += expected
            done += min(sessions_done(history.attempts, start, end), expected)
        asked += prescribed
        windows.append({"start": start, "end": end, "videos": videos, "prescribed": prescribed})
    return {"weeks": windows, "rate": round(done / asked, 2) if asked else None}


MAX_WEEKS = 52


def weeks_between(since: datetime | None, until: datetime, default: int) -> int:
    """Windows that cover a requested period (at most a year), or the configured default."""
    if since is None:
        return default
    return max(1, min(MAX_WEEKS, -(-(until - since) // WEEK)))
