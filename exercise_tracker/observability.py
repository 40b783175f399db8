"""Logs: one line per request with a request id, JSON lines on demand, job context in workers."""

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request

log = logging.getLogger("exercise_tracker.requests")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with whatever context a record carries."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS and v is not None}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines; a worker's lines end with the job and video they are about."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        if getattr(record, "job_id", None):
            line += f" [job={record.job_id} video={record.video_id}]"
        return line


class JobContextFilter(logging.Filter):
    """Adds the RQ job id and the video id to every line a worker logs during a job."""

    def filter(self, record: logging.LogRecord) -> bool:
        from rq import get_current_job

        job = get_current_job()
        record.job_id = job.id if job else None
        record.video_id = job.meta.get("video_id") if job else None
        return True


def configure_logging(config) -> None:
    """Sets up the root logger once: text by default, JSON lines with LOG_FORMAT=json."""
    root = logging.getLogger()
    if getattr(root, "_exercise_tracker_configured", False):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if config["LOG_FORMAT"] == "json" else TextFormatter())
    handler.addFilter(JobContextFilter())
    root.addHandler(handler)
    root.setLevel(config["LOG_LEVEL"])
    root._exercise_tracker_configured = True


def init_request_logging(app: Flask) -> None:
    @app.before_request
    def _start():
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers["X-Request-ID"] = request_id
        duration_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        log.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
            },
        )
        return response
