"""Enqueueing analyses: RQ on Redis when REDIS_URL is set, else a thread of this process.

Both run the same job code (`exercise_tracker.jobs.analysis.run_analysis`).
"""

import logging
import uuid

from flask import Flask, current_app
from redis.exceptions import RedisError
from rq import Queue, Retry

from exercise_tracker.extensions.redis import redis_connection
from exercise_tracker.jobs.runner import BackgroundRunner

log = logging.getLogger(__name__)

ANALYSIS_JOB = "exercise_tracker.jobs.analysis.analyze_video_job"


class QueueUnavailable(Exception):
    """The queue cannot take a job now; the caller should answer 503."""


def analysis_queue(app: Flask | None = None) -> Queue:
    app = app or current_app
    return Queue(app.config["QUEUE_NAME"], connection=redis_connection(app))


def background_runner(app: Flask | None = None) -> BackgroundRunner:
    app = app or current_app._get_current_object()
    if "analysis_runner" not in app.extensions:
        app.extensions["analysis_runner"] = BackgroundRunner(app)
    return app.extensions["analysis_runner"]


def new_job_id() -> str:
    return uuid.uuid4().hex


def enqueue_analysis(video_id, job_id: str | None = None) -> str:
    """Queues the analysis of a video under `job_id` (a new one by default); answers the id.

    A caller may record the id on the video first, so nothing is left to write once the job is
    queued: a write failing after it would answer an error for an upload that was kept.
    """
    config = current_app.config
    video_id = str(video_id)
    job_id = job_id or new_job_id()
    if not config["REDIS_URL"]:
        return background_runner().submit(video_id, job_id)
    retries = config["JOB_RETRIES"]
    try:
        job = analysis_queue().enqueue(
            ANALYSIS_JOB,
            video_id,
            job_id=job_id,
            job_timeout=config["JOB_TIMEOUT_S"],
            result_ttl=config["JOB_RESULT_TTL_S"],
            failure_ttl=config["JOB_FAILURE_TTL_S"],
            retry=Retry(max=retries, interval=list(config["JOB_RETRY_INTERVALS_S"])[:retries])
            if retries
            else None,
            meta={"video_id": video_id},
            description=f"analyse video {video_id}",
        )
    except RedisError as error:
        log.error("queue unavailable: %s", type(error).__name__)
        raise QueueUnavailable from error
    return job.id


def queue_ping() -> None:
    """Raises when Redis does not answer (for readiness and upload checks)."""
    if current_app.config["REDIS_URL"]:
        try:
            redis_connection().ping()
        except RedisError as error:
            raise QueueUnavailable from error
