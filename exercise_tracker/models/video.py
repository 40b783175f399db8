"""Videos a patient uploaded for an exercise, and where their analysis stands."""

from enum import StrEnum

from mongoengine import DateTimeField, FloatField, IntField, ObjectIdField, StringField

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.exercise import Exercise
from exercise_tracker.models.ownership import before_removal, hangs_on
from exercise_tracker.models.user import User


class VideoStatus(StrEnum):
    UPLOADED = "Uploaded"
    PROCESSING = "Processing"
    PROCESSED = "Processed"
    FAILED = "Failed"


@hangs_on(Exercise, "exercise_id")
@hangs_on(User, "patient_id")
class Video(TimestampedDocument):
    meta = {
        "collection": "videos",
        "indexes": [("patient_id", "-upload_date"), ("exercise_id", "-upload_date"), "status"],
    }

    patient_id = ObjectIdField(required=True)
    exercise_id = ObjectIdField(required=True)
    file_path = StringField(required=True)
    file_name = StringField(required=True, max_length=255)
    file_size = IntField(required=True, min_value=0)
    content_type = StringField(required=True, max_length=100)
    upload_date = DateTimeField(required=True, default=utcnow)
    status = StringField(
        required=True,
        choices=[status.value for status in VideoStatus],
        default=VideoStatus.UPLOADED.value,
    )
    # Beyond the original design: integrity, the patient's own report, and the job's state.
    sha256 = StringField(max_length=64)
    storage = StringField(choices=["local", "gridfs"], default="local")
    pain_level = IntField(min_value=0, max_value=10)
    difficulty = IntField(min_value=0, max_value=10)
    job_id = StringField()
    attempts = IntField(default=0)
    processing_started_at = DateTimeField()
    progress = FloatField(min_value=0.0, max_value=1.0)  # share of sampled frames analysed
    failure_reason = StringField(max_length=500)
    file_deleted_at = DateTimeField()  # set when retention removed the stored file


@before_removal(Video)
def _remove_stored_files(videos: list[Video]) -> None:
    """The file goes with its video (unless retention already removed it)."""
    from exercise_tracker.storage import video_storage  # the store is the app's, bound late

    for video in videos:
        if video.file_deleted_at is None:
            video_storage().delete(video.file_path)
