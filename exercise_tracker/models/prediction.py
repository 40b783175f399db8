"""The analysis of one video: what motion was seen and how it compares with the prescription."""

from enum import StrEnum
from functools import cached_property

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    FloatField,
    ObjectIdField,
    QuerySet,
    StringField,
)

from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.models.base import StoredDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.video import Video


class MatchStatus(StrEnum):
    """Whether the video shows the prescribed motion; `cant_tell` when the analysis cannot say
    (or nothing was prescribed): never counted as a mismatch."""

    MATCH = "match"
    MISMATCH = "mismatch"
    CANT_TELL = "cant_tell"

    @classmethod
    def of(cls, result: AnalysisResult) -> "MatchStatus":
        """The engine's own verdict when it gives one, else read from `is_match`."""
        given = getattr(result, "match_status", None)
        if given:
            return cls(given)
        return {True: cls.MATCH, False: cls.MISMATCH}.get(result.is_match, cls.CANT_TELL)


class PredictionQuerySet(QuerySet):
    def without_detail(self) -> QuerySet:
        """Leaves out the per-frame detail: most of an analysis's size, read only by pictures. Of
        the evidence it keeps which sides the camera saw well, which the clinical range reads."""
        return self.exclude(
            "raw_results.pose",
            "raw_results.primary_angle",
            "raw_results.evidence.features",
            "raw_results.evidence.criteria",
        )


@hangs_on(Video, "video_id")
class Prediction(StoredDocument):
    meta = {
        "collection": "predictions",
        "queryset_class": PredictionQuerySet,
        "indexes": [
            {"fields": ["video_id"], "unique": True},  # reprocessing replaces, never duplicates
            ("exercise_id", "-created_at"),
            ("patient_id", "-created_at"),
        ],
    }

    video_id = ObjectIdField(required=True)
    exercise_id = ObjectIdField(required=True)
    patient_id = ObjectIdField(required=True)
    predicted_motion = StringField(required=True)
    confidence_score = FloatField(required=True, min_value=0.0, max_value=1.0)
    model_name = StringField(required=True)
    is_match = BooleanField()
    match_status = StringField(choices=[status.value for status in MatchStatus])
    raw_results = DictField()  # AnalysisResult.to_dict(): read it through `result`
    created_at = DateTimeField(required=True, default=utcnow)

    @cached_property
    def result(self) -> AnalysisResult:
        """The engine's typed result (the parts a query left out are empty)."""
        return AnalysisResult.from_dict(self.raw_results or {})

    @property
    def verdict(self) -> MatchStatus:
        """`match_status`, or for an analysis stored before it existed, read from the result."""
        return MatchStatus(self.match_status) if self.match_status else MatchStatus.of(self.result)
