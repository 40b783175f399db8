"""The analysis job: load the documents, call the engine, store the result.

A thin adapter: the engine knows nothing of MongoDB or RQ, and this module nothing of poses.
"""

import logging

from flask import current_app
from pymongo.errors import PyMongoError
from redis.exceptions import RedisError
from rq import get_current_job

from config import analysis_settings
from exercise_tracker.models import Exercise, ExerciseStatus, Prediction, Video, VideoStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.notifications import alerts as alert_delivery
from exercise_tracker.pictures.video_pictures import render_video_pictures
from exercise_tracker.storage import video_storage

log = logging.getLogger(__name__)

# Failures worth another try: the database, Redis or the disk hiccuped.
TRANSIENT_ERRORS = (PyMongoError, RedisError, OSError)
CLAIMABLE = (VideoStatus.UPLOADED.value, VideoStatus.PROCESSING.value, VideoStatus.FAILED.value)


def analyze_video_job(video_id: str) -> dict:
    """RQ's entry point: only the id travels through Redis; RQ retries what is transient."""
    job = get_current_job()
    will_retry = bool(job and job.retries_left)
    return run_analysis(video_id, will_retry=will_retry, job_id=job.id if job else None)


def claim(video_id: str, job_id: str | None) -> Video | None:
    """Marks a video `Processing`, atomically, unless it is gone or already processed."""
    claimed = Video.objects(id=video_id, status__in=CLAIMABLE).update_one(
        set__status=VideoStatus.PROCESSING.value,
        set__processing_started_at=utcnow(),
        set__updated_at=utcnow(),
        set__job_id=job_id,
        unset__failure_reason=True,
        inc__attempts=1,
    )
    return Video.objects(id=video_id).first() if claimed else None


def run_analysis(video_id: str, *, will_retry: bool, job_id: str | None = None) -> dict:
    from exercise_tracker.analysis.engine import analyze_video
    from exercise_tracker.analysis.errors import AnalysisError

    video = claim(video_id, job_id)
    if video is None:
        log.info("video %s is gone or already processed; nothing to do", video_id)
        return {"video_id": video_id, "skipped": True}
    exercise = Exercise.objects(id=video.exercise_id).first()
    log.info("analysing video %s (job %s, attempt %s)", video_id, job_id, video.attempts)
    try:
        with video_storage().local_copy(video.file_path) as path:
            result = analyze_video(
                path,
                prescribed_motion=exercise.motion if exercise else None,
                settings=analysis_settings(current_app.config),
                target_range=exercise.target_range_of_motion if exercise else None,
            )
    except AnalysisError as error:
        if not error.transient:
            # The same video would fail the same way: fail now, no retry.
            _fail(video, error.reason)
            return {"video_id": video_id, "failed": error.reason}
        return _interrupted(video, error.reason, will_retry, error)
    except TRANSIENT_ERRORS as error:
        reason = "A temporary problem interrupted the analysis."
        return _interrupted(video, reason, will_retry, error)
    except Exception:
        log.exception("analysis of video %s failed unexpectedly", video_id)
        _fail(video, "The analysis failed unexpectedly; ask for it to be reprocessed.")
        return {"video_id": video_id, "failed": "unexpected error"}
    prediction = store_prediction(video, exercise, result.to_dict())
    # Drawn now so the doctor's first look is instant; a failure here is retried on request.
    render_video_pictures(Video.objects(id=video.id).first(), prediction)
    alert_delivery.after_analysis(video.patient_id)  # alerts this analysis opened, sent once
    return {"video_id": video_id, "prediction_id": str(prediction.id)}


def store_prediction(video: Video, exercise: Exercise | None, raw: dict) -> Prediction:
    """One prediction per video: reprocessing replaces it, never duplicates it."""
    prediction = Prediction.objects(video_id=video.id).modify(
        upsert=True,
        new=True,
        set__exercise_id=video.exercise_id,
        set__patient_id=video.patient_id,
        set__predicted_motion=raw["predicted_motion"],
        set__confidence_score=float(raw["confidence_score"]),
        set__model_name=raw["model_name"],
        set__is_match=raw.get("is_match"),
        set__raw_results=raw,
        set__created_at=utcnow(),
    )
    Video.objects(id=video.id).update_one(
        set__status=VideoStatus.PROCESSED.value, set__updated_at=utcnow()
    )
    threshold = current_app.config["MATCH_THRESHOLD"]
    if (
        exercise is not None
        and prediction.is_match
        and prediction.confidence_score >= threshold
        and exercise.status == ExerciseStatus.PENDING
    ):
        exercise.status = ExerciseStatus.COMPLETED.value
        exercise.save()
    log.info(
        "video %s processed: %s (%.2f)",
        video.id,
        prediction.predicted_motion,
        prediction.confidence_score,
    )
    return prediction


def _interrupted(video: Video, reason: str, will_retry: bool, error: Exception):
    """A transient failure: back to `Uploaded` for the retry, or `Failed` after the last one.

    Re-raised either way, so the queue retries it or records it as failed.
    """
    log.warning("analysis of video %s interrupted: %s", video.id, type(error).__name__)
    if will_retry:
        Video.objects(id=video.id).update_one(
            set__status=VideoStatus.UPLOADED.value,
            set__failure_reason=f"{reason} It will be retried.",
            set__updated_at=utcnow(),
        )
    else:
        _fail(video, f"{reason} Ask for it to be reprocessed.")
    raise error


def _fail(video: Video, reason: str) -> None:
    Video.objects(id=video.id).update_one(
        set__status=VideoStatus.FAILED.value, set__failure_reason=reason, set__updated_at=utcnow()
    )
