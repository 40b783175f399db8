"""Fixtures for the API tests: an app on in-memory mongomock (or TEST_MONGO_URI), and users."""

import contextlib
import io
import itertools
import os
from pathlib import Path

import mongoengine
import pytest
from redis.exceptions import RedisError

from config import TestingConfig
from exercise_tracker.app import create_app
from exercise_tracker.jobs.queue import analysis_queue

PASSWORD = "correct horse battery"
_serial = itertools.count()


def make_config(tmp_path, **settings):
    """TestingConfig with files under a temporary folder, plus any overrides."""
    defaults = {
        # A queue of this run's own: test runs side by side never take each other's jobs.
        "QUEUE_NAME": f"analysis-test-{os.getpid()}",
        "INSTANCE_DIR": tmp_path,
        "UPLOAD_DIR": tmp_path / "uploads",
        "MODEL_CACHE_DIR": tmp_path / "models",
    }
    return type("Test", (TestingConfig,), {**defaults, **settings})


@pytest.fixture
def config_overrides():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(tmp_path, config_overrides):
    app = create_app(make_config(tmp_path, **config_overrides))
    yield app
    # Clear every collection rather than drop it: indexes stay, as on a real server.
    db = mongoengine.get_db()
    for name in db.list_collection_names():
        if not name.startswith("system."):
            db[name].delete_many({})
    if app.config["REDIS_URL"] and "redis" in app.extensions:
        with contextlib.suppress(RedisError):  # some tests point at a Redis that is down
            analysis_queue(app).empty()


@pytest.fixture
def client(app):
    return app.test_client()


class Person:
    """A registered user, with what a test needs to act as them."""

    def __init__(self, json, tokens):
        self.id = json["id"]
        self.email = json["email"]
        self.json = json
        self.tokens = tokens
        self.headers = {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def register(client):
    """Registers and logs in a user of a role: `register("Doctor")`."""

    def _register(role="Patient", **fields):
        body = {
            "email": f"user{next(_serial)}@clinic.example",
            "full_name": f"{role} Person",
            "password": PASSWORD,
            "role": role,
            **fields,
        }
        created = client.post("/api/v1/users/", json=body)
        assert created.status_code == 201, created.json
        login = client.post(
            "/api/v1/users/login", json={"email": body["email"], "password": PASSWORD}
        )
        assert login.status_code == 200, login.json
        return Person(created.json, login.json)

    return _register


@pytest.fixture
def doctor(register):
    return register("Doctor")


@pytest.fixture
def patient(register):
    return register("Patient")


@pytest.fixture
def assign(client):
    """A doctor assigns an exercise to a patient; returns its JSON."""

    def _assign(doctor, patient, **fields):
        body = {"name": "Squats", "assigned_to": patient.id, **fields}
        response = client.post("/api/v1/exercises/", json=body, headers=doctor.headers)
        assert response.status_code == 201, response.json
        return response.json

    return _assign


SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURE_VIDEOS = SHARED_DIR / "fixtures" / "videos"


def fixture_video(name: str) -> Path:
    """A labelled recording from the team's shared fixtures (never copied into the repo)."""
    path = FIXTURE_VIDEOS / name
    if not path.exists():
        pytest.fail(f"fixture video missing: {path} (the shared fixtures sit beside the repo)")
    return path


@pytest.fixture
def exercise_for(doctor, patient, assign):
    """An exercise the doctor assigned to the patient."""
    return assign(doctor, patient, motion=None)


CLIP = "front_raise_kshitij_2.mp4"  # small (330 KB) real recording
PREDICT = "/api/v1/predict/"


def upload(client, person, exercise_id, data=None, name="clip.mp4", **form):
    """Posts a video as `person`: a real fixture clip by default, `data=False` for no file."""
    body = {"exercise_id": exercise_id, **form}
    if data is None:
        data = fixture_video(CLIP).read_bytes()
    if data is not False:
        body["file"] = (io.BytesIO(data), name)
    return client.post(
        PREDICT, data=body, headers=person.headers, content_type="multipart/form-data"
    )


def stored_files(app):
    folder = app.config["UPLOAD_DIR"]
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []
