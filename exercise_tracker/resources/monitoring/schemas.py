"""Schemas of the remote-monitoring summary and the clinic's monthly export."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ObjectIdField
from exercise_tracker.services.monitoring import MONTH_PATTERN, parse_month

LEVEL = validate.OneOf(["full", "partial", "none"])


class MonthField(fields.String):
    """A calendar month as `YYYY-MM`, loaded as its first day."""

    default_error_messages = {"invalid": "A month as YYYY-MM between 1970 and 2999, e.g. 2026-11."}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).update({"pattern": MONTH_PATTERN, "example": "2026-11"})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_month(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as error:
            raise self.make_error("invalid") from error


class MonthQueryArgsSchema(Schema):
    month = MonthField(required=True)


class ThresholdsSchema(Schema):
    period_days = fields.Integer(dump_only=True)
    days_full = fields.Integer(dump_only=True)
    days_partial = fields.Integer(dump_only=True)
    minutes_full = fields.Integer(dump_only=True)
    minutes_partial = fields.Integer(dump_only=True)
    contacts_required = fields.Integer(dump_only=True)


class DataDaySchema(Schema):
    day = fields.Date(dump_only=True)
    kinds = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "analysed_upload, pain_report, questionnaire_answer"},
    )


class MonitoringPeriodSchema(Schema):
    start = fields.Date(dump_only=True)
    end = fields.Date(dump_only=True)
    complete = fields.Boolean(dump_only=True, metadata={"description": "The period has ended"})
    days_with_data = fields.Integer(dump_only=True)
    level = fields.String(
        dump_only=True,
        validate=LEVEL,
        metadata={"description": "full: at least days_full; partial: days_partial or more"},
    )


class MonitoringMonthSchema(Schema):
    month = fields.String(dump_only=True, metadata={"example": "2026-11"})
    management_minutes = fields.Integer(dump_only=True)
    contact_minutes = fields.Integer(dump_only=True)
    total_minutes = fields.Integer(dump_only=True)
    contacts = fields.Integer(dump_only=True)
    level = fields.String(
        dump_only=True,
        validate=LEVEL,
        metadata={"description": "By total minutes, with at least contacts_required contacts"},
    )


class MonitoringSchema(Schema):
    patient_id = ObjectIdField(dump_only=True)
    start = fields.Date(
        dump_only=True,
        allow_none=True,
        metadata={"description": "First exercise or questionnaire assigned, else first data"},
    )
    today = fields.Date(dump_only=True)
    thresholds = fields.Nested(ThresholdsSchema, dump_only=True)
    days = fields.List(fields.Nested(DataDaySchema), dump_only=True)
    periods = fields.List(fields.Nested(MonitoringPeriodSchema), dump_only=True)
    months = fields.List(fields.Nested(MonitoringMonthSchema), dump_only=True)
