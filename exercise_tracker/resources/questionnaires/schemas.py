"""Schemas of the questionnaire API: instruments, assignments, answers and score trends."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models import Schedule


class OptionSchema(Schema):
    value = fields.Integer(dump_only=True)
    label = fields.String(dump_only=True)


class ItemSchema(Schema):
    id = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    type = fields.String(dump_only=True, metadata={"description": "integer, choice or text"})
    required = fields.Boolean(dump_only=True)
    scored = fields.Boolean(dump_only=True)
    min = fields.Integer(dump_only=True, allow_none=True)
    max = fields.Integer(dump_only=True, allow_none=True)
    options = fields.List(fields.Nested(OptionSchema), dump_only=True)
    requires = fields.String(dump_only=True, allow_none=True)


class McidSchema(Schema):
    value = fields.Float(dump_only=True)
    source = fields.String(dump_only=True)


class InstrumentSchema(Schema):
    code = fields.String(dump_only=True)
    version = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    description = fields.String(dump_only=True)
    items = fields.List(fields.Nested(ItemSchema), dump_only=True)
    method = fields.String(dump_only=True, metadata={"description": "sum, mean or table"})
    score_range = fields.List(fields.Float(), dump_only=True)
    better = fields.String(dump_only=True, metadata={"description": "higher or lower"})
    mcid = fields.Nested(McidSchema, dump_only=True, allow_none=True)
    loinc = fields.String(dump_only=True, allow_none=True)
    reference = fields.String(dump_only=True, allow_none=True)
    license = fields.String(dump_only=True, allow_none=True)
    notes = fields.String(dump_only=True, allow_none=True)


class AssignmentCreateSchema(Schema):
    instrument = fields.String(
        required=True, validate=validate.Length(1, 64), metadata={"example": "koos-jr"}
    )
    schedule = fields.String(required=True, validate=validate.OneOf([s.value for s in Schedule]))
    start_date = UTCDateTime(metadata={"description": "Default now"})
    end_date = UTCDateTime(metadata={"description": "Required for start_and_end"})


class AnswerCreateSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(validate=validate.Length(1, 64)),
        values=fields.Raw(allow_none=True),
        required=True,
        validate=validate.Length(max=100),
        metadata={"description": "Item id to answer: a whole number, or text for text items"},
    )


class AnswerSchema(Schema):
    id = ObjectIdField(dump_only=True)
    assignment_id = ObjectIdField(dump_only=True)
    instrument = fields.String(dump_only=True)
    instrument_version = fields.String(dump_only=True)
    answers = fields.Dict(dump_only=True)
    score = fields.Float(dump_only=True)
    raw_score = fields.Float(
        dump_only=True, metadata={"description": "The sum (or mean) before any conversion"}
    )
    answered_at = UTCDateTime(dump_only=True)


class AssignmentSchema(Schema):
    id = ObjectIdField(dump_only=True, attribute="assignment.id")
    patient_id = ObjectIdField(dump_only=True, attribute="assignment.patient_id")
    assigned_by = ObjectIdField(dump_only=True, attribute="assignment.assigned_by")
    instrument = fields.String(dump_only=True, attribute="assignment.instrument")
    title = fields.String(dump_only=True)
    schedule = fields.String(dump_only=True, attribute="assignment.schedule")
    start_date = UTCDateTime(dump_only=True, attribute="assignment.start_date")
    end_date = UTCDateTime(dump_only=True, allow_none=True, attribute="assignment.end_date")
    active = fields.Boolean(dump_only=True, attribute="assignment.active")
    due = fields.Boolean(dump_only=True, metadata={"description": "An answer is due now"})
    answers = fields.List(fields.Nested(AnswerSchema), dump_only=True)


class ScorePointSchema(Schema):
    at = UTCDateTime(dump_only=True)
    score = fields.Float(dump_only=True)


class ScoreTrendSchema(Schema):
    instrument = fields.String(dump_only=True, attribute="instrument.code")
    title = fields.String(dump_only=True, attribute="instrument.title")
    better = fields.String(dump_only=True, attribute="instrument.better")
    mcid = fields.Float(dump_only=True, allow_none=True, attribute="instrument.mcid.value")
    scores = fields.List(fields.Nested(ScorePointSchema), dump_only=True)
    latest = fields.Float(dump_only=True, allow_none=True)
    change = fields.Float(
        dump_only=True, allow_none=True, metadata={"description": "Latest minus first"}
    )
    trend = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "better, worse or steady, read with the instrument's direction"},
    )
    worsened_beyond_mcid = fields.Boolean(dump_only=True)
