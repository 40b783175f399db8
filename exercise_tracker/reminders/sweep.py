"""The periodic sweep: finds the reminders, missed-session notices and alerts due now and
delivers each once. Safe to run as often and from as many processes as one likes."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime

from flask import current_app
from mongoengine.queryset.visitor import Q

from exercise_tracker.models import Exercise, ExerciseStatus, User, Video
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.delivery import DeliveryKind
from exercise_tracker.notifications.alerts import deliver_open_alerts
from exercise_tracker.notifications.claims import claims_serialised
from exercise_tracker.notifications.dispatch import (
    Notice,
    deliver,
    notification_settings,
    retry_pending,
)
from exercise_tracker.reminders.schedule import (
    DueReminder,
    MissedSessions,
    Prescription,
    missed_sessions_due,
    reminder_due,
)
from exercise_tracker.services.reminders import preferences_of


@dataclass
class SweepReport:
    channels: tuple[str, ...] = ()
    reminders: int = 0
    missed_sessions: int = 0
    alerts: int = 0
    retried: int = 0
    at: datetime = field(default_factory=utcnow)

    def as_dict(self) -> dict:
        return {**asdict(self), "channels": list(self.channels), "at": self.at.isoformat() + "Z"}


def active_prescriptions(now: datetime) -> list[Prescription]:
    """Recurring exercises running now, each with its uploads."""
    exercises = list(
        Exercise.objects(
            Q(due_date=None) | Q(due_date__gt=now),
            frequency_per_week__gte=1,
            status__ne=ExerciseStatus.NOT_COMPLETED.value,
            assigned_date__lte=now,
        )
    )
    uploads = defaultdict(list)
    videos = Video.objects(exercise_id__in=[e.id for e in exercises]).only(
        "exercise_id", "upload_date"
    )
    for video in videos:
        uploads[video.exercise_id].append(video.upload_date)
    return [
        Prescription(
            exercise_id=e.id,
            patient_id=e.assigned_to,
            doctor_id=e.assigned_by,
            name=e.name,
            frequency_per_week=e.frequency_per_week,
            assigned_at=e.assigned_date,
            due_at=e.due_date,
            closed=e.status == ExerciseStatus.NOT_COMPLETED,
            uploads=tuple(sorted(uploads[e.id])),
        )
        for e in exercises
    ]


def reminder_notice(due: DueReminder, prescription: Prescription, patient: User) -> Notice:
    return Notice(
        key=due.key,
        kind=DeliveryKind.REMINDER.value,
        recipient_id=patient.id,
        patient_id=patient.id,
        exercise_id=prescription.exercise_id,
        local_date=due.local_date,
        subject=f"Reminder: {prescription.name} today",
        text=(
            f"Hello {patient.full_name},\n\nA session of {prescription.name} is due today. "
            "Record it in Exercise Tracker when you can.\n\n"
            "You can change the time of these reminders, or switch them off, in your settings."
        ),
    )


def missed_notice(missed: MissedSessions, prescription: Prescription, patient: User) -> Notice:
    return Notice(
        key=missed.key,
        kind=DeliveryKind.MISSED_SESSIONS.value,
        recipient_id=missed.doctor_id,
        patient_id=patient.id,
        exercise_id=prescription.exercise_id,
        subject=f"Missed sessions: {patient.full_name}",
        text=(
            f"Your patient {patient.full_name} has missed {missed.missed} session(s) of "
            f"{prescription.name}."
        ),
    )


def send_due(now: datetime | None = None) -> SweepReport:
    """Delivers what is due at `now` (default: the clock) on the configured channels; with no
    channel configured, nothing is claimed, so nothing is lost when one is turned on."""
    now = now or utcnow()
    settings = notification_settings()
    report = SweepReport(channels=tuple(c.value for c in settings.channels), at=now)
    if not settings.channels:
        return report
    with claims_serialised(current_app.config):
        _sweep(settings, now, report)
    return report


def _sweep(settings, now: datetime, report: SweepReport) -> None:
    prescriptions = active_prescriptions(now)
    ids = {p.patient_id for p in prescriptions} | {p.doctor_id for p in prescriptions}
    people = {user.id: user for user in User.objects(id__in=ids, is_active=True)}
    preferences = preferences_of(list(people))
    threshold = current_app.config["MISSED_SESSIONS_NOTICE"]
    for prescription in prescriptions:
        patient, doctor = people.get(prescription.patient_id), people.get(prescription.doctor_id)
        if patient is None:
            continue
        due = reminder_due(prescription, preferences[patient.id], now)
        if due and deliver(reminder_notice(due, prescription, patient), settings):
            report.reminders += 1
        if doctor is None or not preferences[doctor.id].may_notify(now):
            continue
        missed = missed_sessions_due(prescription, preferences[patient.id].zone, now, threshold)
        if missed and deliver(missed_notice(missed, prescription, patient), settings):
            report.missed_sessions += 1
    report.alerts = deliver_open_alerts(settings, now)
    if not current_app.config["REDIS_URL"]:
        report.retried = retry_pending(settings, now)
