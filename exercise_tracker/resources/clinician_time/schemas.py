"""Schemas of the clinician time API: management minutes and interactive contacts."""

from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models import ContactMode, TimeKind

KIND = validate.OneOf([k.value for k in TimeKind])
MODE = validate.OneOf([m.value for m in ContactMode])
MINUTES = validate.Range(min=1, max=24 * 60)


class TimeEntryCreateSchema(Schema):
    kind = fields.String(
        required=True,
        validate=KIND,
        metadata={"description": "management (review, programme changes) or contact"},
    )
    mode = fields.String(validate=MODE, metadata={"description": "call or video; contacts only"})
    date = fields.Date(required=True, metadata={"description": "The day it happened"})
    minutes = fields.Integer(required=True, validate=MINUTES)
    activity = fields.String(
        validate=validate.Length(max=200), metadata={"example": "Reviewed videos"}
    )
    note = fields.String(validate=validate.Length(max=2000))


class TimeEntryPutSchema(Schema):
    mode = fields.String(validate=MODE, allow_none=True)
    date = fields.Date()
    minutes = fields.Integer(validate=MINUTES)
    activity = fields.String(validate=validate.Length(max=200))
    note = fields.String(validate=validate.Length(max=2000))

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Change at least one field.")


class TimeQueryArgsSchema(Schema):
    from_ = fields.Date(data_key="from", metadata={"description": "From this day (inclusive)"})
    to = fields.Date(metadata={"description": "Up to this day (inclusive)"})


class TimeEntrySchema(Schema):
    id = ObjectIdField(dump_only=True)
    patient_id = ObjectIdField(dump_only=True)
    doctor_id = ObjectIdField(dump_only=True, metadata={"description": "The author"})
    kind = fields.String(dump_only=True)
    mode = fields.String(dump_only=True, allow_none=True)
    date = fields.Method("_day", dump_only=True, metadata={"type": "string", "format": "date"})
    minutes = fields.Integer(dump_only=True)
    activity = fields.String(dump_only=True)
    note = fields.String(dump_only=True)
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)

    def _day(self, entry):
        return entry.date.date().isoformat()
