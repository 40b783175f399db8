"""Login that leaks nothing and locks out no one."""

import pytest

from exercise_tracker import auth
from tests.conftest import PASSWORD

LOGIN = "/api/v1/users/login"


def _login(client, email, password, address="198.51.100.1", **headers):
    return client.post(
        LOGIN,
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_the_dummy_hash_is_made_once(app, client, patient, monkeypatch):
    """Unknown accounts do the same work as known ones: one verification, no hashing."""
    from argon2 import PasswordHasher

    auth._dummy_hash.cache_clear()
    hashed = []
    original = PasswordHasher.hash
    monkeypatch.setattr(
        PasswordHasher, "hash", lambda self, p, **k: hashed.append(1) or original(self, p, **k)
    )
    for n in range(3):
        assert _login(client, f"ghost{n}@b.example", PASSWORD).status_code == 401
    assert len(hashed) == 1  # the dummy, once; afresh per call would be three


def test_forwarded_for_is_not_trusted_without_a_proxy(client):
    """33 failures, each claiming another X-Forwarded-For: the socket's address is limited."""
    codes = [
        _login(
            client, f"u{n}@b.example", "wrong", **{"X-Forwarded-For": f"203.0.113.{n}"}
        ).status_code
        for n in range(33)
    ]
    assert codes[:30] == [401] * 30
    assert set(codes[30:]) == {429}


class TestBehindAProxy:
    @pytest.fixture
    def config_overrides(self):
        return {"PROXY_HOPS": 1, "LOGIN_LIMIT_PER_IP": "3 per minute"}

    def test_the_proxys_forwarded_address_is_the_client(self, client):
        codes = [
            _login(client, "u@b.example", "x", **{"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(4)
        ]
        assert codes == [401] * 4  # four clients behind one proxy, each within its limit


def test_failures_from_elsewhere_do_not_lock_the_owner_out(client, patient):
    for _ in range(6):
        _login(client, patient.email, "wrong password!", address="203.0.113.66")
    assert (
        _login(client, patient.email, "wrong password!", address="203.0.113.66").status_code == 429
    )
    assert _login(client, patient.email, PASSWORD, address="198.51.100.7").status_code == 200


class TestAccountCeiling:
    @pytest.fixture
    def config_overrides(self):
        return {"LOGIN_LIMIT_ACCOUNT_CEILING": "3 per hour"}

    def test_guessing_from_many_addresses_is_slowed_but_the_owner_gets_in(self, client, patient):
        home = "198.51.100.20"
        assert _login(client, patient.email, PASSWORD, address=home).status_code == 200
        codes = [
            _login(client, patient.email, "wrong!", address=f"203.0.113.{n}").status_code
            for n in range(5)
        ]
        assert codes[:3] == [401] * 3 and codes[3:] == [429, 429]
        refused = _login(client, patient.email, PASSWORD, address="203.0.113.99")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        # The owner's own address, known from their earlier login, is not blocked.
        assert _login(client, patient.email, PASSWORD, address=home).status_code == 200


def test_rate_limit_keys_carry_no_email(app, patient):
    with app.test_request_context(LOGIN, method="POST", json={"email": patient.email}):
        keys = (auth.login_account_key(), auth.login_account_address_key())
    assert all(patient.email not in key and "@" not in key for key in keys)
