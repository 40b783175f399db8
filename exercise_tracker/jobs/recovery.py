"""Recovery of videos whose analysis was abandoned or whose job was lost.

Run by the worker at start, by `flask videos requeue-stale`, and by the web process after a
restart when it analyses uploads itself.
"""

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from flask import Flask
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry

from exercise_tracker.jobs.queue import analysis_queue, enqueue_analysis, redis_connection
from exercise_tracker.models import Video, VideoStatus
from exercise_tracker.models.base import utcnow

log = logging.getLogger(__name__)


# A job in one of these states will still run: its video is not lost.
PENDING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def _job_is_pending(video: Video, connection) -> bool:
    if not video.job_id:
        return False
    try:
        return Job.fetch(video.job_id, connection=connection).get_status() in PENDING
    except NoSuchJobError:
        return False


def requeue_abandoned_jobs(app: Flask) -> list[str]:
    """Retries the jobs whose worker fell silent (killed mid-job), as RQ's maintenance does;
    answers their videos. A slow job keeps its heartbeat and is left alone."""
    queue = analysis_queue(app)
    registry = StartedJobRegistry(queue=queue)
    videos = []
    for job_id in registry.get_expired_job_ids():
        job = Job.fetch_many([job_id], connection=queue.connection)[0]
        if job is not None and job.get_status() == JobStatus.STARTED:
            videos.append(job.meta.get("video_id"))
    registry.cleanup()
    for video_id in videos:
        log.info("requeued video %s: its worker stopped mid-job", video_id)
    return [video_id for video_id in videos if video_id]


def requeue_stale(
    app: Flask, cutoff: datetime | None = None, progress: Callable[[Iterable], Iterable] = iter
) -> list[str]:
    """Requeues videos a dead worker abandoned and uploads whose job was lost (e.g. Redis
    restarted without persistence).

    With Redis, a job whose worker stopped heartbeating is retried first; then videos
    `Processing` or `Uploaded` since before `cutoff` (by default, a job timeout ago) whose job
    will not run get a new one. `progress` walks the batch (a command line's progress bar).
    """
    cutoff = cutoff or utcnow() - timedelta(seconds=app.config["STALE_PROCESSING_S"])
    connection = redis_connection(app) if app.config["REDIS_URL"] else None
    retried = requeue_abandoned_jobs(app) if connection is not None else []
    requeued = []
    abandoned = Video.objects(status=VideoStatus.PROCESSING.value, processing_started_at__lt=cutoff)
    uploaded = Video.objects(status=VideoStatus.UPLOADED.value, upload_date__lt=cutoff)
    for video in progress([*abandoned, *uploaded]):
        if connection is not None and _job_is_pending(video, connection):
            continue
        # Only while no other process took it meanwhile.
        expected = {"status": video.status, "updated_at": video.updated_at}
        if video.requeue(enqueue_analysis, expected=expected):
            requeued.append(str(video.id))
    for video_id in requeued:
        log.info("requeued video %s", video_id)
    return retried + requeued


def recover_on_first_request(app: Flask) -> None:
    """After a restart, unfinished videos from before it are requeued: their thread is gone.

    Runs once, at the first request, so CLI commands that build the app touch nothing.
    """
    started_at = utcnow()
    done = threading.Event()

    @app.before_request
    def _recover():
        if done.is_set():
            return
        done.set()
        recovered = requeue_stale(app, cutoff=started_at)
        if recovered:
            log.info("requeued %d video(s) left unfinished before the restart", len(recovered))
