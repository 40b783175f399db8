"""Attacks on authentication and authorization, each refused."""

import base64
import json
from datetime import timedelta

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token

from tests.conftest import PASSWORD


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _me(client, token):
    return client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})


def test_tampered_token_is_refused(client, patient):
    header, payload, signature = patient.tokens["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "Doctor"
    forged = f"{header}.{_b64(claims)}.{signature}"
    assert _me(client, forged).status_code == 401


def test_token_signed_with_another_key_is_refused(client, patient):
    claims = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    forged = pyjwt.encode(claims, "not-the-server-secret-but-long-enough-32", algorithm="HS256")
    assert _me(client, forged).status_code == 401


def test_alg_none_token_is_refused(client, patient):
    claims = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert _me(client, unsigned).status_code == 401


def test_expired_token_is_refused(app, client, patient):
    with app.app_context():
        expired = create_access_token(
            identity=patient.id,
            additional_claims={"role": "Patient"},
            expires_delta=timedelta(seconds=-10),
        )
    response = _me(client, expired)
    assert response.status_code == 401
    assert "expired" in response.json["message"]


def test_patient_token_on_doctor_endpoints(client, doctor, patient):
    assert (
        client.post(
            "/api/v1/exercises/",
            json={"name": "X", "assigned_to": patient.id},
            headers=patient.headers,
        ).status_code
        == 403
    )
    assert (
        client.get(f"/api/v1/exercises/doctor/{doctor.id}", headers=patient.headers).status_code
        == 403
    )


def test_role_claim_cannot_grant_doctor_rights(app, client, patient):
    """The role in a validly signed token of a real session is not trusted over the account's
    stored role."""
    claims = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    with app.app_context():
        token = create_access_token(
            identity=patient.id, additional_claims={"role": "Doctor", "sid": claims["sid"]}
        )
    response = client.post(
        "/api/v1/exercises/",
        json={"name": "X", "assigned_to": patient.id},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


def test_registration_cannot_smuggle_privileges(client):
    body = {
        "email": "m@b.example",
        "full_name": "M",
        "password": PASSWORD,
        "is_active": True,
        "hashed_password": "x",
        "_id": "0" * 24,
    }
    response = client.post("/api/v1/users/", json=body)
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"is_active", "hashed_password", "_id"}


def test_login_failures_are_limited_per_account(client, patient):
    wrong = {"email": patient.email, "password": "wrong password!"}
    codes = [client.post("/api/v1/users/login", json=wrong).status_code for _ in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    limited = client.post(
        "/api/v1/users/login", json={"email": patient.email, "password": PASSWORD}
    )
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json["code"] == 429


def test_successful_logins_do_not_count_against_the_account(client, patient):
    right = {"email": patient.email, "password": PASSWORD}
    assert all(client.post("/api/v1/users/login", json=right).status_code == 200 for _ in range(8))


class TestPerAddressLimit:
    @pytest.fixture
    def config_overrides(self):
        return {"LOGIN_LIMIT_PER_IP": "3 per minute"}

    def test_many_accounts_from_one_address_are_limited(self, client):
        codes = [
            client.post(
                "/api/v1/users/login", json={"email": f"u{n}@b.example", "password": "x"}
            ).status_code
            for n in range(4)
        ]
        assert codes == [401, 401, 401, 429]


def test_login_checks_a_hash_for_unknown_emails_too(app, client, patient, monkeypatch):
    """Equal work on both paths: an unknown email still costs one argon2 verification."""
    from argon2 import PasswordHasher

    calls = []
    original = PasswordHasher.verify
    monkeypatch.setattr(
        PasswordHasher, "verify", lambda self, h, p: calls.append(1) or original(self, h, p)
    )
    client.post("/api/v1/users/login", json={"email": "ghost@b.example", "password": PASSWORD})
    unknown_calls = len(calls)
    calls.clear()
    client.post("/api/v1/users/login", json={"email": patient.email, "password": "wrong pass 1"})
    assert unknown_calls == len(calls) == 1


def test_token_signed_with_the_old_development_constant_is_refused(client, patient):
    """The constant once printed in config.py signs nothing now: the key is generated."""
    from config import DEVELOPMENT_SECRET

    claims = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    forged = pyjwt.encode(claims, DEVELOPMENT_SECRET, algorithm="HS256")
    assert _me(client, forged).status_code == 401
