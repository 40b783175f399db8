"""Schemas of the videos API: a video with its analysis."""

from marshmallow import fields, validate

from exercise_tracker.analysis.warnings import WarningCode, WarningKind
from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models import MatchStatus, VideoStatus


def _warning_kind(warning) -> str | None:
    code = WarningCode.known(warning.code)
    return code.kind.value if code else None


class WarningSchema(Schema):
    code = fields.String(dump_only=True)
    message = fields.String(dump_only=True)
    kind = fields.Function(
        _warning_kind,
        dump_only=True,
        validate=validate.OneOf([kind.value for kind in WarningKind]),
        metadata={
            "type": "string",
            "description": "recording (film again) or movement (how it was done); null for a "
            "code of an older engine",
        },
    )


class PredictionSchema(Schema):
    id = ObjectIdField(dump_only=True)
    video_id = ObjectIdField(dump_only=True)
    exercise_id = ObjectIdField(dump_only=True)
    patient_id = ObjectIdField(dump_only=True)
    predicted_motion = fields.String(dump_only=True)
    confidence_score = fields.Float(dump_only=True)
    model_name = fields.String(dump_only=True)
    is_match = fields.Boolean(
        dump_only=True, allow_none=True, metadata={"description": "null when it cannot tell"}
    )
    match_status = fields.String(
        attribute="verdict",
        dump_only=True,
        validate=validate.OneOf([status.value for status in MatchStatus]),
        metadata={
            "description": "match, mismatch or cant_tell (nothing prescribed, or the clip does "
            "not show enough to judge: never counted against the patient)"
        },
    )
    filming_hint = fields.String(
        attribute="result.filming_hint",
        dump_only=True,
        allow_none=True,
        metadata={"description": "How to film the exercise so that it can be judged"},
    )
    rep_count = fields.Integer(attribute="result.rep_count", dump_only=True, allow_none=True)
    warnings = fields.List(
        fields.Nested(WarningSchema), attribute="result.warnings", dump_only=True
    )
    raw_results = fields.Dict(
        dump_only=True, metadata={"description": "The analysis engine's full result."}
    )
    created_at = UTCDateTime(dump_only=True)


class PredictionSummarySchema(PredictionSchema):
    """In lists: the verdict without the per-frame detail."""

    class Meta:
        exclude = ("raw_results",)


def _video_fields(prediction_schema):
    return {
        "id": ObjectIdField(dump_only=True),
        "patient_id": ObjectIdField(dump_only=True),
        "exercise_id": ObjectIdField(dump_only=True),
        "file_name": fields.String(dump_only=True, metadata={"description": "As uploaded"}),
        "file_size": fields.Integer(dump_only=True),
        "content_type": fields.String(dump_only=True),
        "sha256": fields.String(dump_only=True),
        "upload_date": UTCDateTime(dump_only=True),
        "status": fields.String(
            dump_only=True, validate=validate.OneOf([s.value for s in VideoStatus])
        ),
        "failure_reason": fields.String(dump_only=True, allow_none=True),
        "pain_level": fields.Integer(dump_only=True, allow_none=True),
        "difficulty": fields.Integer(dump_only=True, allow_none=True),
        "attempts": fields.Integer(dump_only=True),
        "file_available": fields.Function(
            lambda video: video.file_deleted_at is None,
            dump_only=True,
            metadata={"type": "boolean"},
        ),
        "prediction": fields.Nested(
            prediction_schema,
            dump_only=True,
            allow_none=True,
            metadata={"description": "null until the analysis is done"},
        ),
        "created_at": UTCDateTime(dump_only=True),
        "updated_at": UTCDateTime(dump_only=True),
    }


VideoSchema = Schema.from_dict(_video_fields(PredictionSchema), name="VideoSchema")
VideoListItemSchema = Schema.from_dict(
    _video_fields(PredictionSummarySchema), name="VideoListItemSchema"
)


class VideoQueryArgsSchema(Schema):
    status = fields.String(validate=validate.OneOf([s.value for s in VideoStatus]))


class VideoDeletedSchema(Schema):
    video_id = ObjectIdField(dump_only=True)
    file_removed = fields.Boolean(dump_only=True)
    predictions = fields.Integer(dump_only=True, metadata={"description": "predictions removed"})
