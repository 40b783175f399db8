"""The analysis job: load the documents, call the engine, store the result.

A thin adapter: the engine knows nothing of MongoDB or RQ, and this module nothing of poses.
"""

import logging
import math
import time

from flask import current_app
from pymongo.errors import PyMongoError
from redis.exceptions import RedisError
from rq import get_current_job

from config import analysis_settings
from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.models import Exercise, MatchStatus, Prediction, Video, VideoStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.notifications import alerts as alert_delivery
from exercise_tracker.pictures.video_pictures import render_video_pictures
from exercise_tracker.services.completion import refresh_status
from exercise_tracker.storage import video_storage

log = logging.getLogger(__name__)

# Failures worth another try: the database, Redis or the disk hiccuped.
TRANSIENT_ERRORS = (PyMongoError, RedisError, OSError)
PROGRESS_INTERVAL_S = 1.0


def analyze_video_job(video_id: str) -> dict:
    """RQ's entry point: only the id travels through Redis; RQ retries what is transient."""
    job = get_current_job()
    will_retry = bool(job and job.retries_left)
    return run_analysis(video_id, will_retry=will_retry, job_id=job.id if job else None)


class ProgressReport:
    """Stores how far the analysis of a video has got, at most once per PROGRESS_INTERVAL_S, so
    an app can draw a progress bar without the worker writing on every frame."""

    def __init__(self, video_id, clock=time.monotonic):
        self.video_id, self.clock = video_id, clock
        self.last = -math.inf

    def __call__(self, share: float) -> None:
        now = self.clock()
        if now - self.last < PROGRESS_INTERVAL_S:
            return
        self.last = now
        Video.objects(id=self.video_id, status=VideoStatus.PROCESSING.value).update_one(
            set__progress=round(share, 3)
        )


def run_analysis(video_id: str, *, will_retry: bool, job_id: str | None = None) -> dict:
    from exercise_tracker.analysis.engine import analyze_video
    from exercise_tracker.analysis.errors import AnalysisError

    video = Video.claim(video_id, job_id)
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
                progress=ProgressReport(video.id),
            )
    except AnalysisError as error:
        if not error.transient:
            # The same video would fail the same way: fail now, no retry.
            video.failed(error.reason)
            return {"video_id": video_id, "failed": error.reason}
        return _interrupted(video, error.reason, will_retry, error)
    except TRANSIENT_ERRORS as error:
        reason = "A temporary problem interrupted the analysis."
        return _interrupted(video, reason, will_retry, error)
    except Exception:
        log.exception("analysis of video %s failed unexpectedly", video_id)
        video.failed("The analysis failed unexpectedly; ask for it to be reprocessed.")
        return {"video_id": video_id, "failed": "unexpected error"}
    prediction = store_prediction(video, result)
    # Drawn now so the doctor's first look is instant; a failure here is retried on request.
    render_video_pictures(video, prediction)
    alert_delivery.after_analysis(video.patient_id)  # alerts this analysis opened, sent once
    return {"video_id": video_id, "prediction_id": str(prediction.id)}


def store_prediction(video: Video, result: AnalysisResult) -> Prediction:
    """One prediction per video: reprocessing replaces it, never duplicates it. The exercise's
    status is then derived again from its attempts."""
    prediction = Prediction.objects(video_id=video.id).modify(
        upsert=True,
        new=True,
        set__exercise_id=video.exercise_id,
        set__patient_id=video.patient_id,
        set__predicted_motion=result.predicted_motion,
        set__confidence_score=float(result.confidence_score),
        set__model_name=result.model_name,
        set__is_match=result.is_match,
        set__match_status=MatchStatus.of(result).value,
        set__raw_results=result.to_dict(),
        set__created_at=utcnow(),
    )
    video.processed()
    refresh_status(video.exercise_id)
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
        video.retry_later(reason)
    else:
        video.failed(f"{reason} Ask for it to be reprocessed.")
    raise error
