"""Web and worker as separate processes sharing one on-disk store, as on a real deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import TestingConfig
from exercise_tracker.models import Video
from tests.conftest import upload
from tests.jobs.conftest import MODEL

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def config_overrides(tmp_path):
    shared = {"MOVENET_MODEL_PATH": MODEL}
    if TestingConfig.TEST_MONGO_URI:  # a real server is shared as it is
        return shared
    return {**shared, "MONGO_CLIENT": "litemongo", "EMBEDDED_DB_DIR": tmp_path / "db"}


def worker_environment(app) -> dict:
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
    }


def test_a_separate_worker_process_analyses_the_upload(app, client, doctor, patient, assign):
    exercise = assign(doctor, patient, motion="front_raise")
    video = upload(client, patient, exercise["id"]).json
    worker = subprocess.run(
        [sys.executable, "-m", "flask", "worker", "--burst"],
        cwd=ROOT,
        env=worker_environment(app),
        capture_output=True,
        text=True,
        timeout=300,
    )
    problems = "\n".join(
        line for line in worker.stderr.splitlines() if "ERROR" in line or "Error" in line
    )
    assert worker.returncode == 0, problems
    stored = Video.objects(id=video["id"]).first()
    assert stored.status == "Processed", problems
    read = client.get(f"/api/v1/videos/{video['id']}", headers=doctor.headers).json
    assert read["prediction"]["predicted_motion"] == "front_raise"
    assert read["prediction"]["is_match"] is True
    # The worker's log lines carry the job and the video they are about.
    assert f"video={video['id']}" in worker.stderr
