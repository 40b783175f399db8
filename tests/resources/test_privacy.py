"""A patient's data: complete export, and erasure that leaves nothing behind."""

import mongoengine
import pytest

from exercise_tracker.models import Exercise, Prediction, User, Video
from tests.conftest import PASSWORD, stored_files, upload


@pytest.fixture
def history(client, doctor, patient, register, assign):
    """The patient has two exercises from two doctors and a video for each."""
    mine = assign(doctor, patient, name="Mine")
    theirs = assign(register("Doctor"), patient, name="Theirs")
    videos = [upload(client, patient, e["id"]).json for e in (mine, theirs)]
    Prediction(
        video_id=videos[0]["id"],
        exercise_id=mine["id"],
        patient_id=patient.id,
        predicted_motion="front_raise",
        confidence_score=0.9,
        model_name="m",
        is_match=True,
        raw_results={"rep_count": 2},
    ).save()
    return {"exercises": [mine, theirs], "videos": videos}


def test_patient_exports_everything(client, patient, history):
    export = client.get(f"/api/v1/users/{patient.id}/export", headers=patient.headers)
    assert export.status_code == 200
    body = export.json
    assert body["user"]["id"] == patient.id and "hashed_password" not in body["user"]
    assert {e["name"] for e in body["exercises"]} == {"Mine", "Theirs"}
    assert len(body["videos"]) == 2
    link = body["videos"][0]["file_url"]
    assert link == f"/api/v1/videos/{body['videos'][0]['id']}/file"  # relative: no PUBLIC_URL
    assert body["predictions"][0]["raw_results"] == {"rep_count": 2}
    assert client.get(link, headers=patient.headers).status_code == 200


def test_doctor_exports_what_belongs_to_their_exercises(client, doctor, patient, history):
    body = client.get(f"/api/v1/users/{patient.id}/export", headers=doctor.headers).json
    assert [e["name"] for e in body["exercises"]] == ["Mine"]
    assert [v["id"] for v in body["videos"]] == [history["videos"][0]["id"]]


def test_export_refused_to_outsiders(client, patient, register, history):
    for outsider in (register("Doctor"), register("Patient")):
        assert (
            client.get(f"/api/v1/users/{patient.id}/export", headers=outsider.headers).status_code
            == 404
        )


def test_patient_erases_their_account_and_all_their_data(app, client, patient, history):
    response = client.delete(f"/api/v1/users/{patient.id}", headers=patient.headers)
    assert response.status_code == 200
    assert response.json == {
        "user_id": patient.id,
        "exercises": 2,
        "videos": 2,
        "video_files": 2,
        "predictions": 1,
        "pictures": 0,
    }
    assert stored_files(app) == []
    for document in (Video, Prediction, Exercise):
        assert document.objects.count() == 0
    assert User.objects(id=patient.id).count() == 0
    login = client.post("/api/v1/users/login", json={"email": patient.email, "password": PASSWORD})
    assert login.status_code == 401


def test_erasure_rules(client, doctor, patient, register, history):
    assert client.delete(f"/api/v1/users/{patient.id}", headers=doctor.headers).status_code == 403
    assert (
        client.delete(
            f"/api/v1/users/{patient.id}", headers=register("Patient").headers
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/users/{doctor.id}", headers=doctor.headers).status_code == 403
    assert Video.objects.count() == 2


class TestGridFS:
    @pytest.fixture
    def config_overrides(self):
        return {"VIDEO_STORAGE": "gridfs"}

    def test_erasure_removes_gridfs_files(self, client, patient, history):
        files = mongoengine.get_db()["video_files.files"]
        assert files.count_documents({}) == 2
        assert (
            client.delete(f"/api/v1/users/{patient.id}", headers=patient.headers).status_code == 200
        )
        assert files.count_documents({}) == 0
        assert mongoengine.get_db()["video_files.chunks"].count_documents({}) == 0
