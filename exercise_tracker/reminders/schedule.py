"""When reminders and notices are due: pure functions of a prescription, its uploads, a person's
preferences and the time now (an injected clock), so a week can be simulated in a test.

Times come in as naive UTC, as the store keeps them; days are the person's local days.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK_DAYS = 7


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class QuietHours:
    """[start, end) of the local day; a start after the end runs across midnight."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class Preferences:
    enabled: bool
    local_time: time
    zone: ZoneInfo
    quiet_hours: QuietHours | None = None

    def local(self, moment: datetime) -> datetime:
        """A naive UTC moment on this person's clock."""
        return moment.replace(tzinfo=UTC).astimezone(self.zone)

    def is_quiet(self, moment: datetime) -> bool:
        return self.quiet_hours is not None and self.quiet_hours.contains(self.local(moment).time())

    def may_notify(self, moment: datetime) -> bool:
        """Switched on and outside quiet hours: what anything sent to the person waits for."""
        return self.enabled and not self.is_quiet(moment)


@dataclass(frozen=True)
class Prescription:
    """A recurring exercise: sessions per week from the day it was assigned, and its uploads."""

    exercise_id: object
    patient_id: object
    doctor_id: object
    name: str
    frequency_per_week: int
    assigned_at: datetime
    due_at: datetime | None = None
    closed: bool = False  # ended by the doctor or by `close-overdue`
    uploads: tuple[datetime, ...] = ()

    def active_at(self, moment: datetime) -> bool:
        return (
            not self.closed
            and self.frequency_per_week > 0
            and self.assigned_at <= moment
            and (self.due_at is None or moment < self.due_at)
        )


@dataclass(frozen=True)
class DueReminder:
    patient_id: object
    exercise_id: object
    local_date: date

    @property
    def key(self) -> str:
        return f"reminder:{self.patient_id}:{self.exercise_id}:{self.local_date.isoformat()}"


@dataclass(frozen=True)
class MissedSessions:
    """A doctor's notice: the patient is `missed` sessions behind; sent once per `level`
    (each further `threshold` sessions missed)."""

    doctor_id: object
    patient_id: object
    exercise_id: object
    missed: int
    level: int

    @property
    def key(self) -> str:
        return f"missed_sessions:{self.doctor_id}:{self.exercise_id}:{self.level}"


def sessions_due_by(frequency: int, week_day: int) -> int:
    """Sessions asked for by the end of day `week_day` (0..6) of a prescription's week: the
    weekly frequency spread evenly and early, so a missed day leaves room to catch up."""
    return -(-(week_day + 1) * frequency // WEEK_DAYS)


def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def _local_days(moments, zone: ZoneInfo) -> list[date]:
    return [_local_date(moment, zone) for moment in moments]


def _uploads_between(days: list[date], first: date, last: date) -> int:
    return sum(1 for day in days if first <= day <= last)


def reminder_due(
    prescription: Prescription, patient: Preferences, now: datetime
) -> DueReminder | None:
    """Today's reminder, once the patient's local time has come, on a day a session falls due
    while they are behind this week and have not uploaded today; never in quiet hours, never
    for a day that has ended."""
    if not prescription.active_at(now) or not patient.may_notify(now):
        return None
    local_now = patient.local(now)
    today = local_now.date()
    send_from = datetime.combine(today, patient.local_time, tzinfo=patient.zone)
    if local_now < send_from or patient.local(prescription.assigned_at) > send_from:
        return None  # not yet, or assigned after today's reminder time
    start = patient.local(prescription.assigned_at).date()
    week_day = (today - start).days % WEEK_DAYS
    due = sessions_due_by(prescription.frequency_per_week, week_day)
    if week_day and due == sessions_due_by(prescription.frequency_per_week, week_day - 1):
        return None  # no new session falls due today
    week_start = today - timedelta(days=week_day)
    days = _local_days(prescription.uploads, patient.zone)
    if today in days or _uploads_between(days, week_start, today) >= due:
        return None  # done today, or up to date this week
    return DueReminder(prescription.patient_id, prescription.exercise_id, today)


def missed_sessions(prescription: Prescription, zone: ZoneInfo, now: datetime) -> int:
    """Sessions due on the patient's days that have ended (before today, before the due date)
    and not uploaded, week by week: extra uploads in one week do not make up for another."""
    start = _local_date(prescription.assigned_at, zone)
    last = _local_date(now, zone) - timedelta(days=1)
    if prescription.due_at is not None:
        last = min(last, _local_date(prescription.due_at, zone) - timedelta(days=1))
    days = _local_days(prescription.uploads, zone)
    missed = 0
    week_start = start
    while week_start <= last:
        week_end = min(week_start + timedelta(days=WEEK_DAYS - 1), last)
        due = sessions_due_by(prescription.frequency_per_week, (week_end - week_start).days)
        missed += max(0, due - _uploads_between(days, week_start, week_end))
        week_start += timedelta(days=WEEK_DAYS)
    return missed


def missed_sessions_due(
    prescription: Prescription, patient_zone: ZoneInfo, now: datetime, threshold: int
) -> MissedSessions | None:
    """The doctor's notice when the patient has missed `threshold` sessions (again at twice as
    many, and so on); none for a prescription that has ended."""
    if threshold <= 0 or not prescription.active_at(now):
        return None
    missed = missed_sessions(prescription, patient_zone, now)
    if missed < threshold:
        return None
    return MissedSessions(
        prescription.doctor_id,
        prescription.patient_id,
        prescription.exercise_id,
        missed,
        missed // threshold,
    )
