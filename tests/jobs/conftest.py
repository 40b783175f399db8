"""Fixtures for the analysis flow: the real model, a real Redis and a real worker."""

import os
from pathlib import Path

import pytest

from exercise_tracker.jobs.queue import analysis_queue, redis_connection
from exercise_tracker.jobs.worker import AnalysisWorker
from tests.conftest import SHARED_DIR

MODEL = Path(
    os.environ.get("MOVENET_MODEL_PATH")
    or SHARED_DIR / "models" / "movenet_singlepose_lightning_int8_4.tflite"
)


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
