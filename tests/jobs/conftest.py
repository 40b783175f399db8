"""Fixtures for the analysis flow: the real model, a real Redis and a real worker."""

import os
import sys
from pathlib import Path

import pytest

from config import TestingConfig
from exercise_tracker.jobs.queue import analysis_queue, redis_connection
from exercise_tracker.jobs.worker import AnalysisWorker
from tests.conftest import SHARED_DIR

ROOT = Path(__file__).resolve().parents[2]
MODEL = Path(
    os.environ.get("MOVENET_MODEL_PATH")
    or SHARED_DIR / "models" / "movenet_singlepose_lightning_int8_4.tflite"
)
FLASK = [sys.executable, "-m", "flask"]


def shared_store_overrides(tmp_path) -> dict:
    """Settings for a test app whose store other processes share."""
    shared = {"MOVENET_MODEL_PATH": MODEL}
    if TestingConfig.TEST_MONGO_URI:  # a real server is shared as it is
        return shared
    return {**shared, "MONGO_CLIENT": "litemongo", "EMBEDDED_DB_DIR": tmp_path / "db"}


def worker_environment(app, **settings) -> dict:
    """The environment of a `flask` process that shares the test app's store and queue."""
    config = app.config
    return {
        **os.environ,
        "APP_ENV": "development",
        "DB_NAME": config["DB_NAME"],
        "EMBEDDED_DB_DIR": str(config["EMBEDDED_DB_DIR"]),
        "MONGO_URI": config["MONGO_URI"] or "",
        "UPLOAD_DIR": str(config["UPLOAD_DIR"]),
        "REDIS_URL": config["REDIS_URL"],
        "QUEUE_NAME": config["QUEUE_NAME"],
        "MOVENET_MODEL_PATH": str(MODEL),
        "FLASK_APP": "wsgi",
        **{name: str(value) for name, value in settings.items()},
    }


@pytest.fixture
def config_overrides():
    return {"MOVENET_MODEL_PATH": MODEL}


@pytest.fixture
def run_worker(app):
    """Runs an RQ worker in burst mode in this process until the queue is empty."""

    def _run():
        with app.app_context():
            worker = AnalysisWorker([analysis_queue(app)], connection=redis_connection(app))
            worker.work(burst=True)

    return _run
