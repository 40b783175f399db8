"""Redis stopped while uploads arrive, and Redis restarted with queued jobs, on a real server."""

import pytest

from exercise_tracker.jobs.queue import analysis_queue
from exercise_tracker.jobs.worker import run_worker
from exercise_tracker.models import Video
from exercise_tracker.services import videos as videos_service
from exercise_tracker.storage.local import LocalStorage
from tests.conftest import stored_files, upload
from tests.jobs.conftest import MODEL


def work_off_the_queue(app) -> None:
    """What `flask worker --burst` runs: requeue what was lost, then every queued job."""
    with app.app_context():
        run_worker(app, burst=True, with_scheduler=False)


def statuses() -> list[str]:
    return [video.status for video in Video.objects]


class TestRedisStops:
    @pytest.fixture
    def config_overrides(self, redis_server):
        # Uploads whose job is missing count as lost at once (the default waits a job timeout).
        return {"MOVENET_MODEL_PATH": MODEL, "REDIS_URL": redis_server.url, "STALE_PROCESSING_S": 0}

    def test_uploads_get_503_while_redis_is_down_then_work_again(
        self, app, client, patient, exercise_for, redis_server
    ):
        assert upload(client, patient, exercise_for["id"]).status_code == 202
        redis_server.kill()
        refused = upload(client, patient, exercise_for["id"])
        assert refused.status_code == 503
        assert int(refused.headers["Retry-After"]) > 0
        assert Video.objects.count() == 1 and len(stored_files(app)) == 1  # the first only
        assert client.get("/readyz").json["checks"]["queue"] != "ok"
        redis_server.start()
        accepted = upload(client, patient, exercise_for["id"])
        assert accepted.status_code == 202
        assert Video.objects.count() == 2 and len(stored_files(app)) == 2
        assert accepted.json["id"] in [job.meta["video_id"] for job in analysis_queue(app).jobs]

    def test_redis_dying_after_the_check_leaves_nothing(
        self, app, client, patient, exercise_for, redis_server, monkeypatch
    ):
        """Redis answers the upload's ping, then dies while the file is being stored."""
        save = LocalStorage.save

        def save_while_redis_dies(storage, path, suffix):
            redis_server.kill()
            return save(storage, path, suffix)

        monkeypatch.setattr(LocalStorage, "save", save_while_redis_dies)
        refused = upload(client, patient, exercise_for["id"])
        assert refused.status_code == 503 and int(refused.headers["Retry-After"]) > 0
        assert Video.objects.count() == 0 and stored_files(app) == []

    def test_jobs_lost_by_a_restart_without_persistence_are_requeued(
        self, app, client, patient, exercise_for, redis_server
    ):
        video = upload(client, patient, exercise_for["id"]).json
        redis_server.stop()
        redis_server.start()
        assert analysis_queue(app).count == 0  # the job is gone with the server's memory
        work_off_the_queue(app)
        done = Video.objects(id=video["id"]).first()
        assert done.status == "Processed" and done.attempts == 1


class TestRedisRestartsWithPersistence:
    @pytest.fixture
    def config_overrides(self, persistent_redis_server):
        return {"MOVENET_MODEL_PATH": MODEL, "REDIS_URL": persistent_redis_server.url}

    def test_queued_jobs_survive_a_restart_and_complete(
        self, app, client, patient, exercise_for, persistent_redis_server
    ):
        videos = [upload(client, patient, exercise_for["id"]).json["id"] for _ in range(2)]
        persistent_redis_server.stop()
        persistent_redis_server.start()
        queued = analysis_queue(app).jobs
        assert sorted(job.meta["video_id"] for job in queued) == sorted(videos)
        work_off_the_queue(app)
        assert statuses() == ["Processed", "Processed"]
        assert [video.attempts for video in Video.objects] == [1, 1]  # each analysed once


class TestRateLimitsInRedis:
    """As deployed: the rate limiter keeps its counters in the same Redis, and is the first to
    touch it on an upload or a login."""

    @pytest.fixture
    def config_overrides(self, redis_server):
        return {
            "MOVENET_MODEL_PATH": MODEL,
            "REDIS_URL": redis_server.url,
            "RATELIMIT_STORAGE_URI": redis_server.url,
        }

    def test_uploads_and_logins_get_503_while_redis_is_down(
        self, app, client, patient, exercise_for, redis_server
    ):
        accepted = upload(client, patient, exercise_for["id"])
        assert accepted.status_code == 202
        assert "X-RateLimit-Remaining" in accepted.headers  # the limiter did count it in Redis
        redis_server.kill()
        refused = upload(client, patient, exercise_for["id"])
        assert refused.status_code == 503, refused.json
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json["message"] and "Connection" not in refused.json["message"]
        assert Video.objects.count() == 1 and len(stored_files(app)) == 1  # the first only
        login = client.post(
            "/api/v1/users/login", json={"email": patient.email, "password": "wrong password!"}
        )
        assert login.status_code == 503 and int(login.headers["Retry-After"]) > 0
        redis_server.start()
        assert upload(client, patient, exercise_for["id"]).status_code == 202
        assert Video.objects.count() == 2

    def test_redis_dying_after_the_upload_was_queued_still_answers_202(
        self, app, client, patient, exercise_for, redis_server, monkeypatch
    ):
        """The limiter's headers, read after the view, are left off; the answer says what was
        kept (a 5xx here would have the patient upload the same video again)."""
        enqueue = videos_service.enqueue_analysis

        def enqueue_then_die(*args, **kwargs):
            job_id = enqueue(*args, **kwargs)
            redis_server.kill()
            return job_id

        monkeypatch.setattr(videos_service, "enqueue_analysis", enqueue_then_die)
        response = upload(client, patient, exercise_for["id"])
        assert response.status_code == 202, response.json
        assert "X-RateLimit-Remaining" not in response.headers
        assert Video.objects(id=response.json["id"]).count() == 1
