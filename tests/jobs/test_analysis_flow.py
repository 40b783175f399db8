"""Upload → queue → worker → prediction, on real clips with the real model and a real Redis."""

import io

import pytest
from rq.registry import FailedJobRegistry

from exercise_tracker.jobs.queue import analysis_queue
from exercise_tracker.jobs.recovery import requeue_stale
from exercise_tracker.models import Exercise, Prediction, Video
from exercise_tracker.models.base import utcnow
from exercise_tracker.storage import video_storage
from tests.conftest import fixture_video, upload

FRONT_RAISE = "front_raise_kshitij_2.mp4"  # labelled front_raise, 2 repetitions


def test_matching_upload_is_processed_and_completes_the_exercise(
    client, doctor, patient, assign, run_worker
):
    exercise = assign(
        doctor,
        patient,
        name="Arm raises",
        motion="front_raise",
        target_reps=2,
        target_range_of_motion=30,
    )
    video = upload(client, patient, exercise["id"], pain_level=2).json
    run_worker()
    read = client.get(f"/api/v1/videos/{video['id']}", headers=doctor.headers).json
    assert read["status"] == "Processed"
    prediction = read["prediction"]
    assert prediction["predicted_motion"] == "front_raise"
    assert prediction["is_match"] is True
    assert 0.0 <= prediction["confidence_score"] <= 1.0
    assert prediction["model_name"].startswith("movenet_singlepose_lightning")
    assert prediction["rep_count"] == prediction["raw_results"]["rep_count"]
    assert abs(prediction["rep_count"] - 2) <= 1
    assert prediction["raw_results"]["repetitions"]
    reached = prediction["raw_results"]["range_of_motion"]
    assert reached["target_range"][1] - reached["target_range"][0] == pytest.approx(30)
    assert reached["target_met"] is True  # a front raise lifts the arm far more than 30°
    done = client.get(f"/api/v1/exercises/{exercise['id']}", headers=patient.headers).json
    assert done["status"] == "Completed"
    listed = client.get(f"/api/v1/videos/patient/{patient.id}", headers=patient.headers).json
    assert listed[0]["prediction"]["predicted_motion"] == "front_raise"
    assert "raw_results" not in listed[0]["prediction"]


def test_a_clip_of_another_motion_is_not_a_match(client, doctor, patient, assign, run_worker):
    exercise = assign(doctor, patient, motion="squat")
    video = upload(client, patient, exercise["id"]).json
    run_worker()
    read = client.get(f"/api/v1/videos/{video['id']}", headers=patient.headers).json
    assert read["status"] == "Processed"
    assert read["prediction"]["is_match"] is False
    assert read["prediction"]["predicted_motion"] != "squat"
    assert Exercise.objects(id=exercise["id"]).first().status == "Pending"


def test_reprocessing_replaces_the_prediction(app, client, patient, exercise_for, run_worker):
    video = upload(client, patient, exercise_for["id"]).json
    run_worker()
    first = Prediction.objects(video_id=video["id"]).first()
    result = app.test_cli_runner().invoke(args=["videos", "reprocess", "--video-id", video["id"]])
    assert result.exit_code == 0 and "queued 1 video" in result.output
    run_worker()
    assert Prediction.objects(video_id=video["id"]).count() == 1
    again = Video.objects(id=video["id"]).first()
    assert again.status == "Processed" and again.attempts == 2
    assert Prediction.objects(video_id=video["id"]).first().created_at >= first.created_at


def test_an_undecodable_file_fails_at_once_with_a_reason(
    app, client, patient, exercise_for, run_worker
):
    video = upload(client, patient, exercise_for["id"]).json
    stored = Video.objects(id=video["id"]).first()
    with app.app_context():
        path = app.config["UPLOAD_DIR"] / stored.file_path
    path.write_bytes(b"\x00" * 5000)  # the stored file went bad after upload
    run_worker()
    failed = client.get(f"/api/v1/videos/{video['id']}", headers=patient.headers).json
    assert failed["status"] == "Failed"
    assert failed["failure_reason"]
    assert failed["attempts"] == 1  # permanent: no retry
    assert failed["prediction"] is None


def test_a_transient_error_is_retried(app, client, patient, exercise_for, run_worker, monkeypatch):
    video = upload(client, patient, exercise_for["id"]).json
    storage_class = type(
        video_storage.__wrapped__(app) if hasattr(video_storage, "__wrapped__") else None
    )
    del storage_class
    calls = []
    with app.app_context():
        storage = video_storage()
    original = storage.local_copy

    def flaky(location):
        calls.append(location)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return original(location)

    monkeypatch.setattr(storage, "local_copy", flaky)
    run_worker()
    done = Video.objects(id=video["id"]).first()
    assert len(calls) >= 2  # the failed try, the retry (and the pictures drawn after it)
    assert done.status == "Processed" and done.attempts == 2
    assert FailedJobRegistry(queue=analysis_queue(app)).count == 0


def test_stale_processing_video_is_requeued_and_completes(
    app, client, patient, exercise_for, run_worker
):
    video = upload(client, patient, exercise_for["id"]).json
    analysis_queue(app).empty()  # the worker that took it died with its job
    long_ago = utcnow().replace(year=2020)
    Video.objects(id=video["id"]).update_one(
        set__status="Processing", set__processing_started_at=long_ago, set__upload_date=long_ago
    )
    with app.app_context():
        assert requeue_stale(app) == [video["id"]]
        assert requeue_stale(app) == []  # queued once, not twice
    run_worker()
    assert Video.objects(id=video["id"]).first().status == "Processed"


def test_deleted_video_job_does_nothing(app, client, patient, exercise_for, run_worker):
    video = upload(client, patient, exercise_for["id"]).json
    client.delete(f"/api/v1/videos/{video['id']}", headers=patient.headers)
    run_worker()
    assert Prediction.objects.count() == 0 and Video.objects.count() == 0


class TestEmbeddedRunner:
    """Without REDIS_URL the web process analyses uploads in a background thread."""

    @pytest.fixture
    def config_overrides(self, tmp_path):
        from tests.jobs.conftest import MODEL

        return {"REDIS_URL": None, "MOVENET_MODEL_PATH": MODEL}

    def test_upload_with_wait_answers_the_result(self, client, doctor, patient, assign):
        exercise = assign(doctor, patient, motion="front_raise")
        data = fixture_video(FRONT_RAISE).read_bytes()
        response = client.post(
            "/api/v1/predict/?wait=60",
            data={"exercise_id": exercise["id"], "file": (io.BytesIO(data), "clip.mp4")},
            headers=patient.headers,
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        assert response.json["status"] == "Processed"
        assert response.json["prediction"]["predicted_motion"] == "front_raise"
        assert response.json["prediction"]["is_match"] is True


class TestEmbeddedRestart:
    """The embedded store survives a restart; the analyses it left unfinished are resumed."""

    @pytest.fixture
    def config_overrides(self, tmp_path):
        from tests.jobs.conftest import MODEL

        return {
            "REDIS_URL": None,
            "MOVENET_MODEL_PATH": MODEL,
            "MONGO_CLIENT": "litemongo",
            "EMBEDDED_DB_DIR": tmp_path / "db",
        }

    def test_unfinished_videos_from_before_a_restart_are_analysed(
        self, app, client, patient, exercise_for, tmp_path, config_overrides
    ):
        from exercise_tracker.app import create_app
        from exercise_tracker.jobs.queue import background_runner
        from tests.conftest import make_config

        video = upload(client, patient, exercise_for["id"]).json
        assert background_runner(app).join(timeout=120)
        # As if the process had died mid-analysis: the video is left `Processing`.
        Video.objects(id=video["id"]).update_one(
            set__status="Processing", set__processing_started_at=utcnow()
        )
        restarted = create_app(make_config(tmp_path, **config_overrides))
        restarted.test_client().get("/healthz")
        assert background_runner(restarted).join(timeout=120)
        recovered = Video.objects(id=video["id"]).first()
        assert recovered.status == "Processed"
        assert recovered.attempts == 2
