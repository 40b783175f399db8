"""Schemas of the motions API: the analysis engine's catalog entries."""

from marshmallow import fields

from exercise_tracker.extensions.smorest import Schema


class MotionSchema(Schema):
    key = fields.String(
        dump_only=True, metadata={"description": "What an exercise's `motion` names"}
    )
    name = fields.String(attribute="display_name", dump_only=True)
    joints = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "Tracked joints and body signals, the counted one first"},
    )
    views = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "Camera views it can be judged from"},
    )
    orientations = fields.List(
        fields.String(), dump_only=True, metadata={"description": "upright, seated or horizontal"}
    )
    description = fields.String(dump_only=True)
