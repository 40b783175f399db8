"""Exercises API: assignment, reading, changing and listing, with each rule from both sides."""

import pytest

from tests.factories import due_in_the_past

EXERCISES = "/api/v1/exercises/"


def test_doctor_assigns_an_exercise_with_a_prescription(client, doctor, patient):
    body = {
        "name": "Wall squats",
        "description": "Slow, to a chair",
        "assigned_to": patient.id,
        "due_date": "2030-01-01T09:00:00+01:00",
        "target_reps": 12,
        "sets": 3,
        "frequency_per_week": 5,
        "target_range_of_motion": 90,
    }
    response = client.post(EXERCISES, json=body, headers=doctor.headers)
    assert response.status_code == 201
    exercise = response.json
    assert exercise["assigned_by"] == doctor.id
    assert exercise["assigned_to"] == patient.id
    assert exercise["status"] == "Pending"
    assert exercise["due_date"] == "2030-01-01T08:00:00+00:00"
    assert exercise["target_reps"] == 12 and exercise["sets"] == 3
    assert exercise["is_overdue"] is False


def test_an_exercise_reads_back_the_times_its_assignment_answered(client, doctor, patient):
    body = {"name": "X", "assigned_to": patient.id, "due_date": "2030-01-01T09:00:00.123456Z"}
    created = client.post(EXERCISES, json=body, headers=doctor.headers).json
    read = client.get(f"{EXERCISES}{created['id']}", headers=patient.headers).json
    assert created["due_date"] == read["due_date"] == "2030-01-01T09:00:00.123000+00:00"
    assert created["assigned_date"] == read["assigned_date"]


def test_patient_cannot_assign(client, patient):
    response = client.post(
        EXERCISES, json={"name": "X", "assigned_to": patient.id}, headers=patient.headers
    )
    assert response.status_code == 403


def test_assign_only_to_patient_accounts(client, doctor, register):
    other_doctor = register("Doctor")
    for target in (other_doctor.id, doctor.id, "0" * 24):
        response = client.post(
            EXERCISES, json={"name": "X", "assigned_to": target}, headers=doctor.headers
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "X", "assigned_to": "zzz"}, "assigned_to"),
        ({"name": "X", "target_reps": 0}, "target_reps"),
        ({"name": "X", "due_date": "tomorrow"}, "due_date"),
        ({"name": "X", "status": "Completed"}, "status"),
        ({"name": "X", "assigned_by": "0" * 24}, "assigned_by"),
        ({"name": "X", "motion": "deadlift"}, "motion"),
        ({"name": "X", "motion": "unknown"}, "motion"),
    ],
)
def test_assign_rejects_bad_bodies(client, doctor, patient, body, field):
    body = {"assigned_to": patient.id, **body}
    response = client.post(EXERCISES, json=body, headers=doctor.headers)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_exercise_visible_to_its_patient_and_doctor_only(client, doctor, patient, register, assign):
    exercise = assign(doctor, patient)
    url = f"{EXERCISES}{exercise['id']}"
    assert client.get(url, headers=doctor.headers).json["id"] == exercise["id"]
    assert client.get(url, headers=patient.headers).json["id"] == exercise["id"]
    for outsider in (register("Doctor"), register("Patient")):
        assert client.get(url, headers=outsider.headers).status_code == 404
    assert client.get(url).status_code == 401


def test_unknown_and_malformed_exercise_ids_are_404(client, doctor):
    assert client.get(f"{EXERCISES}{'a' * 24}", headers=doctor.headers).status_code == 404
    assert client.get(f"{EXERCISES}12345", headers=doctor.headers).status_code == 404


def test_doctor_changes_prescription_and_status(client, doctor, patient, assign):
    exercise = assign(doctor, patient)
    changes = {"target_reps": 20, "status": "Not Completed", "due_date": None}
    response = client.put(f"{EXERCISES}{exercise['id']}", json=changes, headers=doctor.headers)
    assert response.status_code == 200
    assert response.json["target_reps"] == 20
    assert response.json["status"] == "Not Completed"
    assert response.json["due_date"] is None


def test_patient_changes_status_only(client, doctor, patient, assign):
    exercise = assign(doctor, patient, target_reps=10)
    url = f"{EXERCISES}{exercise['id']}"
    response = client.put(url, json={"status": "Completed"}, headers=patient.headers)
    assert response.status_code == 200 and response.json["status"] == "Completed"
    refused = client.put(url, json={"target_reps": 1}, headers=patient.headers)
    assert refused.status_code == 403
    assert client.get(url, headers=patient.headers).json["target_reps"] == 10


def test_other_doctor_cannot_change(client, doctor, patient, register, assign):
    exercise = assign(doctor, patient)
    response = client.put(
        f"{EXERCISES}{exercise['id']}", json={"name": "X"}, headers=register("Doctor").headers
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [
        ("assigned_by", "0" * 24),
        ("assigned_to", "0" * 24),
        ("id", "0" * 24),
        ("created_at", "2020-01-01T00:00:00Z"),
    ],
)
def test_ownership_fields_cannot_be_changed(client, doctor, patient, assign, field, value):
    exercise = assign(doctor, patient)
    response = client.put(
        f"{EXERCISES}{exercise['id']}", json={field: value}, headers=doctor.headers
    )
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_invalid_status_is_422(client, doctor, patient, assign):
    exercise = assign(doctor, patient)
    response = client.put(
        f"{EXERCISES}{exercise['id']}", json={"status": "Done"}, headers=doctor.headers
    )
    assert response.status_code == 422


def test_patient_list_sorted_by_due_date_and_filtered(client, doctor, patient, assign):
    late = assign(doctor, patient, name="Late", due_date="2031-01-01T00:00:00Z")
    soon = assign(doctor, patient, name="Soon", due_date="2030-01-01T00:00:00Z")
    client.put(f"{EXERCISES}{late['id']}", json={"status": "Completed"}, headers=patient.headers)
    url = f"{EXERCISES}patient/{patient.id}"
    listed = client.get(url, headers=patient.headers)
    assert listed.status_code == 200
    assert [e["name"] for e in listed.json] == ["Soon", "Late"]
    assert '"total": 2' in listed.headers["X-Pagination"]
    pending = client.get(f"{url}?status=Pending", headers=patient.headers).json
    assert [e["id"] for e in pending] == [soon["id"]]
    assert client.get(f"{url}?status=Bogus", headers=patient.headers).status_code == 422


def test_list_is_paginated(client, doctor, patient, assign):
    for n in range(3):
        assign(doctor, patient, name=f"E{n}")
    page = client.get(
        f"{EXERCISES}patient/{patient.id}?page=2&page_size=2", headers=patient.headers
    )
    assert page.status_code == 200
    assert len(page.json) == 1
    assert '"page": 2' in page.headers["X-Pagination"]


def test_doctor_sees_only_the_exercises_they_assigned_to_a_patient(
    client, doctor, patient, register, assign
):
    other_doctor = register("Doctor")
    assign(doctor, patient, name="Mine")
    assign(other_doctor, patient, name="Theirs")
    listed = client.get(f"{EXERCISES}patient/{patient.id}", headers=doctor.headers)
    assert [e["name"] for e in listed.json] == ["Mine"]
    assert len(client.get(f"{EXERCISES}patient/{patient.id}", headers=patient.headers).json) == 2


def test_patient_list_refused_to_outsiders(client, patient, register):
    for outsider in (register("Doctor"), register("Patient")):
        response = client.get(f"{EXERCISES}patient/{patient.id}", headers=outsider.headers)
        assert response.status_code == 404


def test_doctor_list_is_their_own_only(client, doctor, patient, register, assign):
    assign(doctor, patient)
    mine = client.get(f"{EXERCISES}doctor/{doctor.id}", headers=doctor.headers)
    assert mine.status_code == 200 and len(mine.json) == 1
    other_doctor = register("Doctor")
    assert (
        client.get(f"{EXERCISES}doctor/{doctor.id}", headers=other_doctor.headers).status_code
        == 403
    )
    assert client.get(f"{EXERCISES}doctor/{doctor.id}", headers=patient.headers).status_code == 403


def test_past_due_pending_exercise_reads_as_overdue(client, doctor, patient, assign):
    exercise = due_in_the_past(assign(doctor, patient))
    answer = client.get(f"{EXERCISES}{exercise['id']}", headers=patient.headers)
    assert answer.json["is_overdue"] is True
