"""Every read or change of a patient's data leaves an event: who, what, which patient, when, from
where, with what outcome; the patient and their doctors list it; the CLI exports it."""

import json

import pytest
from bson import ObjectId

from exercise_tracker.models import AuditEvent
from tests.factories import attempt

USERS = "/api/v1/users/"


def _events(patient, **query):
    return list(AuditEvent.objects(patient_id=ObjectId(patient.id), **query).order_by("at", "id"))


def _get(client, url, person, address="192.0.2.10"):
    return client.get(url, headers=person.headers, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def video(app, exercise_for):
    return attempt(app, exercise_for)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users/me",
        "/api/v1/users/{patient}",
        "/api/v1/users/{patient}/export",
        "/api/v1/exercises/patient/{patient}",
        "/api/v1/exercises/{exercise}",
        "/api/v1/videos/{video}",
        "/api/v1/videos/{video}/file",
        "/api/v1/videos/{video}/preview.png",
        "/api/v1/videos/{video}/chart.png",
        "/api/v1/videos/patient/{patient}",
        "/api/v1/predict/exercise/{exercise}/videos",
        "/api/v1/progress/patient/{patient}",
        "/api/v1/progress/patient/{patient}/chart.png",
        "/api/v1/progress/patient/{patient}/report.pdf",
    ],
)
def test_a_look_is_recorded(client, doctor, patient, exercise_for, video, url):
    url = url.format(patient=patient.id, exercise=exercise_for["id"], video=video.id)
    viewer = patient if url.endswith("/me") else doctor
    AuditEvent.objects.delete()
    assert _get(client, url, viewer).status_code == 200
    (event,) = _events(patient)
    assert event.actor_id == ObjectId(viewer.id) and event.actor_role == viewer.json["role"]
    assert event.address == "192.0.2.10" and event.outcome == 200
    assert event.action == ("export" if url.endswith("/export") else "read")
    assert event.request_id and event.resource


def test_changes_are_recorded_with_their_action(client, doctor, patient, assign, exercise_for):
    AuditEvent.objects.delete()
    assigned = assign(doctor, patient, name="Lunges")
    client.put(
        f"/api/v1/exercises/{assigned['id']}", json={"status": "Completed"}, headers=patient.headers
    )
    actions = [(e.action, e.actor_role, e.outcome) for e in _events(patient)]
    assert actions == [("create", "Doctor", 201), ("update", "Patient", 200)]


def test_a_refused_look_is_recorded_with_its_outcome(client, patient, register, video):
    stranger = register("Doctor")
    AuditEvent.objects.delete()
    assert _get(client, f"/api/v1/videos/{video.id}/file", stranger).status_code == 404
    (event,) = _events(patient)
    assert event.actor_id == ObjectId(stranger.id) and event.outcome == 404


def test_patient_and_their_doctor_list_the_trail_paginated(client, doctor, patient, video):
    for _ in range(3):
        _get(client, f"/api/v1/videos/{video.id}", doctor)
    for person in (patient, doctor):
        listed = client.get(f"{USERS}{patient.id}/audit?page_size=2", headers=person.headers)
        assert listed.status_code == 200
        assert len(listed.json) == 2
        pagination = json.loads(listed.headers["X-Pagination"])
        assert pagination["total"] >= 3
        assert listed.json[0]["at"] >= listed.json[1]["at"]  # newest first
        assert {e["patient_id"] for e in listed.json} == {patient.id}


def test_the_trail_is_hidden_from_everyone_else(client, patient, register):
    for outsider in (register("Doctor"), register("Patient")):
        assert client.get(f"{USERS}{patient.id}/audit", headers=outsider.headers).status_code == 404


def test_cli_exports_json_lines_since_a_date(app, client, doctor, patient, video):
    _get(client, f"/api/v1/videos/{video.id}", doctor)
    old = AuditEvent(action="read", resource="old", patient_id=ObjectId(patient.id))
    old.at = old.at.replace(year=2020)
    old.save()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "export", "--since", "2021-01-01"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines and all(line["at"] >= "2021" for line in lines)
    assert any(
        line["actor_id"] == doctor.id and line["resource"].startswith("videos.") for line in lines
    )
    everything = runner.invoke(args=["audit", "export"])
    assert sum(line.startswith("{") for line in everything.stdout.splitlines()) == len(lines) + 1


def test_the_doctors_overview_records_a_look_at_each_patient(client, doctor, register, assign):
    patients = [register("Patient"), register("Patient")]
    for patient in patients:
        assign(doctor, patient)
    AuditEvent.objects.delete()
    assert _get(client, f"/api/v1/progress/doctor/{doctor.id}", doctor).status_code == 200
    for patient in patients:
        (event,) = _events(patient)
        assert event.actor_id == ObjectId(doctor.id) and event.action == "read"
