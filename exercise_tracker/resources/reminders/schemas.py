"""Schemas of the reminders API: preferences and the delivery log."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import PagedQueryArgsSchema, Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models.delivery import STATUSES, Channel, DeliveryKind
from exercise_tracker.models.reminder import CLOCK_TIME

CLOCK = validate.Regexp(CLOCK_TIME, error="A local time as HH:MM (24-hour).")


def _clock(description: str, **kwargs):
    return fields.String(
        validate=CLOCK, metadata={"description": description, "example": "07:30"}, **kwargs
    )


class PreferencesSchema(Schema):
    enabled = fields.Boolean(
        metadata={"description": "Reminders (patients), notices and alerts (doctors) on or off"}
    )
    local_time = _clock("When the day's reminder goes, on your clock")
    time_zone = fields.String(
        validate=validate.Length(min=1, max=64),
        metadata={"description": "IANA time zone", "example": "Europe/Berlin"},
    )
    quiet_start = _clock("Nothing is sent from this time…", allow_none=True)
    quiet_end = _clock("…until this one (may run across midnight)", allow_none=True)
    updated_at = UTCDateTime(dump_only=True, allow_none=True)


class DeliveryAttemptSchema(Schema):
    channel = fields.String(dump_only=True, validate=validate.OneOf([c.value for c in Channel]))
    at = UTCDateTime(dump_only=True)
    outcome = fields.String(dump_only=True)


class DeliverySchema(Schema):
    id = ObjectIdField(dump_only=True)
    kind = fields.String(
        dump_only=True, validate=validate.OneOf([kind.value for kind in DeliveryKind])
    )
    patient_id = ObjectIdField(dump_only=True)
    exercise_id = ObjectIdField(dump_only=True, allow_none=True)
    local_date = fields.String(dump_only=True, allow_none=True)
    subject = fields.String(dump_only=True)
    email_status = fields.String(dump_only=True, allow_none=True, validate=validate.OneOf(STATUSES))
    webhook_status = fields.String(
        dump_only=True, allow_none=True, validate=validate.OneOf(STATUSES)
    )
    attempts = fields.List(fields.Nested(DeliveryAttemptSchema), dump_only=True)
    created_at = UTCDateTime(dump_only=True)


class DeliveryQueryArgsSchema(PagedQueryArgsSchema):
    kind = fields.String(validate=validate.OneOf([kind.value for kind in DeliveryKind]))
