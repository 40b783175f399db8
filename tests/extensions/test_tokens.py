"""Each distinct bearer token is verified once; what it proves is still checked on every use."""

import time
from datetime import timedelta

import jwt as pyjwt
from flask_jwt_extended import JWTManager, create_access_token

from exercise_tracker.extensions.tokens import VerifiedTokens
from tests.conftest import make_config

ME = "/api/v1/users/me"


def _me(client, token):
    return client.get(ME, headers={"Authorization": f"Bearer {token}"})


def test_a_token_is_verified_once_and_then_recognised(client, patient, monkeypatch):
    verifications = []
    original = JWTManager._decode_jwt_from_config

    def counted(self, *args, **kwargs):
        verifications.append(args[0])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(JWTManager, "_decode_jwt_from_config", counted)
    token = patient.tokens["access_token"]
    assert [_me(client, token).status_code for _ in range(3)] == [200, 200, 200]
    assert verifications == [token]


def test_a_recognised_token_is_refused_once_it_expires(app, client, patient):
    session = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    with app.app_context():
        brief = create_access_token(
            identity=patient.id,
            additional_claims={"role": "Patient", "sid": session["sid"]},
            expires_delta=timedelta(seconds=1),
        )
    assert _me(client, brief).status_code == 200
    time.sleep(1.2)
    refused = _me(client, brief)
    assert refused.status_code == 401 and "expired" in refused.json["message"]


def test_a_token_recognised_by_one_app_is_refused_by_an_app_with_another_key(
    app, client, patient, tmp_path
):
    from exercise_tracker.app import create_app

    token = patient.tokens["access_token"]
    assert _me(client, token).status_code == 200
    other = create_app(make_config(tmp_path / "other", JWT_SECRET_KEY="x" * 64))
    assert _me(other.test_client(), token).status_code == 401


def test_a_session_ended_after_its_token_was_recognised_is_refused(client, patient):
    token = patient.tokens["access_token"]
    assert _me(client, token).status_code == 200
    client.post(
        "/api/v1/users/logout",
        headers={"Authorization": f"Bearer {patient.tokens['refresh_token']}"},
    )
    assert _me(client, token).status_code == 401


def test_the_tokens_kept_are_bounded_and_the_oldest_go_first():
    verified = VerifiedTokens(capacity=2)
    far = time.time() + 600
    for name in ("a", "b", "c"):
        verified.put((name,), {"sub": name, "exp": far})
    assert len(verified) == 2
    assert verified.get(("a",), leeway=0) is None
    assert verified.get(("c",), leeway=0) == {"sub": "c", "exp": far}
    claims = verified.get(("b",), leeway=0)
    claims["sub"] = "changed by a caller"
    assert verified.get(("b",), leeway=0)["sub"] == "b"
