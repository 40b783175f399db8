"""Remote therapeutic monitoring: days with data per period from the start of monitoring, and
clinician minutes and contacts per calendar month, against thresholds that are settings because
the rules change by country and year (US CPT 98975-98981 are the defaults)."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bson import ObjectId

from exercise_tracker.models import (
    AuditAction,
    ClinicianTime,
    Exercise,
    Prediction,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
    TimeKind,
    User,
    Video,
)
from exercise_tracker.models.base import utcnow
from exercise_tracker.services import audit

FULL, PARTIAL, NONE = "full", "partial", "none"


@dataclass(frozen=True)
class MonitoringRules:
    period_days: int
    days_full: int
    days_partial: int
    minutes_full: int
    minutes_partial: int
    contacts_required: int

    @classmethod
    def from_config(cls, config) -> "MonitoringRules":
        return cls(
            period_days=config["MONITORING_PERIOD_DAYS"],
            days_full=config["MONITORING_DAYS_FULL"],
            days_partial=config["MONITORING_DAYS_PARTIAL"],
            minutes_full=config["MONITORING_MINUTES_FULL"],
            minutes_partial=config["MONITORING_MINUTES_PARTIAL"],
            contacts_required=config["MONITORING_CONTACTS_REQUIRED"],
        )

    def days_level(self, days: int) -> str:
        if days >= self.days_full:
            return FULL
        return PARTIAL if days >= self.days_partial else NONE

    def minutes_level(self, minutes: int, contacts: int) -> str:
        if contacts < self.contacts_required:
            return NONE
        if minutes >= self.minutes_full:
            return FULL
        return PARTIAL if minutes >= self.minutes_partial else NONE


def data_days(patient_id: ObjectId) -> dict[date, set[str]]:
    """Each UTC day with data, and which kinds: an analysed upload, a pain report, an answer."""
    days: dict[date, set[str]] = {}
    analysed = {p.video_id for p in Prediction.objects(patient_id=patient_id).only("video_id")}
    for video in Video.objects(patient_id=patient_id).only("id", "upload_date", "pain_level"):
        if video.id in analysed:
            days.setdefault(video.upload_date.date(), set()).add("analysed_upload")
        if video.pain_level is not None:
            days.setdefault(video.upload_date.date(), set()).add("pain_report")
    for answer in QuestionnaireAnswer.objects(patient_id=patient_id).only("answered_at"):
        days.setdefault(answer.answered_at.date(), set()).add("questionnaire_answer")
    return days


def monitoring_start(patient_id: ObjectId, days) -> date | None:
    """The day monitoring began: the first exercise or questionnaire assigned, else the first
    day with data."""
    starts = [
        e.assigned_date.date()
        for e in Exercise.objects(assigned_to=patient_id).only("assigned_date")
    ]
    starts += [
        q.start_date.date()
        for q in QuestionnaireAssignment.objects(patient_id=patient_id).only("start_date")
    ]
    return min(starts or list(days) or [None], key=lambda d: d or date.max)


MONTH_PATTERN = r"^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$"  # 1970-01 to 2999-12


def parse_month(text: str) -> date:
    """`YYYY-MM` as the month's first day; ValueError when it is not a month."""
    if not re.fullmatch(MONTH_PATTERN[1:-1], text or ""):
        raise ValueError("A month as YYYY-MM between 1970 and 2999, e.g. 2026-11.")
    return date(int(text[:4]), int(text[5:]), 1)


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def summarise(patient_id: ObjectId, rules: MonitoringRules, today: date | None = None) -> dict:
    """Periods and months from the start of monitoring up to `today` (default: now, UTC)."""
    today = today or utcnow().date()
    days = data_days(patient_id)
    start = monitoring_start(patient_id, days)
    periods, months = [], []
    if start is not None and start <= today:
        period_start = start
        while period_start <= today:
            period_end = period_start + timedelta(days=rules.period_days - 1)
            count = sum(period_start <= d <= period_end for d in days)
            periods.append(
                {
                    "start": period_start,
                    "end": period_end,
                    "complete": period_end < today,
                    "days_with_data": count,
                    "level": rules.days_level(count),
                }
            )
            period_start = period_end + timedelta(days=1)
        entries = list(ClinicianTime.objects(patient_id=patient_id))
        for month in _months(start, today):
            inside = [e for e in entries if month <= e.date.date() <= month_end(month)]
            management = sum(e.minutes for e in inside if e.kind == TimeKind.MANAGEMENT)
            contact = sum(e.minutes for e in inside if e.kind == TimeKind.CONTACT)
            contacts = sum(e.kind == TimeKind.CONTACT for e in inside)
            months.append(
                {
                    "month": f"{month:%Y-%m}",
                    "management_minutes": management,
                    "contact_minutes": contact,
                    "total_minutes": management + contact,
                    "contacts": contacts,
                    "level": rules.minutes_level(management + contact, contacts),
                }
            )
    return {
        "patient_id": patient_id,
        "start": start,
        "today": today,
        "thresholds": rules,
        "days": [
            {"day": d, "kinds": sorted(days[d])} for d in sorted(days) if start and d >= start
        ],
        "periods": periods,
        "months": months,
    }


def patient_summary(patient: User, rules: MonitoringRules, today=None) -> dict:
    summary = summarise(patient.id, rules, today)
    audit.record(AuditAction.READ, "monitoring", patient.id)
    return {**summary, "patient": patient}


CSV_COLUMNS = (
    "patient_id",
    "full_name",
    "month",
    "period_start",
    "period_end",
    "days_with_data",
    "days_level",
    "management_minutes",
    "contact_minutes",
    "total_minutes",
    "contacts",
    "minutes_level",
)


def _row(patient: User, month: date, summary: dict) -> dict | None:
    last_day = min(month_end(month), summary["today"])
    period = next((p for p in summary["periods"] if p["start"] <= last_day <= p["end"]), None)
    minutes = next((m for m in summary["months"] if m["month"] == f"{month:%Y-%m}"), None)
    if period is None and minutes is None:
        return None
    minutes = minutes or {"management_minutes": 0, "contact_minutes": 0, "total_minutes": 0}
    return {
        "patient_id": str(patient.id),
        "full_name": patient.full_name,
        "month": f"{month:%Y-%m}",
        "period_start": period["start"].isoformat() if period else "",
        "period_end": period["end"].isoformat() if period else "",
        "days_with_data": period["days_with_data"] if period else 0,
        "days_level": period["level"] if period else NONE,
        "management_minutes": minutes["management_minutes"],
        "contact_minutes": minutes["contact_minutes"],
        "total_minutes": minutes["total_minutes"],
        "contacts": minutes.get("contacts", 0),
        "minutes_level": minutes.get("level", NONE),
    }


def clinic_csv(patients, month: date, rules: MonitoringRules, today=None) -> str:
    """One row per patient monitored in the month: the 30-day period that holds the month's last
    day (or today, in the current month) and the month's minutes and contacts."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for patient in sorted(patients, key=lambda p: (p.full_name.casefold(), str(p.id))):
        row = _row(patient, month, summarise(patient.id, rules, today))
        if row:
            writer.writerow(row)
            audit.record(AuditAction.EXPORT, "monitoring", patient.id)
    return out.getvalue()


def treated_by(doctor: User) -> list[User]:
    """The patients a doctor treats (see `permissions.treats`)."""
    ids = Exercise.objects(assigned_by=doctor.id).distinct("assigned_to")
    return list(User.objects(id__in=ids, role=Role.PATIENT.value))


def every_patient() -> list[User]:
    return list(User.objects(role=Role.PATIENT.value))
