"""The audit trail: who read or changed which patient's data, when, from where, with what outcome.

Append-only: the application inserts events and never updates one; erasure pseudonymises the
patient instead of removing their trail.
"""

from enum import StrEnum

from mongoengine import DateTimeField, IntField, ObjectIdField, StringField

from exercise_tracker.models.base import StoredDocument, utcnow


class AuditAction(StrEnum):
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"
    ERASE = "erase"


class AuditEvent(StoredDocument):
    meta = {
        "collection": "audit_events",
        "indexes": [("patient_id", "-at"), ("actor_id", "-at"), "-at"],
    }

    at = DateTimeField(required=True, default=utcnow)
    actor_id = ObjectIdField()  # None for the system (CLI, worker) or an anonymous caller
    actor_role = StringField(max_length=20)
    action = StringField(required=True, choices=[action.value for action in AuditAction])
    resource = StringField(required=True, max_length=64)  # e.g. "video", "progress", "export"
    resource_id = StringField(max_length=64)
    patient_id = ObjectIdField()  # whose data; a pseudonym's id after erasure
    address = StringField(max_length=64)
    request_id = StringField(max_length=64)
    outcome = IntField(required=True, default=200)  # the HTTP status, or 200/500 outside HTTP
