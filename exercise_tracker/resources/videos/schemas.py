"""Schemas of the videos API: a video with its analysis."""

from marshmallow import fields, validate
from webargs.fields import DelimitedList

from exercise_tracker.analysis.clinical import measured_range
from exercise_tracker.analysis.warnings import WarningCode, WarningKind
from exercise_tracker.extensions.smorest import PagedQueryArgsSchema, Schema
from exercise_tracker.fields import ObjectIdField, UTCDateTime
from exercise_tracker.models import MatchStatus, VideoStatus
from exercise_tracker.services.videos import PER_FRAME_DETAIL


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


class ClinicalRangeSchema(Schema):
    """The primary joint's range in clinical convention, on the side the camera saw well."""

    joint = fields.String(
        dump_only=True, metadata={"description": "e.g. knee flexion, shoulder elevation"}
    )
    side = fields.String(dump_only=True, validate=validate.OneOf(["left", "right", "both"]))
    unit = fields.String(dump_only=True, metadata={"description": "degrees or trunk lengths"})
    rest = fields.Float(
        dump_only=True, metadata={"description": "Where repetitions start (0° = straight)"}
    )
    furthest = fields.Float(dump_only=True, metadata={"description": "The far end reached"})
    excursion = fields.Float(dump_only=True)
    target = fields.List(
        fields.Float(),
        dump_only=True,
        allow_none=True,
        metadata={"description": "The prescribed excursion from the rest position, as a band"},
    )
    target_met = fields.Boolean(dump_only=True, allow_none=True)
    shortfall = fields.Float(dump_only=True, allow_none=True)


class ClinicalRangeField(fields.Nested):
    """The clinical range, computed from the typed analysis when the prediction is dumped."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return measured_range(obj.result)


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
    range_of_motion = ClinicalRangeField(
        ClinicalRangeSchema,
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "Clinical convention: flexion 0° = straight, shoulder elevation from "
            "the side of the body. Null when the joint was not measured."
        },
    )
    raw_results = fields.Dict(
        dump_only=True,
        metadata={
            "description": "The analysis engine's full result (its own angle convention: inner "
            f"angles, 180° = straight). The per-frame detail ({', '.join(PER_FRAME_DETAIL)}) "
            "is left out unless asked for with `include`."
        },
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
        "progress": fields.Function(
            lambda video: video.progress if video.status == VideoStatus.PROCESSING else None,
            dump_only=True,
            allow_none=True,
            metadata={
                "type": "number",
                "nullable": True,
                "minimum": 0,
                "maximum": 1,
                "description": "While `Processing`: the share of sampled frames analysed, "
                "updated about once a second; null otherwise",
            },
        ),
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


class VideoIncludeQueryArgsSchema(Schema):
    include = DelimitedList(
        fields.String(validate=validate.OneOf(PER_FRAME_DETAIL)),
        load_default=list,
        metadata={
            "description": "Per-frame detail to add to `raw_results`, comma separated: pose "
            "(the keypoint track), primary_angle (the counted signal over time)"
        },
    )


class VideoQueryArgsSchema(PagedQueryArgsSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in VideoStatus]))


class VideoDeletedSchema(Schema):
    video_id = ObjectIdField(dump_only=True)
    file_removed = fields.Boolean(dump_only=True)
    predictions = fields.Integer(dump_only=True, metadata={"description": "predictions removed"})
