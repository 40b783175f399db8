"""Schemas of the health checks."""

from marshmallow import fields

from exercise_tracker.extensions.smorest import Schema


class LivenessSchema(Schema):
    status = fields.String(metadata={"example": "ok"})


class ReadinessSchema(Schema):
    status = fields.String(metadata={"example": "ready"})
    checks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Each part checked: `ok`, or what is wrong"},
    )
