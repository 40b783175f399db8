"""Schemas of the exercises API."""

from marshmallow import ValidationError, fields, validate, validates

from exercise_tracker.analysis.catalog import MOTION_KEYS
from exercise_tracker.extensions.smorest import PagedQueryArgsSchema, Schema
from exercise_tracker.fields import ObjectIdField, TrimmedString, UTCDateTime
from exercise_tracker.models import ExerciseStatus
from exercise_tracker.models.base import utcnow

STATUSES = [status.value for status in ExerciseStatus]


def _prescription_fields():
    """Fresh field instances for each schema that carries the prescription."""
    return {
        "name": TrimmedString(validate=validate.Length(min=1, max=200)),
        "description": fields.String(validate=validate.Length(max=5000)),
        "due_date": UTCDateTime(allow_none=True),
        "motion": fields.String(
            allow_none=True,
            validate=validate.OneOf(MOTION_KEYS),
            metadata={"description": "Key of the motion the analysis checks for (see /motions)."},
        ),
        "target_reps": fields.Integer(
            strict=True, allow_none=True, validate=validate.Range(1, 1000)
        ),
        "sets": fields.Integer(strict=True, allow_none=True, validate=validate.Range(1, 100)),
        "frequency_per_week": fields.Integer(
            strict=True, allow_none=True, validate=validate.Range(1, 50)
        ),
        "target_range_of_motion": fields.Integer(
            strict=True,
            allow_none=True,
            validate=validate.Range(1, 360),
            metadata={"description": "Target excursion of the primary joint, in degrees."},
        ),
    }


class ExerciseSchema(Schema.from_dict(_prescription_fields())):
    id = ObjectIdField(dump_only=True)
    assigned_by = ObjectIdField(dump_only=True)
    assigned_to = ObjectIdField(dump_only=True)
    assigned_date = UTCDateTime(dump_only=True)
    status = fields.String(dump_only=True, validate=validate.OneOf(STATUSES))
    is_overdue = fields.Boolean(dump_only=True)
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)


class ExerciseCreateSchema(Schema.from_dict(_prescription_fields())):
    name = TrimmedString(required=True, validate=validate.Length(min=1, max=200))
    assigned_to = ObjectIdField(required=True, metadata={"description": "The patient's id."})

    @validates("due_date")
    def _not_past(self, value, **kwargs):
        if value is not None and value < utcnow():
            raise ValidationError("Must not be in the past.")


class ExercisePutSchema(Schema.from_dict(_prescription_fields())):
    """A doctor changes the prescription and status; a patient only the status."""

    status = fields.String(validate=validate.OneOf(STATUSES))


class ExerciseQueryArgsSchema(PagedQueryArgsSchema):
    status = fields.String(validate=validate.OneOf(STATUSES))
