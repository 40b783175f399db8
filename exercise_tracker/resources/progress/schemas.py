"""Schemas of the progress API: adherence, attempts, alerts and the doctor's overview."""

from marshmallow import fields, validate, validates_schema
from marshmallow.exceptions import ValidationError

from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models import MatchStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.resources.questionnaires.schemas import ScoreTrendSchema
from exercise_tracker.services.progress import SORT_KEYS

TREND = fields.String(
    dump_only=True,
    allow_none=True,
    validate=validate.OneOf(["up", "down", "steady"]),
    metadata={"description": "From the first measured attempt to the latest; null under two."},
)


class PeriodQueryArgsSchema(Schema):
    from_ = UTCDateTime(data_key="from", metadata={"description": "Uploads from (inclusive)"})
    to = UTCDateTime(
        metadata={"description": "Uploads up to (inclusive); default, and at the latest, now"}
    )

    @validates_schema
    def _whole_period(self, data, **kwargs):
        """The period as it will be shown: `to` is now when absent or later."""
        since = data.get("from_")
        if since is None:
            return
        until = min(data.get("to") or utcnow(), utcnow())
        if since > until:
            end = "`to`" if data.get("to") and data["to"] <= utcnow() else "now"
            raise ValidationError(f"`from` must not be after {end}.", "from")


MATCH_STATUS = fields.String(
    dump_only=True,
    allow_none=True,
    validate=validate.OneOf([status.value for status in MatchStatus]),
    metadata={"description": "match, mismatch or cant_tell; null until analysed"},
)


class OverviewQueryArgsSchema(Schema):
    sort = fields.String(
        load_default="attention",
        validate=validate.OneOf(list(SORT_KEYS)),
        metadata={
            "description": "attention (default: alerts, overdue, low adherence, silence "
            "first), name, last_activity (longest silence first) or adherence (lowest first)"
        },
    )


class PatientRefSchema(Schema):
    id = ObjectIdField(dump_only=True)
    full_name = fields.String(dump_only=True)
    email = fields.Email(dump_only=True)


class AlertSchema(Schema):
    code = fields.String(
        dump_only=True,
        metadata={
            "description": "pain_high, pain_rising, inactive, range_falling, form_warnings, "
            "motion_mismatch or score_worsened"
        },
    )
    severity = fields.String(dump_only=True, validate=validate.OneOf(["high", "medium"]))
    reason = fields.String(dump_only=True)
    at = UTCDateTime(dump_only=True, metadata={"description": "When the data that raised it"})
    exercise_id = ObjectIdField(dump_only=True, allow_none=True)
    video_id = ObjectIdField(dump_only=True, allow_none=True)


class ExerciseCountsSchema(Schema):
    assigned = fields.Integer(dump_only=True)
    completed = fields.Integer(dump_only=True)
    not_completed = fields.Integer(dump_only=True)
    pending = fields.Integer(dump_only=True, metadata={"description": "Overdue ones included"})
    overdue = fields.Integer(dump_only=True, metadata={"description": "Pending past due"})


class WeekSchema(Schema):
    start = UTCDateTime(dump_only=True)
    end = UTCDateTime(dump_only=True)
    videos = fields.Integer(dump_only=True)
    prescribed = fields.Integer(
        dump_only=True,
        metadata={
            "description": "Whole sessions prescribed: the weekly frequency of each exercise "
            "active during the week"
        },
    )


class AdherenceSchema(Schema):
    exercises = fields.Nested(ExerciseCountsSchema, dump_only=True)
    weeks = fields.List(fields.Nested(WeekSchema), dump_only=True)
    rate = fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Share of prescribed sessions done (0..1); null when none was asked"
        },
    )


class AttemptSchema(Schema):
    video_id = ObjectIdField(dump_only=True)
    uploaded_at = UTCDateTime(dump_only=True)
    status = fields.String(dump_only=True)
    pain_level = fields.Integer(dump_only=True, allow_none=True)
    difficulty = fields.Integer(dump_only=True, allow_none=True)
    rep_count = fields.Integer(dump_only=True, allow_none=True)
    range_of_motion = fields.Float(
        dump_only=True,
        allow_none=True,
        metadata={"description": "Excursion of the primary joint on the side seen well"},
    )
    range_side = fields.String(
        dump_only=True,
        allow_none=True,
        validate=validate.OneOf(["left", "right", "both"]),
        metadata={"description": "The side the range was measured on"},
    )
    confidence = fields.Float(dump_only=True, allow_none=True)
    is_match = fields.Boolean(dump_only=True, allow_none=True)
    match_status = MATCH_STATUS
    predicted_motion = fields.String(dump_only=True, allow_none=True)
    warnings = fields.List(fields.String(), dump_only=True)


class RepetitionsSchema(Schema):
    target = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "Per session: sets × reps"}
    )
    latest = fields.Integer(dump_only=True, allow_none=True)
    best = fields.Integer(dump_only=True, allow_none=True)
    target_met = fields.Boolean(dump_only=True, allow_none=True)


class RangeOfMotionSchema(Schema):
    joint = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={"description": "What is measured, clinical convention: e.g. knee flexion"},
    )
    unit = fields.String(dump_only=True, allow_none=True)
    target = fields.Integer(dump_only=True, allow_none=True)
    latest = fields.Float(dump_only=True, allow_none=True)
    best = fields.Float(dump_only=True, allow_none=True)
    trend = TREND


class ConfidenceSchema(Schema):
    latest = fields.Float(dump_only=True, allow_none=True)
    trend = TREND


class ExerciseProgressSchema(Schema):
    exercise_id = ObjectIdField(dump_only=True)
    name = fields.String(dump_only=True)
    motion = fields.String(dump_only=True, allow_none=True)
    status = fields.String(dump_only=True)
    due_date = UTCDateTime(dump_only=True, allow_none=True)
    is_overdue = fields.Boolean(dump_only=True)
    frequency_per_week = fields.Integer(dump_only=True, allow_none=True)
    sets = fields.Integer(dump_only=True, allow_none=True)
    target_reps = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "repetitions in each set"}
    )
    attempt_count = fields.Integer(dump_only=True)
    analysed_count = fields.Integer(dump_only=True)
    repetitions = fields.Nested(RepetitionsSchema, dump_only=True)
    range_of_motion = fields.Nested(RangeOfMotionSchema, dump_only=True)
    confidence = fields.Nested(ConfidenceSchema, dump_only=True)
    last_activity = UTCDateTime(dump_only=True, allow_none=True)
    attempts = fields.List(
        fields.Nested(AttemptSchema), dump_only=True, metadata={"description": "Oldest first"}
    )


class PeriodSchema(Schema):
    from_ = UTCDateTime(data_key="from", dump_only=True, allow_none=True)
    to = UTCDateTime(dump_only=True)


class PatientProgressSchema(Schema):
    patient = fields.Nested(PatientRefSchema, dump_only=True)
    period = fields.Nested(PeriodSchema, dump_only=True)
    adherence = fields.Nested(AdherenceSchema, dump_only=True)
    last_activity = UTCDateTime(dump_only=True, allow_none=True)
    alerts = fields.List(fields.Nested(AlertSchema), dump_only=True)
    exercises = fields.List(fields.Nested(ExerciseProgressSchema), dump_only=True)
    questionnaires = fields.List(fields.Nested(ScoreTrendSchema), dump_only=True)


class OverviewRowSchema(Schema):
    patient = fields.Nested(PatientRefSchema, dump_only=True)
    exercises = fields.Nested(ExerciseCountsSchema, dump_only=True)
    adherence_rate = fields.Float(dump_only=True, allow_none=True)
    last_activity = UTCDateTime(dump_only=True, allow_none=True)
    alert_count = fields.Integer(dump_only=True)
    alerts = fields.List(fields.Nested(AlertSchema), dump_only=True)
    unread_messages = fields.Integer(
        dump_only=True, metadata={"description": "Unread in the conversation"}
    )
