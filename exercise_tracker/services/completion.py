"""What `Completed` and `Not Completed` mean, derived from a prescription and its attempts.

- A one-off exercise (no weekly frequency) is `Completed` by an attempt that shows the
  prescribed motion (`match`, at least `MATCH_THRESHOLD` sure) and meets the target: every set
  of the target repetitions in one video, and the target range of motion when one is set. Past
  its due date without one it is `Not Completed`, unless an attempt could not be judged
  (`cant_tell`): that one waits, overdue, for the doctor.
- A recurring exercise (a weekly frequency) stays `Pending` until its due date; then it is
  `Completed` when the patient did the prescribed sessions over the whole period (the
  frequency for each week begun between assignment and due date), else `Not Completed`.
  Without a due date it stays `Pending`.
- Each attempt counts as a session unless its analysis saw another motion (`mismatch`).
- Removing an attempt derives the status again; a status set by hand holds until the
  attempts change.
"""

import math
from datetime import datetime, timedelta

from flask import current_app

from exercise_tracker.models import Exercise, ExerciseStatus, MatchStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.services.attempts import Attempt, ExerciseHistory, load_histories

WEEK = timedelta(days=7)


def sessions_prescribed(exercise: Exercise, start: datetime, end: datetime) -> int:
    """Whole sessions a recurring prescription asks for within [start, end): its weekly
    frequency for each week (seven days counted from `start`) in which it is active at all."""
    if not exercise.is_recurring:
        return 0
    active_from = max(start, exercise.assigned_date)
    active_to = min(end, exercise.due_date) if exercise.due_date else end
    if active_to <= active_from:
        return 0
    first_week = (active_from - start) // WEEK
    weeks_begun = math.ceil((active_to - start) / WEEK)
    return exercise.frequency_per_week * (weeks_begun - first_week)


def counts_as_session(attempt: Attempt) -> bool:
    return attempt.match_status is not MatchStatus.MISMATCH


def sessions_done(attempts: list[Attempt], start: datetime, end: datetime) -> int:
    return sum(1 for a in attempts if start <= a.uploaded_at < end and counts_as_session(a))


def meets_target(attempt: Attempt, exercise: Exercise, threshold: float) -> bool:
    """The prescribed motion, surely enough, with every repetition and the range asked for."""
    if attempt.match_status is not MatchStatus.MATCH or attempt.confidence < threshold:
        return False
    reps = exercise.session_reps
    if reps and (attempt.rep_count or 0) < reps:
        return False
    target_range = exercise.target_range_of_motion
    measured_in_degrees = attempt.range_of_motion and attempt.range_of_motion.unit == "degrees"
    return not (target_range and measured_in_degrees and (attempt.excursion or 0) < target_range)


def derived_status(history: ExerciseHistory, now: datetime, threshold: float) -> ExerciseStatus:
    exercise = history.exercise
    period_over = exercise.due_date is not None and now >= exercise.due_date
    if exercise.is_recurring:
        if not period_over:
            return ExerciseStatus.PENDING
        done = sessions_done(history.attempts, exercise.assigned_date, exercise.due_date)
        asked = sessions_prescribed(exercise, exercise.assigned_date, exercise.due_date)
        return ExerciseStatus.COMPLETED if done >= asked else ExerciseStatus.NOT_COMPLETED
    if any(meets_target(a, exercise, threshold) for a in history.analysed):
        return ExerciseStatus.COMPLETED
    undecided = any(a.match_status is MatchStatus.CANT_TELL for a in history.analysed)
    if period_over and not undecided:
        return ExerciseStatus.NOT_COMPLETED
    return ExerciseStatus.PENDING


def settle(exercises) -> int:
    """Derives each exercise's status from its attempts and saves those that changed; answers
    how many did."""
    now, threshold = utcnow(), current_app.config["MATCH_THRESHOLD"]
    changed = 0
    for history in load_histories(exercises):
        status = derived_status(history, now, threshold)
        if history.exercise.status != status:
            history.exercise.status = status.value
            history.exercise.save()
            changed += 1
    return changed


def refresh_status(exercise_id) -> int:
    """After an attempt was analysed or removed."""
    return settle(Exercise.objects(id=exercise_id))


def close_overdue() -> int:
    """Settles the pending exercises whose due date has passed (safe to run on a schedule)."""
    return settle(Exercise.objects(status=ExerciseStatus.PENDING.value, due_date__lt=utcnow()))
