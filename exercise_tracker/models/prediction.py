"""The analysis of one video: what motion was seen and how it compares with the prescription."""

from mongoengine import (
    BooleanField,
    DateTimeField,
    DictField,
    Document,
    FloatField,
    ObjectIdField,
    StringField,
)

from exercise_tracker.models.base import utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.video import Video


@hangs_on(Video, "video_id")
class Prediction(Document):
    meta = {
        "collection": "predictions",
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
    raw_results = DictField()
    created_at = DateTimeField(required=True, default=utcnow)
