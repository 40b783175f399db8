"""The sweep on RQ's scheduler: each run schedules the next, at the next multiple of
REMINDERS_INTERVAL_S, under a job id named after that moment. Workers starting together or a
run scheduling what a starting worker also scheduled name the same job, so it runs once."""

import time
from datetime import UTC, datetime

from flask import Flask, current_app

from exercise_tracker.notifications.dispatch import notification_queue
from exercise_tracker.reminders.sweep import send_due

SWEEP_JOB = "exercise_tracker.reminders.periodic.sweep_job"


def schedule_next_sweep(app: Flask, now: float | None = None) -> str | None:
    """Schedules the next sweep; answers its job id (None when the worker does not sweep)."""
    interval = app.config["REMINDERS_INTERVAL_S"]
    if interval <= 0 or not app.config["REDIS_URL"]:
        return None
    slot = int((time.time() if now is None else now) // interval) + 1
    job_id = f"reminders-sweep-{slot}"
    notification_queue(app).enqueue_at(
        datetime.fromtimestamp(slot * interval, UTC),
        SWEEP_JOB,
        job_id=job_id,
        job_timeout=max(60, interval),
        result_ttl=interval * 2,
        failure_ttl=app.config["JOB_FAILURE_TTL_S"],
        description="send due reminders, notices and alerts",
    )
    return job_id


def sweep_job() -> dict:
    """RQ's entry point. The next run is scheduled first, so a failing sweep keeps the chain."""
    schedule_next_sweep(current_app._get_current_object())
    return send_due().as_dict()
