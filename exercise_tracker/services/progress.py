"""Progress of a patient, and a doctor's overview of their patients, from their attempts."""

from collections import defaultdict
from datetime import datetime

from flask import current_app

from exercise_tracker.models import Exercise, User
from exercise_tracker.models.base import utcnow
from exercise_tracker.services.adherence import exercise_counts, weekly_uploads, weeks_between
from exercise_tracker.services.alerts import (
    HIGH,
    AlertThresholds,
    patient_alerts,
    with_score_alerts,
)
from exercise_tracker.services.attempts import ExerciseHistory, load_histories, within
from exercise_tracker.services.messages import unread_by_patient
from exercise_tracker.services.monitoring import MonitoringRules, summarise
from exercise_tracker.services.questionnaires import score_series, visible_answers

# Changes smaller than this share of the first value are "steady".
STEADY_TOLERANCE = 0.05


def visible_exercises(viewer: User, patient_id):
    """All of a patient's exercises for the patient; for a doctor, those they assigned."""
    return (
        Exercise.objects.visible_to(viewer)
        .filter(assigned_to=patient_id)
        .order_by("assigned_date", "id")
    )


def trend(values) -> str | None:
    """The direction from the first measured value to the latest: up, down or steady."""
    measured = [v for v in values if v is not None]
    if len(measured) < 2:
        return None
    first, latest = measured[0], measured[-1]
    if abs(latest - first) <= STEADY_TOLERANCE * max(abs(first), 1e-9):
        return "steady"
    return "up" if latest > first else "down"


def _latest(values):
    return next((v for v in reversed(values) if v is not None), None)


def exercise_progress(history: ExerciseHistory) -> dict:
    exercise, attempts = history.exercise, history.attempts
    reps = [a.rep_count for a in history.analysed]
    ranges = [a.excursion for a in history.analysed]
    confidences = [a.confidence for a in history.analysed]
    latest_reps = _latest(reps)
    target = exercise.session_reps
    return {
        "exercise_id": exercise.id,
        "name": exercise.name,
        "motion": exercise.motion,
        "status": exercise.status,
        "due_date": exercise.due_date,
        "is_overdue": exercise.is_overdue,
        "frequency_per_week": exercise.frequency_per_week,
        "sets": exercise.sets,
        "target_reps": exercise.target_reps,
        "attempt_count": len(attempts),
        "analysed_count": len(history.analysed),
        "repetitions": {
            "target": target,
            "latest": latest_reps,
            "best": max((r for r in reps if r is not None), default=None),
            "target_met": None if latest_reps is None or not target else latest_reps >= target,
        },
        "range_of_motion": {
            "joint": history.range_joint,
            "unit": history.range_unit,
            "target": exercise.target_range_of_motion,
            "latest": _latest(ranges),
            "best": max((r for r in ranges if r is not None), default=None),
            "trend": trend(ranges),
        },
        "confidence": {"latest": _latest(confidences), "trend": trend(confidences)},
        "last_activity": history.last_activity,
        "attempts": [a.summary() for a in attempts],
    }


def _last_activity(histories) -> datetime | None:
    return max((h.last_activity for h in histories if h.last_activity), default=None)


def _adherence(histories, since, until) -> dict:
    weeks = weeks_between(since, until, current_app.config["PROGRESS_WEEKS"])
    return {
        "exercises": exercise_counts([h.exercise for h in histories]),
        **weekly_uploads(histories, weeks=weeks, until=until, since=since),
    }


def patient_progress(viewer: User, patient: User, since=None, until=None) -> dict:
    """Adherence and each exercise's attempts within an optional upload period, and the open
    alerts."""
    now = utcnow()
    until = min(until or now, now)
    everything = load_histories(visible_exercises(viewer, patient.id))
    histories = within(everything, since, until)
    limits = AlertThresholds.from_config(current_app.config)
    scores = score_series(visible_answers(viewer, patient.id))
    return {
        "patient": patient,
        "period": {"from_": since, "to": until},
        "adherence": _adherence(histories, since, until),
        "last_activity": _last_activity(histories),
        # Alerts are about now: open ones, whatever the period shown.
        "alerts": with_score_alerts(patient_alerts(everything, limits, now), scores),
        "exercises": [exercise_progress(h) for h in histories],
        "questionnaires": scores,
        # For the PDF report; the API has its own monitoring route.
        "monitoring": summarise(patient.id, MonitoringRules.from_config(current_app.config)),
    }


SORT_KEYS = {
    # Patients who need attention first: serious alerts, any alert, overdue work, low
    # adherence, then the longest silence.
    "attention": lambda row: (
        -sum(a.severity == HIGH for a in row["alerts"]),
        -len(row["alerts"]),
        -row["exercises"]["overdue"],
        row["adherence_rate"] if row["adherence_rate"] is not None else 2.0,
        row["last_activity"] or datetime.min,
    ),
    "name": lambda row: row["patient"].full_name.casefold(),
    "last_activity": lambda row: row["last_activity"] or datetime.min,
    "adherence": lambda row: row["adherence_rate"] if row["adherence_rate"] is not None else 2.0,
}


def doctor_overview(doctor: User, sort: str = "attention") -> list[dict]:
    """One row per patient the doctor treats, computed from the doctor's exercises only."""
    now = utcnow()
    limits = AlertThresholds.from_config(current_app.config)
    by_patient = defaultdict(list)
    exercises = Exercise.objects(assigned_by=doctor.id).order_by("assigned_date", "id")
    for history in load_histories(exercises):
        by_patient[history.exercise.assigned_to].append(history)
    patients = User.objects(id__in=list(by_patient))
    unread = unread_by_patient(doctor, list(by_patient))
    rows = []
    for patient in patients:
        histories = by_patient[patient.id]
        adherence = _adherence(histories, None, now)
        scores = score_series(visible_answers(doctor, patient.id))
        alerts = with_score_alerts(patient_alerts(histories, limits, now), scores)
        rows.append(
            {
                "patient": patient,
                "exercises": adherence["exercises"],
                "adherence_rate": adherence["rate"],
                "last_activity": _last_activity(histories),
                "alert_count": len(alerts),
                "alerts": alerts,
                "unread_messages": unread[patient.id],
            }
        )
    return sorted(rows, key=SORT_KEYS[sort])
