"""The Procfile run as the platform runs it: release, then web and worker, then SIGTERM.

honcho reads the Procfile; the web (gunicorn) and worker (`flask worker`) processes share the
real Redis and one on-disk embedded store, as dynos share the add-ons.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from redis import Redis

from tests.conftest import PASSWORD, fixture_video
from tests.jobs.conftest import MODEL

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/13"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def procfile() -> dict[str, str]:
    entries = (line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    return {name.strip(): command.strip() for name, command in entries}


@pytest.fixture
def platform_env(tmp_path):
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "APP_ENV": "development",
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": "1",
        "EMBEDDED_DB_DIR": str(tmp_path / "db"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "REDIS_URL": REDIS_URL,
        "QUEUE_NAME": f"procfile-smoke-{os.getpid()}",
        "MOVENET_MODEL_PATH": str(MODEL),
        "DOCTOR_REGISTRATION_CODE": "smoke-code",
    }
    yield env
    redis = Redis.from_url(REDIS_URL)
    for key in redis.scan_iter(f"rq:*{env['QUEUE_NAME']}*"):
        redis.delete(key)


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except (requests.ConnectionError, requests.Timeout):  # not up yet, or busy starting
        return False


def test_release_then_web_and_worker_serve_an_upload_and_stop_cleanly(platform_env, tmp_path):
    commands = procfile()
    assert set(commands) == {"web", "worker", "release"}
    release = subprocess.run(
        [str(BIN / "honcho"), "run", *commands["release"].split()],
        cwd=ROOT,
        env=platform_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert release.returncode == 0, release.stderr[-1500:]
    migrations = len(list((ROOT / "migrations").glob("[0-9]*.py")))
    assert f"applied {migrations} migration" in release.stdout
    log = open(tmp_path / "honcho.log", "w+")
    platform = subprocess.Popen(
        [str(BIN / "honcho"), "start", "web", "worker"],
        cwd=ROOT,
        env=platform_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{platform_env['PORT']}"
    api = f"{base}/api/v1"
    try:
        wait_until(lambda: answers(f"{base}/readyz"), 60, "the web process")
        for email, role in (("doc@smoke.example", "Doctor"), ("pat@smoke.example", "Patient")):
            body = {
                "email": email,
                "full_name": role,
                "password": PASSWORD,
                "role": role,
                "registration_code": "smoke-code",
            }
            assert requests.post(f"{api}/users/", json=body, timeout=10).status_code == 201
        tokens = {
            email: requests.post(
                f"{api}/users/login", json={"email": email, "password": PASSWORD}, timeout=10
            ).json()
            for email in ("doc@smoke.example", "pat@smoke.example")
        }
        doctor = {"Authorization": f"Bearer {tokens['doc@smoke.example']['access_token']}"}
        patient = {"Authorization": f"Bearer {tokens['pat@smoke.example']['access_token']}"}
        exercise = requests.post(
            f"{api}/exercises/",
            headers=doctor,
            timeout=10,
            json={
                "name": "Raises",
                "motion": "front_raise",
                "assigned_to": tokens["pat@smoke.example"]["user"]["id"],
            },
        ).json()
        with open(fixture_video("front_raise_kshitij_2.mp4"), "rb") as clip:
            uploaded = requests.post(
                f"{api}/predict/",
                headers=patient,
                timeout=30,
                data={"exercise_id": exercise["id"]},
                files={"file": ("clip.mp4", clip)},
            )
        assert uploaded.status_code == 202, uploaded.text
        location = base + uploaded.headers["Location"]

        def processed():
            video = requests.get(location, headers=doctor, timeout=10).json()
            return video if video["status"] in ("Processed", "Failed") else None

        video = wait_until(processed, 120, "the worker to analyse the upload")
        assert video["status"] == "Processed"
        assert video["prediction"]["predicted_motion"] == "front_raise"
    finally:
        os.killpg(platform.pid, signal.SIGTERM)
        platform.wait(timeout=60)
    log.seek(0)
    output = log.read()
    assert "warm shut down requested" in output  # the worker finished cleanly
    assert "Shutting down: Master" in output  # gunicorn stopped cleanly
    assert "Traceback" not in output
