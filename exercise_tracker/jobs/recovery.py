"""Recovery of videos whose analysis was abandoned or whose job was lost.

Run by the worker at start, by `flask videos requeue-stale`, and by the web process after a
restart when it analyses uploads itself.
"""

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask
from rq.job import Job

from exercise_tracker.jobs.queue import enqueue_analysis, redis_connection
from exercise_tracker.models import Video, VideoStatus
from exercise_tracker.models.base import utcnow

log = logging.getLogger(__name__)


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
        # Only while no other process took it meanwhile.
        expected = {"status": video.status, "processing_started_at": video.processing_started_at}
        if video.requeue(enqueue_analysis, expected=expected):
            requeued.append(str(video.id))
    connection = redis_connection(app) if app.config["REDIS_URL"] else None
    for video in Video.objects(status=VideoStatus.UPLOADED.value, upload_date__lt=cutoff):
        if connection is not None and _job_is_queued(video, connection):
            continue
        if video.requeue(enqueue_analysis, expected={"status": VideoStatus.UPLOADED.value}):
            requeued.append(str(video.id))
    for video_id in requeued:
        log.info("requeued video %s", video_id)
    return requeued


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
