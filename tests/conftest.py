"""Fixtures for the API tests: an app on in-memory mongomock (or TEST_MONGO_URI), and users."""

import itertools

import pytest

from config import TestingConfig
from exercise_tracker.app import create_app
from exercise_tracker.models import DOCUMENTS

PASSWORD = "correct horse battery"
_serial = itertools.count()


@pytest.fixture
def app():
    app = create_app(TestingConfig)
    yield app
    # Clear rather than drop: indexes stay, as on a real server.
    for document in DOCUMENTS:
        document.objects.delete()


@pytest.fixture
def client(app):
    return app.test_client()


class Person:
    """A registered user, with what a test needs to act as them."""

    def __init__(self, client, json, tokens):
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
        return Person(client, created.json, login.json)

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
