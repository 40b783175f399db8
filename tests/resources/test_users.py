"""Users API: registration, login, tokens and profiles, with each rule from both sides."""

import pytest

from config import TestingConfig
from exercise_tracker.app import create_app
from tests.conftest import PASSWORD

USERS = "/api/v1/users/"


def test_register_patient_answers_profile_without_password(client):
    response = client.post(
        USERS, json={"email": "Ann@Clinic.Example", "full_name": "Ann", "password": PASSWORD}
    )
    assert response.status_code == 201
    body = response.json
    assert body["role"] == "Patient"
    assert body["email"] == "ann@clinic.example"
    assert len(body["id"]) == 24
    assert body["created_at"].endswith("+00:00")
    assert "password" not in body and "hashed_password" not in body


def test_email_is_unique_regardless_of_case(client, patient):
    response = client.post(
        USERS, json={"email": patient.email.upper(), "full_name": "X", "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.json["code"] == 409


@pytest.mark.parametrize(
    "body, field",
    [
        ({"full_name": "A", "password": PASSWORD}, "email"),
        ({"email": "not-an-email", "full_name": "A", "password": PASSWORD}, "email"),
        ({"email": "a@b.example", "password": PASSWORD}, "full_name"),
        ({"email": "a@b.example", "full_name": "A", "password": PASSWORD, "role": "Admin"}, "role"),
        ({"email": "a@b.example", "full_name": "A", "password": PASSWORD, "id": "x"}, "id"),
    ],
)
def test_register_rejects_bad_bodies(client, body, field):
    response = client.post(USERS, json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_register_rejects_short_password_and_writes_nothing(client, app):
    response = client.post(
        USERS, json={"email": "s@b.example", "full_name": "S", "password": "short"}
    )
    assert response.status_code == 422
    assert "password" in response.json["errors"]["json"]
    login = client.post("/api/v1/users/login", json={"email": "s@b.example", "password": "short"})
    assert login.status_code == 401


@pytest.mark.parametrize(
    "config_overrides", [{"PASSWORD_MIN_LENGTH": 14}, {"PASSWORD_MIN_LENGTH": 6}]
)
def test_the_configured_minimum_is_both_checked_and_documented(client, config_overrides):
    minimum = config_overrides["PASSWORD_MIN_LENGTH"]
    schemas = client.get("/openapi.json").json["components"]["schemas"]
    for name in ("UserCreate", "UserPut"):
        assert schemas[name]["properties"]["password"]["minLength"] == minimum
    body = {"email": "m@b.example", "full_name": "M"}
    short = client.post(USERS, json={**body, "password": "p" * (minimum - 1)})
    assert short.status_code == 422 and "password" in short.json["errors"]["json"]
    assert client.post(USERS, json={**body, "password": "p" * minimum}).status_code == 201


def test_doctor_registration_needs_the_code_when_set(client):
    class WithCode(TestingConfig):
        DOCTOR_REGISTRATION_CODE = "clinic-code-123"

    coded = create_app(WithCode).test_client()
    body = {"email": "d@b.example", "full_name": "D", "password": PASSWORD, "role": "Doctor"}
    assert coded.post(USERS, json=body).status_code == 403
    assert coded.post(USERS, json={**body, "registration_code": "wrong"}).status_code == 403
    created = coded.post(USERS, json={**body, "registration_code": "clinic-code-123"})
    assert created.status_code == 201
    assert created.json["role"] == "Doctor"


def test_doctor_self_registration_refused_in_production_without_code():
    class Production(TestingConfig):
        ENV_NAME = "production"

    client = create_app(Production).test_client()
    body = {"email": "p@b.example", "full_name": "D", "password": PASSWORD, "role": "Doctor"}
    assert client.post(USERS, json=body).status_code == 403
    patient = {**body, "role": "Patient", "email": "q@b.example"}
    assert client.post(USERS, json=patient).status_code == 201


def test_login_answers_tokens_and_user(client, patient):
    response = client.post(
        "/api/v1/users/login", json={"email": patient.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "bearer"
    assert body["access_token"] and body["refresh_token"]
    assert body["user"]["id"] == patient.id


def test_login_same_answer_for_unknown_email_and_wrong_password(client, patient):
    wrong = client.post(
        "/api/v1/users/login", json={"email": patient.email, "password": "nope-nope-nope"}
    )
    unknown = client.post(
        "/api/v1/users/login", json={"email": "ghost@b.example", "password": PASSWORD}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_token_carries_the_role(patient):
    import jwt

    claims = jwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    assert claims["role"] == "Patient"
    assert claims["sub"] == patient.id


def test_refresh_gives_a_new_access_token(client, patient):
    refresh = {"Authorization": f"Bearer {patient.tokens['refresh_token']}"}
    response = client.post("/api/v1/users/refresh", headers=refresh)
    assert response.status_code == 200
    new = {"Authorization": f"Bearer {response.json['access_token']}"}
    assert client.get("/api/v1/users/me", headers=new).json["id"] == patient.id


def test_access_token_cannot_refresh_and_refresh_token_cannot_access(client, patient):
    assert client.post("/api/v1/users/refresh", headers=patient.headers).status_code == 401
    refresh = {"Authorization": f"Bearer {patient.tokens['refresh_token']}"}
    assert client.get("/api/v1/users/me", headers=refresh).status_code == 401


def test_me_requires_a_token(client, patient):
    assert client.get("/api/v1/users/me").status_code == 401
    bad = {"Authorization": "Bearer not.a.token"}
    response = client.get("/api/v1/users/me", headers=bad)
    assert response.status_code == 401
    assert response.json["code"] == 401 and "message" in response.json
    assert client.get("/api/v1/users/me", headers=patient.headers).json["email"] == patient.email


def test_read_own_profile(client, patient):
    response = client.get(f"{USERS}{patient.id}", headers=patient.headers)
    assert response.status_code == 200
    assert response.json["id"] == patient.id


def test_patient_cannot_read_another_patient(client, patient, register):
    other = register("Patient")
    assert client.get(f"{USERS}{other.id}", headers=patient.headers).status_code == 404


def test_patient_cannot_read_their_doctor(client, doctor, patient, assign):
    assign(doctor, patient)
    assert client.get(f"{USERS}{doctor.id}", headers=patient.headers).status_code == 404


def test_doctor_reads_only_patients_they_assigned_to(client, doctor, patient, register, assign):
    assert client.get(f"{USERS}{patient.id}", headers=doctor.headers).status_code == 404
    assign(doctor, patient)
    assert client.get(f"{USERS}{patient.id}", headers=doctor.headers).status_code == 200
    other_doctor = register("Doctor")
    assert client.get(f"{USERS}{other_doctor.id}", headers=doctor.headers).status_code == 404


def test_unknown_and_malformed_user_ids_are_404(client, patient):
    assert client.get(f"{USERS}{'0' * 24}", headers=patient.headers).status_code == 404
    response = client.get(f"{USERS}not-an-id", headers=patient.headers)
    assert response.status_code == 404
    assert response.json["code"] == 404


def test_update_own_profile(client, patient):
    response = client.put(
        f"{USERS}{patient.id}", json={"full_name": "New Name"}, headers=patient.headers
    )
    assert response.status_code == 200
    assert response.json["full_name"] == "New Name"
    assert response.json["updated_at"] >= patient.json["updated_at"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("role", "Doctor"),
        ("id", "0" * 24),
        ("hashed_password", "x"),
        ("created_at", "2020-01-01T00:00:00Z"),
        ("updated_at", "2020-01-01T00:00:00Z"),
        ("is_active", False),
    ],
)
def test_protected_fields_are_rejected_not_applied(client, patient, field, value):
    response = client.put(f"{USERS}{patient.id}", json={field: value}, headers=patient.headers)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]
    me = client.get("/api/v1/users/me", headers=patient.headers).json
    assert me.pop("unread_messages") == 0
    assert me == client.get(f"{USERS}{patient.id}", headers=patient.headers).json
    assert me["role"] == "Patient"


def test_empty_update_changes_nothing(client, patient):
    response = client.put(f"{USERS}{patient.id}", json={}, headers=patient.headers)
    assert response.status_code == 200
    assert response.json["full_name"] == patient.json["full_name"]


def test_doctor_cannot_update_their_patient(client, doctor, patient, assign):
    assign(doctor, patient)
    response = client.put(f"{USERS}{patient.id}", json={"full_name": "X"}, headers=doctor.headers)
    assert response.status_code == 403


def test_patient_cannot_update_another_user(client, patient, register):
    other = register("Patient")
    response = client.put(f"{USERS}{other.id}", json={"full_name": "X"}, headers=patient.headers)
    assert response.status_code == 404


def test_email_change_to_a_taken_one_is_409(client, patient, register):
    other = register("Patient")
    response = client.put(
        f"{USERS}{patient.id}",
        json={"email": other.email, "current_password": PASSWORD},
        headers=patient.headers,
    )
    assert response.status_code == 409


def test_password_change_needs_the_current_one(client, patient):
    url = f"{USERS}{patient.id}"
    new = "another long password"
    assert client.put(url, json={"password": new}, headers=patient.headers).status_code == 403
    wrong = {"password": new, "current_password": "wrong-password"}
    assert client.put(url, json=wrong, headers=patient.headers).status_code == 403
    right = {"password": new, "current_password": PASSWORD}
    assert client.put(url, json=right, headers=patient.headers).status_code == 200
    login = client.post("/api/v1/users/login", json={"email": patient.email, "password": new})
    assert login.status_code == 200


def test_deactivated_user_is_refused(client, patient):
    from exercise_tracker.models import User

    User.objects(id=patient.id).update(set__is_active=False)
    assert client.get("/api/v1/users/me", headers=patient.headers).status_code == 401
    login = client.post("/api/v1/users/login", json={"email": patient.email, "password": PASSWORD})
    assert login.status_code == 401


def test_a_new_account_reads_back_the_timestamps_its_creation_answered(client):
    created = client.post(
        USERS, json={"email": "t@clinic.example", "full_name": "T", "password": PASSWORD}
    )
    assert created.status_code == 201
    tokens = client.post(
        f"{USERS}login", json={"email": "t@clinic.example", "password": PASSWORD}
    ).json
    me = client.get(f"{USERS}me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json["created_at"] == created.json["created_at"]
