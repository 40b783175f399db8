"""Web and worker as separate processes sharing one on-disk store, as on a real deploy."""

import subprocess

import pytest

from exercise_tracker.models import Video
from tests.conftest import upload
from tests.jobs.conftest import FLASK, ROOT, shared_store_overrides, worker_environment


@pytest.fixture
def config_overrides(tmp_path):
    return shared_store_overrides(tmp_path)


def test_a_separate_worker_process_analyses_the_upload(app, client, doctor, patient, assign):
    exercise = assign(doctor, patient, motion="front_raise")
    video = upload(client, patient, exercise["id"]).json
    worker = subprocess.run(
        [*FLASK, "worker", "--burst"],
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
