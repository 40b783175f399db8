"""Schemas of the messages API."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import PagedQueryArgsSchema, Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models.message import MESSAGE_MAX_LENGTH


class MessageSchema(Schema):
    id = ObjectIdField(dump_only=True)
    patient_id = ObjectIdField(dump_only=True, metadata={"description": "Whose conversation"})
    author_id = ObjectIdField(dump_only=True)
    author_role = fields.String(dump_only=True)
    body = fields.String(dump_only=True)
    exercise_id = ObjectIdField(dump_only=True, allow_none=True)
    video_id = ObjectIdField(dump_only=True, allow_none=True)
    sent_at = UTCDateTime(dump_only=True)
    read_by = fields.List(
        ObjectIdField(), dump_only=True, metadata={"description": "Who has read it"}
    )


class MessageCreateSchema(Schema):
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MESSAGE_MAX_LENGTH),
        metadata={"description": f"Plain text, up to {MESSAGE_MAX_LENGTH} characters."},
    )
    exercise_id = ObjectIdField(
        metadata={"description": "Optional: an exercise of this patient it is about."}
    )
    video_id = ObjectIdField(
        metadata={"description": "Optional: a video of this patient it is about."}
    )


class MessageQueryArgsSchema(PagedQueryArgsSchema):
    unread = fields.Boolean(
        load_default=False,
        metadata={"description": "Only what others wrote that you have not read."},
    )


class MarkReadSchema(Schema):
    up_to = ObjectIdField(
        metadata={"description": "Mark read up to this message (default: all of them)."}
    )


class MarkedReadSchema(Schema):
    marked = fields.Integer(dump_only=True, metadata={"description": "Newly read"})
