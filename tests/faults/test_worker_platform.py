"""What the platform does to workers, done to real `flask worker` processes with real signals:
a worker SIGKILLed mid-job, SIGTERM during a long job, and Redis killed while workers are busy.

Each worker shares the test app's store (litemongo on disk) and a throwaway Redis.
"""

import signal
import time

import pytest
from rq import Worker
from rq.job import Job

from exercise_tracker.jobs.queue import analysis_queue
from exercise_tracker.models import Prediction, Video
from tests.conftest import fixture_video, upload
from tests.faults.conftest import wait_for
from tests.jobs.conftest import shared_store_overrides, worker_environment

LONG_CLIP = "lunge_nowva_1.mp4"  # 32 s: its analysis lasts long enough to be cut short
START_S = 120  # a worker loading TensorFlow and the model on a busy machine
ANALYSIS_S = 180


def video(video_id: str) -> Video:
    return Video.objects(id=video_id).first()


def upload_long_clip(client, doctor, patient, assign) -> str:
    exercise = assign(doctor, patient, motion="lunge")
    data = fixture_video(LONG_CLIP).read_bytes()
    return upload(client, patient, exercise["id"], data=data).json["id"]


def wait_for_workers(app, count: int) -> None:
    queue = analysis_queue(app)
    wait_for(lambda: Worker.count(queue=queue) >= count, START_S, f"{count} worker(s) to start")


def holding(app, workers, job_id: str):
    """The worker process running the job, found by the pid its RQ worker records."""
    queue = analysis_queue(app)
    pids = {w.pid for w in Worker.all(queue=queue) if w.get_current_job_id() == job_id}
    return next(worker for worker in workers if worker.process.pid in pids)


def wait_until_processing(video_id: str, worker) -> None:
    wait_for(
        lambda: video(video_id).status == "Processing" or not worker.alive,
        START_S,
        "a worker to take the video",
        interval=0.05,
    )
    assert worker.alive, worker.log()[-3000:]


def assert_analysed_once(client, doctor, video_id: str, attempts: int) -> None:
    done = video(video_id)
    assert done.status == "Processed" and done.attempts == attempts, done.to_mongo()
    assert Prediction.objects(video_id=done.id).count() == 1
    read = client.get(f"/api/v1/videos/{video_id}", headers=doctor.headers).json
    assert read["prediction"]["predicted_motion"] == "lunge"


class TestWorkerKilled:
    HEARTBEAT_S = 2

    @pytest.fixture
    def config_overrides(self, tmp_path, redis_server):
        # The stale-video path waits its default (a job timeout): it is not what recovers here.
        return {**shared_store_overrides(tmp_path), "REDIS_URL": redis_server.url}

    def test_a_killed_workers_job_is_back_within_a_minute_and_analysed_once(
        self, app, client, doctor, patient, assign, worker_process
    ):
        env = worker_environment(app, WORKER_HEARTBEAT_S=self.HEARTBEAT_S)
        workers = [worker_process(env), worker_process(env)]
        wait_for_workers(app, 2)
        video_id = upload_long_clip(client, doctor, patient, assign)
        wait_for(lambda: video(video_id).status == "Processing", START_S, "a worker to take it")
        job_id = video(video_id).job_id
        doomed = holding(app, workers, job_id)
        survivor = next(worker for worker in workers if worker is not doomed)
        doomed.signal(signal.SIGKILL)
        killed_at = time.monotonic()
        # The survivor's maintenance finds the silent job and retries it (same job, same video).
        wait_for(lambda: video(video_id).attempts == 2, 60, "the job to be taken again")
        back_after = time.monotonic() - killed_at
        print(f"\nkilled worker's job taken again after {back_after:.1f} s")
        wait_for(lambda: video(video_id).status == "Processed", ANALYSIS_S, "the analysis")
        assert_analysed_once(client, doctor, video_id, attempts=2)
        assert video(video_id).job_id == job_id
        assert survivor.alive
        connection = analysis_queue(app).connection
        wait_for(
            lambda: Job.fetch(job_id, connection=connection).get_status() == "finished",
            30,
            "the job to be recorded as finished",
        )


class TestSigterm:
    @pytest.fixture
    def config_overrides(self, tmp_path, redis_server):
        return {**shared_store_overrides(tmp_path), "REDIS_URL": redis_server.url}

    def test_a_job_running_past_the_grace_is_requeued_at_once_and_done_by_the_next_worker(
        self, app, client, doctor, patient, assign, worker_process
    ):
        wait_s = 1
        env = worker_environment(app, WORKER_SHUTDOWN_WAIT_S=wait_s)
        stopping = worker_process(env)
        wait_for_workers(app, 1)
        video_id = upload_long_clip(client, doctor, patient, assign)
        wait_until_processing(video_id, stopping)
        job_id = video(video_id).job_id
        other = upload(client, patient, assign(doctor, patient)["id"]).json["id"]
        stopping.signal(signal.SIGTERM)
        signalled_at = time.monotonic()
        stopping.process.wait(timeout=30)  # before the platform's SIGKILL
        stopped_after = time.monotonic() - signalled_at
        print(f"\nworker stopped {stopped_after:.1f} s after SIGTERM")
        assert stopping.process.returncode == 0, stopping.log()[-3000:]
        assert "requeued at the front" in stopping.log(), stopping.log()[-4000:]
        queue = analysis_queue(app)
        assert queue.job_ids[0] == job_id  # first in line, ahead of the later upload
        assert (
            Job.fetch(job_id, connection=queue.connection).retries_left == app.config["JOB_RETRIES"]
        )
        assert video(video_id).status == "Uploaded"
        worker_process(env)
        wait_for(lambda: video(video_id).status == "Processed", START_S + ANALYSIS_S, "analysis")
        assert_analysed_once(client, doctor, video_id, attempts=2)
        wait_for(lambda: video(other).status == "Processed", ANALYSIS_S, "the later upload")


class TestRedisKilledWhileWorkersAreBusy:
    @pytest.fixture
    def config_overrides(self, tmp_path, persistent_redis_server):
        return {**shared_store_overrides(tmp_path), "REDIS_URL": persistent_redis_server.url}

    def test_workers_ride_out_the_outage_record_their_results_and_go_on(
        self, app, client, doctor, patient, assign, worker_process, persistent_redis_server
    ):
        env = worker_environment(app)
        workers = [worker_process(env), worker_process(env)]
        wait_for_workers(app, 2)
        videos = [upload_long_clip(client, doctor, patient, assign) for _ in workers]
        for video_id, worker in zip(videos, workers, strict=True):
            wait_until_processing(video_id, worker)
        jobs = [video(video_id).job_id for video_id in videos]
        time.sleep(1.5)  # the append-only file is written out every second
        persistent_redis_server.kill()
        # Both analyses end while Redis is down: each worker holds its result, retrying.
        wait_for(
            lambda: all("Redis unavailable" in worker.log() for worker in workers),
            ANALYSIS_S,
            "both analyses to end and wait for Redis",
            interval=0.5,
        )
        assert all(video(video_id).status == "Processed" for video_id in videos)
        assert all(worker.alive for worker in workers), [w.log()[-2000:] for w in workers]
        persistent_redis_server.start()
        connection = analysis_queue(app).connection
        wait_for(
            lambda: all(
                Job.fetch(j, connection=connection).get_status() == "finished" for j in jobs
            ),  # noqa: E501
            60,
            "the results to be recorded",
            interval=0.5,
        )
        for video_id in videos:
            assert_analysed_once(client, doctor, video_id, attempts=1)
        assert not any("quitting" in worker.log() for worker in workers)
        # The queue goes on by itself.
        later = upload(client, patient, assign(doctor, patient)["id"]).json["id"]
        wait_for(lambda: video(later).status == "Processed", ANALYSIS_S, "a later upload")
        assert all(worker.alive for worker in workers)
