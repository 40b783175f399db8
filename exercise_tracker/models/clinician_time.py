"""Time a doctor spends managing a patient's remote therapy, and their interactive contacts
(calls, video visits): what a clinic bills remote therapeutic monitoring from."""

from enum import StrEnum

from mongoengine import DateTimeField, IntField, ObjectIdField, StringField

from exercise_tracker.models.base import TimestampedDocument
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User


class TimeKind(StrEnum):
    MANAGEMENT = "management"  # reviewing data, adjusting the programme
    CONTACT = "contact"  # an interactive communication with the patient


class ContactMode(StrEnum):
    CALL = "call"
    VIDEO = "video"


@hangs_on(User, "patient_id")
class ClinicianTime(TimestampedDocument):
    meta = {
        "collection": "clinician_time",
        "indexes": [("patient_id", "date"), ("doctor_id", "date")],
    }

    patient_id = ObjectIdField(required=True)
    doctor_id = ObjectIdField(required=True)  # the author; only they may change it
    kind = StringField(required=True, choices=[k.value for k in TimeKind])
    mode = StringField(choices=[m.value for m in ContactMode])  # contacts only
    date = DateTimeField(required=True)  # the day it happened (midnight UTC)
    minutes = IntField(required=True, min_value=1, max_value=24 * 60)
    activity = StringField(max_length=200, default="")
    note = StringField(max_length=2000, default="")
