"""Rendered pictures, kept so that each is drawn once from the data it shows."""

from mongoengine import BinaryField, DateTimeField, ObjectIdField, StringField

from exercise_tracker.models.base import StoredDocument, utcnow
from exercise_tracker.models.ownership import hangs_on
from exercise_tracker.models.user import User
from exercise_tracker.models.video import Video


# Pictures show a patient (frames of their body, their charts): exported and erased with them.
@hangs_on(Video, "video_id")
@hangs_on(User, "patient_id")
class Picture(StoredDocument):
    """One picture per `key`; `fingerprint` names the data it was drawn from, so a change of
    that data (a reprocessed video, a new attempt) draws it again in place."""

    meta = {
        "collection": "pictures",
        "indexes": [{"fields": ["key"], "unique": True}, "video_id", "patient_id"],
    }

    key = StringField(required=True)  # what is drawn, e.g. "video/<id>/preview"
    fingerprint = StringField(required=True)
    video_id = ObjectIdField()  # set for pictures of one video, removed with it
    patient_id = ObjectIdField()  # whom it shows: removed with them even without a video
    content_type = StringField(required=True, default="image/png")
    data = BinaryField(required=True)
    created_at = DateTimeField(required=True, default=utcnow)
