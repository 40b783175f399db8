"""The delivery log: each reminder, notice or alert sent, once, under a unique key, with what
each channel made of it.

The key is inserted before anything is sent, so a second worker or a retry finds it taken and
sends nothing: a delivery is sent at most once.
"""

from enum import StrEnum

from mongoengine import (
    DateTimeField,
    EmbeddedDocument,
    EmbeddedDocumentField,
    ListField,
    ObjectIdField,
    StringField,
)

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User


class DeliveryKind(StrEnum):
    REMINDER = "reminder"  # to a patient: a session is due today
    MISSED_SESSIONS = "missed_sessions"  # to a doctor: a patient fell behind
    ALERT = "alert"  # to a doctor: an alert opened


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


class ChannelStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # one sender holds it; a sender that died leaves it so (never resent)
    SENT = "sent"
    FAILED = "failed"  # given up after the last retry, or refused for good


STATUSES = [status.value for status in ChannelStatus]


class DeliveryAttempt(EmbeddedDocument):
    channel = StringField(required=True, choices=[channel.value for channel in Channel])
    at = DateTimeField(required=True, default=utcnow)
    outcome = StringField(required=True, max_length=200)  # "sent", "HTTP 503", an error's type


@hangs_on(User, "patient_id")
class Delivery(TimestampedDocument):
    meta = {
        "collection": "deliveries",
        "indexes": [
            {"fields": ["key"], "unique": True},
            ("recipient_id", "-created_at"),
            ("patient_id", "-created_at"),
        ],
    }

    key = StringField(required=True, max_length=200)
    kind = StringField(required=True, choices=[kind.value for kind in DeliveryKind])
    recipient_id = ObjectIdField(required=True)
    patient_id = ObjectIdField(required=True)  # whom it is about (the recipient, for a reminder)
    exercise_id = ObjectIdField()
    local_date = StringField(max_length=10)  # the recipient's day it is for, ISO
    subject = StringField(required=True, max_length=200)
    text = StringField(required=True, max_length=2000)
    email_status = StringField(choices=STATUSES)  # None: the channel was off
    webhook_status = StringField(choices=STATUSES)
    attempts = ListField(EmbeddedDocumentField(DeliveryAttempt))

    def status_of(self, channel: Channel) -> str | None:
        return getattr(self, f"{Channel(channel).value}_status")
