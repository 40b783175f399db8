"""What readiness means: each part the process needs, checked and named."""

import logging

from flask import current_app

from exercise_tracker.extensions.database import ping as database_ping
from exercise_tracker.jobs.queue import QueueUnavailable, queue_ping

log = logging.getLogger(__name__)


def _check(name: str, probe) -> str:
    try:
        probe()
    except Exception as error:  # a health check reports, it never raises
        log.warning("readiness: %s failed (%s)", name, type(error).__name__)
        return getattr(error, "reason", None) or f"unavailable ({type(error).__name__})"
    return "ok"


def model_ready() -> None:
    """The model file is where the settings say, with the right checksum, and loads (once)."""
    from config import analysis_settings
    from exercise_tracker.analysis.readiness import ready_pose_estimator

    ready_pose_estimator(analysis_settings(current_app.config))


def readiness(*, analyses_here: bool) -> dict[str, str]:
    checks = {"database": _check("database", database_ping)}
    if current_app.config["REDIS_URL"]:
        checks["queue"] = _check("queue", _queue_probe)
    if analyses_here:
        checks["model"] = _check("model", model_ready)
    return checks


def _queue_probe() -> None:
    try:
        queue_ping()
    except QueueUnavailable as error:
        raise ConnectionError("Redis does not answer") from error
