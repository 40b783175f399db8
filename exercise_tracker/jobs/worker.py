"""The RQ worker process: loads the model once, recovers abandoned videos, then works."""

import logging
from datetime import datetime, timedelta
from pathlib import Path

from flask import Flask
from rq import SimpleWorker
from rq.job import Job

from config import analysis_settings
from exercise_tracker.jobs.queue import analysis_queue, enqueue_analysis, redis_connection
from exercise_tracker.models import Video, VideoStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.reminders.periodic import notification_queue, schedule_next_sweep

log = logging.getLogger(__name__)


class AnalysisWorker(SimpleWorker):
    """Runs each job in the worker's own process (no fork), so the pose model loaded at start
    serves every job. SIGTERM asks for a warm shutdown: the current job finishes first; a video
    cut short by a harder stop stays `Processing` and is requeued as stale."""


def load_model(app: Flask):
    """Loads the pose model now, so a missing or corrupt model stops the worker before it
    takes any job (the videos then wait, `Uploaded`, for a worker that can do them)."""
    from exercise_tracker.analysis.model import load_pose_estimator

    settings = analysis_settings(app.config)
    check_model_file(settings)
    return load_pose_estimator(settings)


def check_model_file(settings) -> Path:
    """The model file, if it has the expected sha256; raises ModelUnavailableError otherwise.

    Downloads are checked by the engine; a configured file is checked here because TensorFlow
    Lite does not refuse a truncated file: it crashes the whole process (SIGSEGV).
    """
    from exercise_tracker.analysis.errors import ModelUnavailableError
    from exercise_tracker.analysis.model import resolve_model_path, sha256_of

    path = resolve_model_path(settings)
    if settings.model_path is not None and sha256_of(path) != settings.model_sha256:
        raise ModelUnavailableError(
            f"model file {path} does not have the expected sha256 (truncated or corrupt?); "
            "set MOVENET_MODEL_SHA256 to use another build of the model"
        )
    return path


def _job_is_queued(video: Video, connection) -> bool:
    return bool(video.job_id) and Job.exists(video.job_id, connection=connection)


def requeue_stale(app: Flask, cutoff: datetime | None = None) -> list[str]:
    """Requeues videos a dead worker abandoned (`Processing` for longer than any job may run)
    and uploads whose job was lost (e.g. Redis restarted without persistence).

    `cutoff` is when work started before counts as abandoned; by default, a job timeout ago.
    """
    cutoff = cutoff or utcnow() - timedelta(seconds=app.config["STALE_PROCESSING_S"])
    requeued = []
    abandoned = Video.objects(status=VideoStatus.PROCESSING.value, processing_started_at__lt=cutoff)
    for video in abandoned:
        released = Video.objects(
            id=video.id,
            status=VideoStatus.PROCESSING.value,
            processing_started_at=video.processing_started_at,
        ).update_one(set__status=VideoStatus.UPLOADED.value, set__updated_at=utcnow())
        if released:
            requeued.append(str(video.id))
    connection = redis_connection(app) if app.config["REDIS_URL"] else None
    for video in Video.objects(status=VideoStatus.UPLOADED.value, upload_date__lt=cutoff):
        if str(video.id) not in requeued and (
            connection is None or not _job_is_queued(video, connection)
        ):
            requeued.append(str(video.id))
    for video_id in requeued:
        job_id = enqueue_analysis(video_id)
        Video.objects(id=video_id).update_one(set__job_id=job_id)
        log.info("requeued video %s as job %s", video_id, job_id)
    return requeued


def run_worker(app: Flask, *, burst: bool = False, with_scheduler: bool = True) -> None:
    load_model(app)
    requeue_stale(app)
    if with_scheduler:
        schedule_next_sweep(app)  # RQ's scheduler in this worker runs the reminders sweep
    queues = [notification_queue(app), analysis_queue(app)]  # quick deliveries first
    worker = AnalysisWorker(queues, connection=redis_connection(app))
    worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="INFO")
