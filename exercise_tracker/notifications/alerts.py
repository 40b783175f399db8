"""Open alerts delivered to the doctor, each once.

Alerts are computed, not stored, so an alert's identity is what raised it: its code, exercise,
video and moment (and, for an alert raised by a video, its reason, which tells two form problems
on one video apart). Inactivity is raised by no video; its reason grows by the day, its moment
does not.
"""

import hashlib
import logging
from collections import defaultdict
from datetime import datetime

from flask import current_app

from exercise_tracker.models import Exercise, User
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.delivery import DeliveryKind
from exercise_tracker.notifications.claims import claims_serialised
from exercise_tracker.notifications.dispatch import Notice, deliver, notification_settings
from exercise_tracker.notifications.settings import NotificationSettings
from exercise_tracker.services.alerts import Alert, AlertThresholds, patient_alerts
from exercise_tracker.services.attempts import load_histories
from exercise_tracker.services.reminders import preferences_of

log = logging.getLogger(__name__)

# What the notice says of an alert: enough to look, no clinical detail in an e-mail.
ALERT_LABELS = {
    "pain_high": "high pain reported",
    "pain_rising": "pain rising",
    "inactive": "no uploads for a while",
    "range_falling": "range of motion falling",
    "form_warnings": "the same form problem again",
    "motion_mismatch": "a video of another motion",
}


def alert_key(doctor_id, patient_id, alert: Alert) -> str:
    parts = [alert.code, alert.exercise_id, alert.video_id, alert.at.isoformat()]
    if alert.video_id is not None:
        parts.append(alert.reason)
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"alert:{doctor_id}:{patient_id}:{digest}"


def alert_notice(doctor_id, patient: User, alert: Alert) -> Notice:
    label = ALERT_LABELS.get(alert.code, alert.code.replace("_", " "))
    return Notice(
        key=alert_key(doctor_id, patient.id, alert),
        kind=DeliveryKind.ALERT.value,
        recipient_id=doctor_id,
        patient_id=patient.id,
        exercise_id=alert.exercise_id,
        subject=f"Alert: {patient.full_name}",
        text=(
            f"An alert opened for your patient {patient.full_name}: {label}.\n"
            "Their progress in Exercise Tracker says more."
        ),
    )


def deliver_open_alerts(settings: NotificationSettings, now: datetime, *, patient_id=None) -> int:
    """Delivers each doctor the alerts open for their patients (from the exercises they
    assigned, as their overview shows them) that were not delivered before; answers how many.
    A doctor in quiet hours or with notices off gets them later."""
    query = Exercise.objects().order_by("assigned_date", "id")
    if patient_id is not None:
        query = query.filter(assigned_to=patient_id)
    pairs = defaultdict(list)
    for exercise in query:
        pairs[(exercise.assigned_by, exercise.assigned_to)].append(exercise)
    people = {u.id: u for u in User.objects(id__in={i for p in pairs for i in p}, is_active=True)}
    preferences = preferences_of([user_id for user_id in people if people[user_id].is_doctor])
    limits = AlertThresholds.from_config(current_app.config)
    delivered = 0
    for (doctor_id, patient_id_), exercises in pairs.items():
        patient = people.get(patient_id_)
        if doctor_id not in preferences or patient is None:
            continue
        if not preferences[doctor_id].may_notify(now):
            continue
        for alert in patient_alerts(load_histories(exercises), limits, now):
            if deliver(alert_notice(doctor_id, patient, alert), settings) is not None:
                delivered += 1
    return delivered


def after_analysis(patient_id) -> None:
    """Where an analysis may open alerts: delivers them now rather than at the next sweep.
    A failure here is logged and never fails the analysis."""
    settings = notification_settings()
    if not settings.channels:
        return
    try:
        with claims_serialised(current_app.config):
            deliver_open_alerts(settings, utcnow(), patient_id=patient_id)
    except Exception:
        log.exception("alerts of patient %s not delivered; the next sweep tries again", patient_id)
