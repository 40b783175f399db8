"""A worker killed with SIGKILL in the middle of a job: the video is requeued and completes.

The killed worker is a real `flask worker` process; the recovery runs in this process, through
the function `flask worker` runs, which requeues stale videos before it takes jobs.
"""

import signal
import time
from datetime import timedelta

import pytest

from exercise_tracker.jobs.worker import run_worker
from exercise_tracker.models import Video
from exercise_tracker.models.base import utcnow
from tests.conftest import fixture_video, upload
from tests.faults.conftest import wait_for
from tests.jobs.conftest import shared_store_overrides, worker_environment

LONG_CLIP = "lunge_nowva_1.mp4"  # 32 s: its analysis lasts long enough to be cut short
STALE_S = 1
HEARTBEAT_S = 1  # the killed worker's job counts as abandoned three beats after its last
TIMEOUT_S = 120


@pytest.fixture
def config_overrides(tmp_path, redis_server):
    return {
        **shared_store_overrides(tmp_path),
        "REDIS_URL": redis_server.url,
        "STALE_PROCESSING_S": STALE_S,
    }


def status_of(video_id: str) -> str:
    return Video.objects(id=video_id).first().status


def kill_mid_job(app, flask_process, video_id: str) -> None:
    """Starts a worker, waits until it holds the video, and kills it without warning."""
    environment = worker_environment(app, WORKER_HEARTBEAT_S=HEARTBEAT_S)
    worker = flask_process(["worker", "--burst"], environment)
    wait_for(
        lambda: status_of(video_id) == "Processing" or worker.poll() is not None,
        TIMEOUT_S,
        "the worker to take the video",
        interval=0.01,
    )
    assert worker.poll() is None, worker.communicate()[1][-2000:]
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=TIMEOUT_S)
    assert status_of(video_id) == "Processing"  # abandoned: nobody will finish it


def wait_until_stale(video_id: str) -> None:
    def stale():
        started = Video.objects(id=video_id).first().processing_started_at
        return utcnow() - started > timedelta(seconds=STALE_S)

    wait_for(stale, STALE_S + 5, "the abandoned video to count as stale", interval=0.1)
    time.sleep(3 * HEARTBEAT_S + 1)  # and its job, silent, as abandoned


def test_worker_start_requeues_the_abandoned_video(
    app, client, doctor, patient, assign, flask_process
):
    video_id = upload_long_clip(client, doctor, patient, assign)
    kill_mid_job(app, flask_process, video_id)
    wait_until_stale(video_id)
    with app.app_context():
        run_worker(app, burst=True, with_scheduler=False)  # what `flask worker` runs
    assert_completed(client, doctor, video_id)
    left = app.test_cli_runner().invoke(args=["videos", "requeue-stale"])
    assert left.exit_code == 0 and "requeued 0 video(s)" in left.output


def upload_long_clip(client, doctor, patient, assign) -> str:
    exercise = assign(doctor, patient, motion="lunge")
    data = fixture_video(LONG_CLIP).read_bytes()
    return upload(client, patient, exercise["id"], data=data).json["id"]


def assert_completed(client, doctor, video_id: str) -> None:
    done = Video.objects(id=video_id).first()
    assert done.status == "Processed" and done.attempts == 2
    read = client.get(f"/api/v1/videos/{video_id}", headers=doctor.headers).json
    assert read["prediction"]["predicted_motion"] == "lunge"
