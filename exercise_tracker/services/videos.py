"""Receiving uploads, and removing videos with everything that hangs on them."""

import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path

from bson import ObjectId
from flask import current_app
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from config import analysis_settings
from exercise_tracker.analysis.errors import AnalysisError, EmptyVideoError
from exercise_tracker.analysis.video import VideoSampler, video_container
from exercise_tracker.jobs.queue import QueueUnavailable, enqueue_analysis, queue_ping
from exercise_tracker.models import Exercise, Prediction, User, Video, VideoStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.ownership import remove_with_dependents
from exercise_tracker.pictures.cache import remove_video_pictures
from exercise_tracker.services.audit import concerns
from exercise_tracker.services.completion import refresh_status
from exercise_tracker.services.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Unavailable,
    Unsupported,
)
from exercise_tracker.storage import StoredFile, video_storage
from exercise_tracker.storage.base import copy_and_hash

log = logging.getLogger(__name__)

# Walks a batch: `iter`, or a command line's progress bar around it.
Walk = Callable[[Iterable], Iterable]
# The parts of an analysis that grow with the video; answers leave them out unless asked.
PER_FRAME_DETAIL = ("pose", "primary_angle")
UNREADABLE = "The file is not a video we can read (MP4, MOV, WebM, MKV, AVI and the like)."


def longest_upload_wait_s() -> float:
    """UPLOAD_WAIT_MAX_S, read here only: the upload's `wait` is checked and documented by it."""
    return current_app.config["UPLOAD_WAIT_MAX_S"]


def check_analysable(path: Path) -> None:
    """Opens the file as the worker will and decodes its first frame; refuses it otherwise."""
    try:
        with VideoSampler(path, analysis_settings(current_app.config)):
            pass
    except EmptyVideoError as error:
        raise Invalid("The video has no frames.", field="file", location="files") from error
    except AnalysisError as error:
        raise Unsupported(UNREADABLE) from error


def receive_upload(patient: User, exercise: Exercise, upload: FileStorage, report: dict) -> Video:
    """Checks the file by its content, stores it, records it and queues its analysis.

    Any failure leaves nothing behind: no stored file, no document, no job.
    """
    concerns(patient.id, exercise.id)
    with tempfile.NamedTemporaryFile(dir=_scratch_dir(), suffix=".upload") as scratch:
        size, _ = copy_and_hash(upload.stream, scratch)
        scratch.flush()
        if size == 0:
            raise Invalid("The file is empty.", field="file", location="files")
        scratch.seek(0)
        container = video_container(scratch.read(64))
        if container is None:
            raise Unsupported(UNREADABLE)
        content_type, suffix = container
        check_analysable(Path(scratch.name))
        try:
            queue_ping()
        except QueueUnavailable as error:
            raise _queue_down() from error
        stored = video_storage().save(Path(scratch.name), suffix)
    try:
        video = Video(
            patient_id=patient.id,
            exercise_id=exercise.id,
            file_path=stored.location,
            file_name=_display_name(upload.filename),
            file_size=stored.size,
            content_type=content_type,
            sha256=stored.sha256,
            storage=video_storage().name,
            pain_level=report.get("pain_level"),
            difficulty=report.get("difficulty"),
        ).save()
    except Exception:
        video_storage().delete(stored.location)
        raise
    _enqueue_or_undo(video, stored)
    log.info("video %s uploaded for exercise %s (%s bytes)", video.id, exercise.id, stored.size)
    return video


def _enqueue_or_undo(video: Video, stored: StoredFile) -> None:
    try:
        video.queue(enqueue_analysis)
    except QueueUnavailable as error:
        video.delete()
        video_storage().delete(stored.location)
        raise _queue_down() from error


def _queue_down() -> Unavailable:
    return Unavailable(
        "The analysis queue is unavailable; nothing was kept. Try again shortly.", retry_after=30
    )


def _scratch_dir() -> Path:
    directory = Path(current_app.config["UPLOAD_DIR"]) / ".incoming"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _display_name(filename: str | None) -> str:
    """The client's file name, kept only as a label: no path, no control characters."""
    base = re.split(r"[\\/]", filename or "")[-1]  # browsers may send C:\\fakepath\\clip.mp4
    return (secure_filename(base) or "video")[:255]


def attach_predictions(videos: list[Video], include: Iterable[str] = ()) -> list[Video]:
    """Sets `prediction` on each video (None while it is not analysed), in one query; of the
    per-frame detail, only what `include` names is loaded (a pose track alone is ~50 KB)."""
    left_out = [f"raw_results.{name}" for name in PER_FRAME_DETAIL if name not in include]
    found = Prediction.objects(video_id__in=[v.id for v in videos]).exclude(*left_out)
    by_video = {p.video_id: p for p in found}
    for video in videos:
        video.prediction = by_video.get(video.id)
    return videos


def analysis_or_409(video: Video) -> Prediction:
    """The video's stored analysis; a conflict while there is none, saying where it stands."""
    prediction = Prediction.objects(video_id=video.id).first()
    if prediction is None:
        if video.status == VideoStatus.FAILED:
            raise Conflict(f"This video's analysis failed: {video.failure_reason or 'unknown'}")
        raise Conflict(
            f"This video is not analysed yet (status {video.status}); "
            "try again once its status is Processed."
        )
    return prediction


def require_stored_file(video: Video) -> None:
    if video.file_deleted_at is not None:
        raise NotFound("The video file was removed after its retention period.")


def filter_videos(query, status: str | None):
    """Newest upload first, optionally of one status."""
    if status:
        query = query.filter(status=status)
    return query.order_by("-upload_date", "-id")


def delete_video(user: User, video: Video) -> dict:
    """Removes the video with its stored file and everything the ownership registry hangs on it;
    the exercise's status is then derived again from the attempts left."""
    if video.patient_id != user.id:
        raise Forbidden("Only the patient who uploaded a video may delete it.")
    file_removed = video.file_deleted_at is None
    removed = remove_with_dependents(Video, id=video.id)
    refresh_status(video.exercise_id)
    return {
        "video_id": str(video.id),
        "file_removed": file_removed,
        "predictions": removed["predictions"],
    }


def reprocess(
    *, video_id: str | None = None, failed: bool = False, progress: Walk = iter
) -> list[str]:
    """Queues videos for analysis again; their file must still be stored. `progress` walks the
    batch (a command line's progress bar)."""
    if video_id:
        if not ObjectId.is_valid(video_id) or not Video.objects(id=video_id).first():
            raise NotFound(f"no video {video_id}")
        query = Video.objects(id=video_id)
    else:
        query = Video.objects(status=VideoStatus.FAILED.value)
    return [
        str(video.id)
        for video in progress(query.filter(file_deleted_at=None))
        if video.requeue(enqueue_analysis)
    ]


def purge_files(*, older_than_days: int, progress: Walk = iter) -> tuple[int, int]:
    """Removes stored files uploaded more than N days ago; answers (files, bytes) freed."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    count = freed = 0
    for video in progress(Video.objects(upload_date__lt=cutoff, file_deleted_at=None)):
        if video_storage().delete(video.file_path):
            count += 1
            freed += video.file_size
        remove_video_pictures(video.id)  # the contact sheet shows frames of the file
        Video.objects(id=video.id).update_one(set__file_deleted_at=utcnow())
    return count, freed
