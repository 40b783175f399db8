"""The attacks of the security review, replayed from outside over real HTTP against the app as
`make run` serves it (development settings, no JWT_SECRET_KEY, no proxy in front), with client
addresses of the loopback network standing for different machines."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import jwt as pyjwt
import pytest
import requests

from config import DEVELOPMENT_SECRET, JWT_SECRET_FILE
from tests.conftest import CLIP, PASSWORD, fixture_video

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
API = "/api/v1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Outside:
    """HTTP to the server from a chosen loopback address, as another machine would."""

    def __init__(self, port: int, instance: Path):
        self.port = port
        self.instance = instance

    def call(self, method, path, body=None, *, token=None, source="127.0.0.1", headers=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        try:
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            answer = (
                json.loads(raw)
                if raw and "json" in response.getheader("Content-Type", "")
                else None
            )
            return response.status, answer, dict(response.getheaders())
        finally:
            connection.close()

    def person(self, email, role="Patient", source="127.0.0.1"):
        body = {"email": email, "full_name": role, "password": PASSWORD, "role": role}
        assert self.call("POST", f"{API}/users/", body, source=source)[0] == 201
        status, tokens, _ = self.call(
            "POST", f"{API}/users/login", {"email": email, "password": PASSWORD}, source=source
        )
        assert status == 200
        return tokens


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    port = _free_port()
    env = {
        **os.environ,
        "APP_ENV": "development",
        "MONGO_URI": "",
        "REDIS_URL": "",
        "RATELIMIT_STORAGE_URI": "memory://",
        "JWT_SECRET_KEY": "",
        "PROXY_HOPS": "",
        "PUBLIC_URL": "",
        "DOCTOR_REGISTRATION_CODE": "",
        "INSTANCE_DIR": str(instance),
        "EMBEDDED_DB_DIR": str(instance / "db"),
        "UPLOAD_DIR": str(instance / "uploads"),
        # No model: an upload's analysis fails at once instead of loading MoveNet here.
        "MOVENET_MODEL_PATH": str(instance / "no-model.tflite"),
        "MOVENET_MODEL_URL": "http://127.0.0.1:9/no-model.tflite",
    }
    server = subprocess.Popen(  # what `make run` starts
        [
            str(BIN / "flask"),
            "--app",
            "wsgi",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-debugger",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    client = Outside(port, instance)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if client.call("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the server did not start")
        yield client
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_deep_json_and_lone_surrogates_are_4xx_not_500(outside):
    deep = b"[" * 1000 + b"]" * 1000
    assert outside.call("POST", f"{API}/users/login", deep, source="127.0.0.21")[0] == 400
    surrogate = b'{"email": "a@b.example", "password": "\\ud800"}'
    assert outside.call("POST", f"{API}/users/login", surrogate, source="127.0.0.21")[0] == 400
    doctor = outside.person("deep.doctor@outside.example", "Doctor", source="127.0.0.21")
    status, answer, _ = outside.call(
        "POST", f"{API}/exercises/", deep, token=doctor["access_token"], source="127.0.0.21"
    )
    assert status == 400 and answer["code"] == 400


def test_forwarded_for_does_not_escape_the_address_limit(outside):
    codes = [
        outside.call(
            "POST",
            f"{API}/users/login",
            {"email": f"nobody{n}@outside.example", "password": "wrong"},
            source="127.0.0.22",
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        )[0]
        for n in range(33)
    ]
    assert codes[:30] == [401] * 30 and set(codes[30:]) == {429}


def test_guessing_from_another_machine_does_not_lock_the_owner_out(outside):
    outside.person("owner@outside.example", source="127.0.0.23")
    wrong = {"email": "owner@outside.example", "password": "not the password"}
    codes = [
        outside.call("POST", f"{API}/users/login", wrong, source="127.0.0.24")[0] for _ in range(6)
    ]
    assert codes[-1] == 429
    right = {"email": "owner@outside.example", "password": PASSWORD}
    assert outside.call("POST", f"{API}/users/login", right, source="127.0.0.23")[0] == 200


def test_old_tokens_die_with_a_password_change_and_email_needs_the_password(outside):
    tokens = outside.person("changer@outside.example", source="127.0.0.25")
    me = f"{API}/users/{tokens['user']['id']}"
    taken = outside.call(
        "PUT",
        me,
        {"email": "thief@evil.example"},
        token=tokens["access_token"],
        source="127.0.0.25",
    )
    assert taken[0] == 403
    change = {"password": "a new long password", "current_password": PASSWORD}
    assert (
        outside.call("PUT", me, change, token=tokens["access_token"], source="127.0.0.25")[0] == 200
    )
    assert (
        outside.call("GET", f"{API}/users/me", token=tokens["access_token"], source="127.0.0.25")[0]
        == 401
    )
    assert (
        outside.call(
            "POST", f"{API}/users/refresh", token=tokens["refresh_token"], source="127.0.0.25"
        )[0]
        == 401
    )


def test_no_constant_signs_tokens_and_a_bad_subject_is_a_401(outside):
    tokens = outside.person("signer@outside.example", source="127.0.0.26")
    claims = pyjwt.decode(tokens["access_token"], options={"verify_signature": False})
    forged = pyjwt.encode(claims, DEVELOPMENT_SECRET, algorithm="HS256")
    assert outside.call("GET", f"{API}/users/me", token=forged, source="127.0.0.26")[0] == 401
    key_file = outside.instance / JWT_SECRET_FILE
    assert key_file.stat().st_mode & 0o777 == 0o600
    odd = pyjwt.encode(
        {**claims, "sub": "not-an-id"}, key_file.read_text().strip(), algorithm="HS256"
    )
    status, answer, _ = outside.call("GET", f"{API}/users/me", token=odd, source="127.0.0.26")
    assert status == 401 and "bson" not in json.dumps(answer).lower()


def test_export_links_ignore_the_host_header(outside):
    doctor = outside.person("host.doctor@outside.example", "Doctor", source="127.0.0.27")
    patient = outside.person("host.patient@outside.example", source="127.0.0.27")
    assigned = {"name": "Raises", "assigned_to": patient["user"]["id"]}
    status, exercise, _ = outside.call(
        "POST", f"{API}/exercises/", assigned, token=doctor["access_token"], source="127.0.0.27"
    )
    assert status == 201
    with open(fixture_video(CLIP), "rb") as clip:
        uploaded = requests.post(
            f"http://127.0.0.1:{outside.port}{API}/predict/",
            headers={"Authorization": f"Bearer {patient['access_token']}"},
            data={"exercise_id": exercise["id"]},
            files={"file": ("clip.mp4", clip)},
            timeout=60,
        )
    assert uploaded.status_code == 202, uploaded.text
    status, export, _ = outside.call(
        "GET",
        f"{API}/users/{patient['user']['id']}/export",
        token=patient["access_token"],
        source="127.0.0.27",
        headers={"Host": "evil.example"},
    )
    assert status == 200
    assert export["videos"][0]["file_url"].startswith(f"{API}/videos/")
    assert "evil.example" not in json.dumps(export)


def test_refresh_rotates_and_logout_ends_the_session_on_the_embedded_store(outside):
    tokens = outside.person("rotator@outside.example", source="127.0.0.28")
    refresh = f"{API}/users/refresh"
    status, rotated, _ = outside.call(
        "POST", refresh, token=tokens["refresh_token"], source="127.0.0.28"
    )
    assert status == 200 and rotated["refresh_token"] != tokens["refresh_token"]
    assert (
        outside.call("POST", refresh, token=tokens["refresh_token"], source="127.0.0.28")[0] == 401
    )
    assert (
        outside.call("POST", refresh, token=rotated["refresh_token"], source="127.0.0.28")[0] == 401
    )

    again = outside.call(
        "POST",
        f"{API}/users/login",
        {"email": "rotator@outside.example", "password": PASSWORD},
        source="127.0.0.28",
    )[1]
    logout = outside.call(
        "POST", f"{API}/users/logout", token=again["refresh_token"], source="127.0.0.28"
    )
    assert logout[0] == 204
    assert (
        outside.call("GET", f"{API}/users/me", token=again["access_token"], source="127.0.0.28")[0]
        == 401
    )
