"""Input is refused with a field message rather than mangled; refusals say what limit was met
and when to retry, and only those that mean it carry `Retry-After`."""

import pytest

from exercise_tracker.models import Exercise, User
from tests.conftest import PASSWORD, upload

EXERCISES = "/api/v1/exercises/"


@pytest.mark.parametrize(
    "field, value",
    [
        ("target_reps", 5.5),
        ("target_reps", "5"),
        ("sets", 2.0),
        ("frequency_per_week", "3"),
        ("target_range_of_motion", 90.5),
        ("name", ""),
        ("name", "   "),
        ("due_date", "2020-01-01T00:00:00Z"),
    ],
)
def test_an_exercise_with_a_mangled_field_is_refused(client, doctor, patient, field, value):
    body = {"name": "Squats", "assigned_to": patient.id, field: value}
    response = client.post(EXERCISES, json=body, headers=doctor.headers)
    assert response.status_code == 422, response.json
    assert list(response.json["errors"]["json"]) == [field]
    assert Exercise.objects.count() == 0


def test_names_are_kept_trimmed(client, doctor, patient):
    body = {"name": "  Squats \n", "assigned_to": patient.id, "target_reps": 5}
    response = client.post(EXERCISES, json=body, headers=doctor.headers)
    assert response.status_code == 201 and response.json["name"] == "Squats"
    assert response.json["target_reps"] == 5


def test_a_blank_full_name_is_refused(client):
    body = {"email": "blank@clinic.example", "full_name": "  ", "password": PASSWORD}
    response = client.post("/api/v1/users/", json=body)
    assert response.status_code == 422
    assert list(response.json["errors"]["json"]) == ["full_name"]
    assert User.objects.count() == 0


def test_a_blank_name_is_refused_on_change_too(client, doctor, patient, assign):
    exercise = assign(doctor, patient)
    response = client.put(
        f"{EXERCISES}{exercise['id']}", json={"name": " "}, headers=doctor.headers
    )
    assert response.status_code == 422
    renamed = client.put(
        f"/api/v1/users/{patient.id}", json={"full_name": ""}, headers=patient.headers
    )
    assert renamed.status_code == 422


@pytest.mark.parametrize(
    "form, field",
    [({"pain_level": "5.5"}, "pain_level"), ({"difficulty": "x"}, "difficulty")],
)
def test_upload_form_fields_are_reported_under_form(client, patient, exercise_for, form, field):
    response = upload(client, patient, exercise_for["id"], **form)
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["form"]
    assert list(response.json["errors"]["form"]) == [field]


def test_an_upload_with_a_bad_exercise_id_is_reported_under_form(client, patient):
    response = upload(client, patient, "not-an-id")
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["form"]
    assert list(response.json["errors"]["form"]) == ["exercise_id"]


def test_an_upload_with_no_file_is_reported_under_files(client, patient, exercise_for):
    response = upload(client, patient, exercise_for["id"], data=False)
    assert response.status_code == 422
    assert list(response.json["errors"]) == ["files"]


class TestLimits:
    @pytest.fixture
    def config_overrides(self):
        return {"MAX_UPLOAD_MB": 1, "LOGIN_LIMIT_PER_IP": "3 per minute"}

    def test_413_names_the_limit(self, client, patient, exercise_for):
        response = upload(client, patient, exercise_for["id"], data=b"\x00" * (2 * 1024 * 1024))
        assert response.status_code == 413
        assert "1 MB" in response.json["message"]

    def test_retry_after_only_on_429(self, client, patient):
        login = {"email": patient.email, "password": PASSWORD}  # once already, as the fixture
        answers = [client.post("/api/v1/users/login", json=login) for _ in range(3)]
        assert [a.status_code for a in answers[:2]] == [200, 200]
        assert all("Retry-After" not in a.headers for a in answers[:2])
        limited = answers[2]
        assert limited.status_code == 429
        seconds = int(limited.headers["Retry-After"])
        assert 0 < seconds <= 60
        assert f"try again in {seconds} seconds" in limited.json["message"]
