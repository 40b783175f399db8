"""A doctor's logged management time and contacts with a patient, free of HTTP."""

from datetime import date, datetime, time

from bson import ObjectId

from exercise_tracker.models import AuditAction, ClinicianTime, TimeKind, User
from exercise_tracker.services import audit


class InvalidEntry(ValueError):
    """An entry that does not hold together, with the field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _check(entry: ClinicianTime) -> ClinicianTime:
    if entry.kind == TimeKind.CONTACT and not entry.mode:
        raise InvalidEntry("mode", "A contact is a call or a video visit: give `mode`.")
    if entry.kind == TimeKind.MANAGEMENT and entry.mode:
        raise InvalidEntry("mode", "Only a contact has a mode.")
    return entry


def log(doctor: User, patient: User, data: dict) -> ClinicianTime:
    entry = ClinicianTime(
        patient_id=patient.id,
        doctor_id=doctor.id,
        kind=data["kind"],
        mode=data.get("mode"),
        date=midnight(data["date"]),
        minutes=data["minutes"],
        activity=data.get("activity", ""),
        note=data.get("note", ""),
    )
    _check(entry).save()
    audit.record(AuditAction.CREATE, "clinician-time", patient.id, resource_id=entry.id)
    return entry


def entries(patient_id: ObjectId, since=None, until=None):
    """Every clinician's entries for the patient, by day; bounds are days, inclusive."""
    query = ClinicianTime.objects(patient_id=patient_id)
    if since:
        query = query.filter(date__gte=midnight(since))
    if until:
        query = query.filter(date__lte=midnight(until))
    return query.order_by("date", "id")


def list_for(patient_id: ObjectId, since=None, until=None) -> list[ClinicianTime]:
    found = list(entries(patient_id, since, until))
    audit.concerns(patient_id, resource="clinician-time")
    return found


def edit(entry: ClinicianTime, changes: dict) -> ClinicianTime:
    """Changes an entry (its author is checked by the caller)."""
    for name, value in changes.items():
        setattr(entry, name, midnight(value) if name == "date" else value)
    _check(entry).save()
    audit.record(AuditAction.UPDATE, "clinician-time", entry.patient_id, resource_id=entry.id)
    return entry


def remove(entry: ClinicianTime) -> None:
    entry.delete()
    audit.record(AuditAction.DELETE, "clinician-time", entry.patient_id, resource_id=entry.id)
