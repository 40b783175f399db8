"""The RQ worker process: loads the model once, recovers abandoned videos, then works."""

import logging

from flask import Flask
from rq import SimpleWorker

from config import analysis_settings
from exercise_tracker.jobs.queue import analysis_queue, redis_connection
from exercise_tracker.jobs.recovery import requeue_stale

log = logging.getLogger(__name__)


class AnalysisWorker(SimpleWorker):
    """Runs each job in the worker's own process (no fork), so the pose model loaded at start
    serves every job. SIGTERM asks for a warm shutdown: the current job finishes first; a video
    cut short by a harder stop stays `Processing` and is requeued as stale."""


def load_model(app: Flask):
    """The pose model, checked and loaded before the worker takes any job."""
    from exercise_tracker.analysis.readiness import ready_pose_estimator

    return ready_pose_estimator(analysis_settings(app.config))


def run_worker(app: Flask, *, burst: bool = False, with_scheduler: bool = True) -> None:
    load_model(app)
    requeue_stale(app)
    worker = AnalysisWorker([analysis_queue(app)], connection=redis_connection(app))
    worker.work(burst=burst, with_scheduler=with_scheduler, logging_level="INFO")
