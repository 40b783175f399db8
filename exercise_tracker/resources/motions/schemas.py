"""Schemas of the motions API: the analysis engine's catalog, read tolerantly.

The catalog's entries are the engine's own dataclasses; the first attribute present of each
list below is read, so renaming a field in the engine does not break the API.
"""

from marshmallow import fields

from exercise_tracker.extensions.smorest import Schema


def _first(entry, *names):
    return next((getattr(entry, name) for name in names if hasattr(entry, name)), None)


def _strings(values) -> list[str]:
    return [str(getattr(value, "value", value)) for value in values or ()]


def _joints(entry) -> list[str]:
    """Declared joints; else the signals the engine tracks, the counted one first."""
    joints = _first(entry, "joints", "primary_joints")
    if joints is None:
        primary = _first(entry, "primary_signal")
        joints = [primary, *(_first(entry, "secondary_signals") or ())] if primary else []
    return _strings(joints)


class MotionSchema(Schema):
    key = fields.Function(lambda m: str(m.key), dump_only=True, metadata={"type": "string"})
    name = fields.Function(
        lambda m: _first(m, "name", "display_name"), dump_only=True, metadata={"type": "string"}
    )
    joints = fields.Function(
        _joints,
        dump_only=True,
        metadata={"type": "array", "items": {"type": "string"}, "description": "Tracked joints"},
    )
    views = fields.Function(
        lambda m: _strings(_first(m, "views", "camera_views")),
        dump_only=True,
        metadata={"type": "array", "items": {"type": "string"}, "description": "Camera views"},
    )
    description = fields.Function(
        lambda m: _first(m, "description") or "", dump_only=True, metadata={"type": "string"}
    )
