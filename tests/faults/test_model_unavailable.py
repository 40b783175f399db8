"""The pose model missing or corrupt: nothing takes a job, the videos wait `Uploaded`, and a
process with a good model then completes them."""

import pytest

from exercise_tracker.app import create_app
from exercise_tracker.jobs.queue import analysis_queue, background_runner
from exercise_tracker.jobs.worker import run_worker
from exercise_tracker.models import Video
from tests.conftest import make_config, upload
from tests.jobs.conftest import MODEL, shared_store_overrides, worker_environment

TIMEOUT_S = 120


def write_bad_model(kind: str, folder) -> str:
    """A model file that is not there, not a model at all, or cut short by a failed copy."""
    path = folder / f"{kind}.tflite"
    if kind == "truncated":
        path.write_bytes(MODEL.read_bytes()[:50_000])
    elif kind == "garbage":
        path.write_bytes(bytes(range(256)) * 400)
    return str(path)


@pytest.fixture(params=["missing", "garbage", "truncated"])
def bad_model(request, tmp_path) -> str:
    return write_bad_model(request.param, tmp_path)


def assert_waiting(video_id: str) -> None:
    video = Video.objects(id=video_id).first()
    assert video.status == "Uploaded" and video.attempts == 0 and not video.failure_reason


def assert_refused(process, model: str, prefix: str) -> None:
    """Exit status 1 (not a crash) with one line that says what is wrong with which file."""
    _, errors = process.communicate(timeout=TIMEOUT_S)
    last_line = errors.strip().splitlines()[-1]
    assert process.returncode == 1, errors[-2000:]
    assert last_line.startswith(prefix) and model in last_line, last_line


class TestWorker:
    @pytest.fixture
    def config_overrides(self, tmp_path, redis_server):
        return {**shared_store_overrides(tmp_path), "REDIS_URL": redis_server.url}

    def test_worker_refuses_to_start_and_videos_wait_for_a_good_one(
        self, app, client, patient, exercise_for, flask_process, bad_model
    ):
        video_id = upload(client, patient, exercise_for["id"]).json["id"]
        environment = worker_environment(app, MOVENET_MODEL_PATH=bad_model)
        worker = flask_process(["worker", "--burst"], environment)
        verify = flask_process(["model", "verify"], environment)
        assert_refused(worker, bad_model, "Error: cannot start: ")
        assert_refused(verify, bad_model, "Error: ")
        assert_waiting(video_id)
        assert analysis_queue(app).count == 1  # its job is still queued
        with app.app_context():
            run_worker(app, burst=True, with_scheduler=False)  # a worker with the good model
        assert Video.objects(id=video_id).first().status == "Processed"


class TestEmbedded:
    """Without Redis the web process analyses videos itself, so its readiness names the model."""

    @pytest.fixture
    def config_overrides(self, tmp_path, bad_model):
        return {
            **shared_store_overrides(tmp_path),
            "REDIS_URL": None,
            "MOVENET_MODEL_PATH": bad_model,
        }

    def test_not_ready_and_videos_wait_for_a_restart_with_a_good_model(
        self, app, client, patient, exercise_for, tmp_path, config_overrides
    ):
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json["checks"]["model"] != "ok"
        video_id = upload(client, patient, exercise_for["id"]).json["id"]
        assert background_runner(app).join(timeout=TIMEOUT_S)
        assert_waiting(video_id)
        # The same store, restarted with the good model: what was left is analysed now.
        restarted = create_app(
            make_config(tmp_path, **{**config_overrides, "MOVENET_MODEL_PATH": MODEL})
        )
        assert restarted.test_client().get("/readyz").status_code == 200
        assert background_runner(restarted).join(timeout=TIMEOUT_S)
        assert Video.objects(id=video_id).first().status == "Processed"
