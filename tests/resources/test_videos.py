"""Uploading videos and reading them back: validation, storage, queueing and the rules."""

import hashlib
import io

import pytest
from redis import Redis
from rq import Queue

from exercise_tracker.models import Video
from tests.conftest import CLIP, PREDICT, fixture_video, stored_files, upload


def test_upload_is_accepted_stored_and_queued(app, client, patient, exercise_for):
    data = fixture_video(CLIP).read_bytes()
    response = upload(
        client, patient, exercise_for["id"], pain_level=3, difficulty=5, name="../../My clip.MP4"
    )
    assert response.status_code == 202
    video = response.json
    assert response.headers["Location"].endswith(f"/api/v1/videos/{video['id']}")
    assert video["status"] == "Uploaded"
    assert video["prediction"] is None
    assert video["file_size"] == len(data)
    assert video["sha256"] == hashlib.sha256(data).hexdigest()
    assert video["content_type"] == "video/mp4"
    assert video["file_name"] == "My_clip.MP4"
    assert (video["pain_level"], video["difficulty"]) == (3, 5)
    [stored] = stored_files(app)
    assert stored.read_bytes() == data
    assert "clip" not in stored.name  # the stored name is generated
    queue = Queue(app.config["QUEUE_NAME"], connection=Redis.from_url(app.config["REDIS_URL"]))
    [job] = queue.jobs
    assert job.func_name == "exercise_tracker.jobs.analysis.analyze_video_job"
    assert job.args == (video["id"],)
    assert job.timeout == app.config["JOB_TIMEOUT_S"]
    assert job.retries_left == app.config["JOB_RETRIES"]
    assert Video.objects(id=video["id"]).first().job_id == job.id


def test_the_file_comes_back_whole_and_by_range(client, patient, exercise_for):
    data = fixture_video(CLIP).read_bytes()
    video = upload(client, patient, exercise_for["id"]).json
    whole = client.get(f"/api/v1/videos/{video['id']}/file", headers=patient.headers)
    assert whole.status_code == 200
    assert whole.data == data
    assert whole.headers["Accept-Ranges"] == "bytes"
    part = client.get(
        f"/api/v1/videos/{video['id']}/file", headers={**patient.headers, "Range": "bytes=100-199"}
    )
    assert part.status_code == 206
    assert part.data == data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    beyond = client.get(
        f"/api/v1/videos/{video['id']}/file",
        headers={**patient.headers, "Range": f"bytes={len(data) + 10}-"},
    )
    assert beyond.status_code == 416


@pytest.mark.parametrize(
    "data, name, status, where",
    [
        (False, None, 422, "file"),  # no file at all
        (b"", "empty.mp4", 422, "file"),
        (b"this is not a video at all" * 100, "notes.mp4", 415, None),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000, "picture.mp4", 415, None),
        (b"PK\x03\x04" + b"\x00" * 4000, "archive.mp4", 415, None),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(
    app, client, patient, exercise_for, data, name, status, where
):
    response = upload(client, patient, exercise_for["id"], data=data, name=name)
    assert response.status_code == status, response.json
    if where:
        assert where in str(response.json["errors"])
    assert Video.objects.count() == 0
    assert stored_files(app) == []


def test_truncated_video_is_refused(app, client, patient, exercise_for):
    data = fixture_video(CLIP).read_bytes()
    # The first kilobytes only: a header and no decodable frame.
    response = upload(client, patient, exercise_for["id"], data=data[:4096])
    assert response.status_code == 415
    assert Video.objects.count() == 0 and stored_files(app) == []


def test_wrong_field_name_is_422(client, patient, exercise_for):
    body = {"exercise_id": exercise_for["id"], "video": (io.BytesIO(b"x" * 10), "a.mp4")}
    response = client.post(
        PREDICT, data=body, headers=patient.headers, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "file" in str(response.json["errors"])


def test_json_body_is_415(client, patient, exercise_for):
    response = client.post(
        PREDICT, json={"exercise_id": exercise_for["id"]}, headers=patient.headers
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    "field, value", [("pain_level", 11), ("difficulty", -1), ("pain_level", "x")]
)
def test_reported_levels_must_be_0_to_10(client, patient, exercise_for, field, value):
    response = upload(client, patient, exercise_for["id"], **{field: value})
    assert response.status_code == 422
    assert Video.objects.count() == 0


def test_exercise_ids(client, patient, register, doctor, assign):
    assert upload(client, patient, "not-an-id").status_code == 422
    assert upload(client, patient, "0" * 24).status_code == 404
    other = register("Patient")
    theirs = assign(doctor, other)
    assert upload(client, patient, theirs["id"]).status_code == 404
    assert Video.objects.count() == 0


def test_doctor_cannot_upload(client, doctor, exercise_for):
    assert upload(client, doctor, exercise_for["id"]).status_code == 403


def test_upload_needs_a_token(client, exercise_for):
    response = client.post(
        PREDICT, data={"exercise_id": exercise_for["id"]}, content_type="multipart/form-data"
    )
    assert response.status_code == 401


class TestOversize:
    @pytest.fixture
    def config_overrides(self):
        return {"MAX_UPLOAD_MB": 1}

    def test_oversize_upload_is_413_and_leaves_nothing(self, app, client, patient, exercise_for):
        response = upload(client, patient, exercise_for["id"], data=b"\x00" * (2 * 1024 * 1024))
        assert response.status_code == 413
        assert response.json["code"] == 413
        assert Video.objects.count() == 0 and stored_files(app) == []


class TestRedisDown:
    @pytest.fixture
    def config_overrides(self):
        return {"REDIS_URL": "redis://127.0.0.1:1/0"}  # nothing listens there

    def test_upload_is_503_with_retry_after_and_leaves_nothing(
        self, app, client, patient, exercise_for
    ):
        response = upload(client, patient, exercise_for["id"])
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert Video.objects.count() == 0 and stored_files(app) == []


def test_who_reads_a_video(client, doctor, patient, register, exercise_for):
    video = upload(client, patient, exercise_for["id"]).json
    url = f"/api/v1/videos/{video['id']}"
    assert client.get(url, headers=patient.headers).json["id"] == video["id"]
    assert client.get(url, headers=doctor.headers).json["id"] == video["id"]
    for outsider in (register("Doctor"), register("Patient")):
        assert client.get(url, headers=outsider.headers).status_code == 404
        assert client.get(f"{url}/file", headers=outsider.headers).status_code == 404
    assert client.get(f"/api/v1/videos/{'0' * 24}", headers=patient.headers).status_code == 404
    assert client.get("/api/v1/videos/nope", headers=patient.headers).status_code == 404


def test_video_lists_by_patient_and_by_exercise(
    client, doctor, patient, register, assign, exercise_for
):
    first = upload(client, patient, exercise_for["id"]).json
    other_exercise = assign(register("Doctor"), patient)
    second = upload(client, patient, other_exercise["id"]).json
    own = client.get(f"/api/v1/videos/patient/{patient.id}", headers=patient.headers)
    assert [v["id"] for v in own.json] == [second["id"], first["id"]]
    by_doctor = client.get(f"/api/v1/videos/patient/{patient.id}", headers=doctor.headers)
    assert [v["id"] for v in by_doctor.json] == [first["id"]]
    per_exercise = client.get(
        f"{PREDICT}exercise/{exercise_for['id']}/videos", headers=doctor.headers
    )
    assert [v["id"] for v in per_exercise.json] == [first["id"]]
    outsider = register("Patient")
    assert (
        client.get(f"/api/v1/videos/patient/{patient.id}", headers=outsider.headers).status_code
        == 404
    )
    assert (
        client.get(
            f"{PREDICT}exercise/{exercise_for['id']}/videos", headers=outsider.headers
        ).status_code
        == 404
    )


def test_only_the_uploading_patient_deletes(app, client, doctor, patient, exercise_for):
    video = upload(client, patient, exercise_for["id"]).json
    url = f"/api/v1/videos/{video['id']}"
    assert client.delete(url, headers=doctor.headers).status_code == 403
    deleted = client.delete(url, headers=patient.headers)
    assert deleted.status_code == 200
    assert deleted.json["file_removed"] is True
    assert client.get(url, headers=patient.headers).status_code == 404
    assert stored_files(app) == []


class TestGridFS:
    @pytest.fixture
    def config_overrides(self):
        return {"VIDEO_STORAGE": "gridfs"}

    def test_upload_read_and_delete_through_gridfs(self, app, client, patient, exercise_for):
        data = fixture_video(CLIP).read_bytes()
        video = upload(client, patient, exercise_for["id"]).json
        assert video["status"] == "Uploaded"
        assert stored_files(app) == []  # nothing on the local disk
        url = f"/api/v1/videos/{video['id']}"
        assert client.get(f"{url}/file", headers=patient.headers).data == data
        part = client.get(f"{url}/file", headers={**patient.headers, "Range": "bytes=0-9"})
        assert part.status_code == 206 and part.data == data[:10]
        assert client.delete(url, headers=patient.headers).json["file_removed"] is True
        import mongoengine

        assert mongoengine.get_db()["video_files.files"].count_documents({}) == 0
