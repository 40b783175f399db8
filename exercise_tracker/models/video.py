"""Videos a patient uploaded for an exercise, and where their analysis stands.

Every change of a video's status goes through the methods here, which keep `updated_at` and
record a job's id before the job is queued (so nothing is left to write once it is).
"""

import uuid
from collections.abc import Callable
from enum import StrEnum

from mongoengine import DateTimeField, FloatField, IntField, ObjectIdField, QuerySet, StringField

from exercise_tracker.models.base import TimestampedDocument, utcnow
from exercise_tracker.models.exercise import Exercise
from exercise_tracker.models.ownership import before_removal, hangs_on
from exercise_tracker.models.user import User


class VideoStatus(StrEnum):
    UPLOADED = "Uploaded"
    PROCESSING = "Processing"
    PROCESSED = "Processed"
    FAILED = "Failed"


# A job may take these: a retry after a failure, a requeue of one abandoned while processing.
CLAIMABLE = (VideoStatus.UPLOADED.value, VideoStatus.PROCESSING.value, VideoStatus.FAILED.value)


def new_job_id() -> str:
    return uuid.uuid4().hex


class VideoQuerySet(QuerySet):
    def visible_to(self, viewer: User) -> QuerySet:
        """The patient who uploaded a video, and the doctor who assigned its exercise."""
        if viewer.is_doctor:
            return self.filter(
                exercise_id__in=list(Exercise.objects.visible_to(viewer).scalar("id"))
            )
        return self.filter(patient_id=viewer.id)


@hangs_on(Exercise, "exercise_id")
@hangs_on(User, "patient_id")
class Video(TimestampedDocument):
    meta = {
        "collection": "videos",
        "queryset_class": VideoQuerySet,
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
    job_id = StringField(default=new_job_id)  # recorded before its job is queued
    attempts = IntField(default=0)
    processing_started_at = DateTimeField()
    progress = FloatField(min_value=0.0, max_value=1.0)  # share of sampled frames analysed
    failure_reason = StringField(max_length=500)
    file_deleted_at = DateTimeField()  # set when retention removed the stored file

    def _change(self, status: VideoStatus, *, expected: dict | None = None, **update) -> bool:
        """Moves the video to `status`, atomically and only while it still matches `expected`;
        answers whether it did, and then reloads it."""
        changed = Video.objects(id=self.id, **(expected or {})).update_one(
            set__status=status.value, set__updated_at=utcnow(), **update
        )
        if changed:
            self.reload()
        return bool(changed)

    @classmethod
    def claim(cls, video_id, job_id: str | None) -> "Video | None":
        """Marks a video `Processing` for a job, unless it is gone or already processed."""
        video = cls.objects(id=video_id).first()
        claimed = video is not None and video._change(
            VideoStatus.PROCESSING,
            expected={"status__in": CLAIMABLE},
            set__processing_started_at=utcnow(),
            set__job_id=job_id,
            set__progress=0.0,
            unset__failure_reason=True,
            inc__attempts=1,
        )
        return video if claimed else None

    def processed(self) -> None:
        self._change(VideoStatus.PROCESSED, unset__failure_reason=True)

    def failed(self, reason: str) -> None:
        self._change(VideoStatus.FAILED, set__failure_reason=reason)

    def retry_later(self, reason: str) -> None:
        """Back to `Uploaded` after a transient failure, for the queue's own retry."""
        self._change(VideoStatus.UPLOADED, set__failure_reason=f"{reason} It will be retried.")

    def interrupted(self) -> bool:
        """Back to `Uploaded` when a shutdown cut its job short: the same job runs it again."""
        return self._change(VideoStatus.UPLOADED, expected={"status": VideoStatus.PROCESSING.value})

    def queue(self, enqueue: Callable[..., str]) -> None:
        """Queues the analysis under the job id the video already records: once the job is
        queued nothing is left to write (a write failing then would answer an error for a video
        that was kept and will be analysed)."""
        enqueue(self.id, job_id=self.job_id)

    def requeue(self, enqueue: Callable[..., str], *, expected: dict | None = None) -> bool:
        """Queues the analysis again under a new job id, recorded first; with `expected`, only
        while the video still stands so (another process may have taken it)."""
        if not self._change(
            VideoStatus.UPLOADED,
            expected=expected,
            set__job_id=new_job_id(),
            unset__failure_reason=True,
        ):
            return False
        self.queue(enqueue)
        return True


@before_removal(Video)
def _remove_stored_files(videos: list[Video]) -> None:
    """The file goes with its video (unless retention already removed it)."""
    from exercise_tracker.storage import video_storage  # the store is the app's, bound late

    for video in videos:
        if video.file_deleted_at is None:
            video_storage().delete(video.file_path)
