"""Sessions that end: logout, credential changes, deactivation and erasure revoke tokens; refresh
tokens rotate, and a spent one sent again ends its whole session."""

import jwt as pyjwt
import pytest
from flask_jwt_extended import create_access_token

from tests.conftest import PASSWORD

USERS = "/api/v1/users/"


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _me(client, token):
    return client.get(f"{USERS}me", headers=_bearer(token))


def _refresh(client, token):
    return client.post(f"{USERS}refresh", headers=_bearer(token))


def _login(client, person, password=PASSWORD):
    response = client.post(f"{USERS}login", json={"email": person.email, "password": password})
    assert response.status_code == 200, response.json
    return response.json


def test_logout_revokes_the_refresh_token_and_its_access_token(client, patient):
    other = _login(client, patient)  # a second login, on another device
    tokens = patient.tokens
    assert (
        client.post(f"{USERS}logout", headers=_bearer(tokens["refresh_token"])).status_code == 204
    )
    assert _me(client, tokens["access_token"]).status_code == 401
    refused = _refresh(client, tokens["refresh_token"])
    assert refused.status_code == 401 and "revoked" in refused.json["message"]
    assert _me(client, other["access_token"]).status_code == 200  # only that session ended


def test_logout_needs_the_refresh_token(client, patient):
    response = client.post(f"{USERS}logout", headers=patient.headers)
    assert response.status_code == 401
    assert _me(client, patient.tokens["access_token"]).status_code == 200


def test_password_change_revokes_every_token(client, patient):
    second = _login(client, patient)
    changed = client.put(
        f"{USERS}{patient.id}",
        json={"password": "a brand new password", "current_password": PASSWORD},
        headers=patient.headers,
    )
    assert changed.status_code == 200
    for tokens in (patient.tokens, second):
        assert _me(client, tokens["access_token"]).status_code == 401
        assert _refresh(client, tokens["refresh_token"]).status_code == 401
    assert (
        _me(client, _login(client, patient, "a brand new password")["access_token"]).status_code
        == 200
    )


def test_email_change_needs_the_current_password_and_revokes_every_token(client, patient):
    url = f"{USERS}{patient.id}"
    stolen = client.put(url, json={"email": "thief@evil.example"}, headers=patient.headers)
    assert stolen.status_code == 403
    wrong = {"email": "thief@evil.example", "current_password": "not the password"}
    assert client.put(url, json=wrong, headers=patient.headers).status_code == 403
    assert _me(client, patient.tokens["access_token"]).json["email"] == patient.email

    right = {"email": "new.address@clinic.example", "current_password": PASSWORD}
    assert client.put(url, json=right, headers=patient.headers).status_code == 200
    assert _me(client, patient.tokens["access_token"]).status_code == 401
    assert _refresh(client, patient.tokens["refresh_token"]).status_code == 401


def test_name_change_needs_no_password_and_keeps_the_session(client, patient):
    url = f"{USERS}{patient.id}"
    assert (
        client.put(url, json={"full_name": "New Name"}, headers=patient.headers).status_code == 200
    )
    assert _me(client, patient.tokens["access_token"]).json["full_name"] == "New Name"


def test_deactivation_revokes_every_token_even_after_reactivation(app, client, patient):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "deactivate", patient.email]).exit_code == 0
    from exercise_tracker.models import User

    User.objects(id=patient.id).update(set__is_active=True)  # reactivated by hand
    assert _me(client, patient.tokens["access_token"]).status_code == 401
    assert _refresh(client, patient.tokens["refresh_token"]).status_code == 401


def test_cli_password_reset_revokes_every_token(app, client, patient):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "set-password", patient.email, "--password", "reset by the clinic"]
    )
    assert result.exit_code == 0, result.output
    assert _me(client, patient.tokens["access_token"]).status_code == 401


def test_erasure_revokes_every_token(client, patient):
    refresh = patient.tokens["refresh_token"]
    assert client.delete(f"{USERS}{patient.id}", headers=patient.headers).status_code == 200
    assert _me(client, patient.tokens["access_token"]).status_code == 401
    assert _refresh(client, refresh).status_code == 401


def test_refresh_rotates_and_a_reused_refresh_token_ends_the_session(client, patient):
    first = patient.tokens["refresh_token"]
    rotated = _refresh(client, first)
    assert rotated.status_code == 200
    second = rotated.json["refresh_token"]
    assert second != first
    assert _me(client, rotated.json["access_token"]).status_code == 200

    replayed = _refresh(client, first)  # an attacker's copy of the spent token
    assert replayed.status_code == 401
    # The whole family is revoked: the legitimate holder's new tokens too.
    assert _refresh(client, second).status_code == 401
    assert _me(client, rotated.json["access_token"]).status_code == 401
    assert _me(client, patient.tokens["access_token"]).status_code == 401


def test_access_token_is_refused_at_refresh(client, patient):
    assert _refresh(client, patient.tokens["access_token"]).status_code == 401


def test_tokens_carry_their_session(client, patient):
    access = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
    refresh = pyjwt.decode(patient.tokens["refresh_token"], options={"verify_signature": False})
    assert access["sid"] == refresh["sid"]


@pytest.mark.parametrize("subject", ["not-an-object-id", "0" * 23, "zz" * 12])
def test_malformed_subject_is_a_401(app, client, subject):
    with app.app_context():
        token = create_access_token(identity=subject, additional_claims={"sid": "x"})
    response = _me(client, token)
    assert response.status_code == 401
    assert response.json["message"] == "The token is invalid."


def test_signed_token_without_a_session_is_refused(app, client, patient):
    """A token this server signed but never issued for a login (no session) is not accepted."""
    with app.app_context():
        token = create_access_token(identity=patient.id, additional_claims={"role": "Patient"})
    assert _me(client, token).status_code == 401


def test_a_session_past_its_expiry_is_refused_even_with_a_live_access_token(app, client, patient):
    from datetime import timedelta

    from exercise_tracker.models import User
    from exercise_tracker.models.base import utcnow

    other = _login(client, patient)
    with app.app_context():
        account = User.objects.get(id=patient.id)
        sid = pyjwt.decode(patient.tokens["access_token"], options={"verify_signature": False})
        for session in account.sessions:
            if session.sid == sid["sid"]:
                session.expires_at = utcnow() - timedelta(seconds=1)
        account.save()
    refused = _me(client, patient.tokens["access_token"])
    assert refused.status_code == 401 and "revoked" in refused.json["message"]
    assert _me(client, other["access_token"]).status_code == 200
