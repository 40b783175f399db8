"""Clinician time and contacts over the API: logged by a treating doctor, listed for the patient
and their doctors, changed only by the author, every read and change audited."""

import pytest

from exercise_tracker.models import AuditEvent, ClinicianTime


def url(patient):
    return f"/api/v1/clinician-time/patient/{patient.id}"


@pytest.fixture
def treated(doctor, patient, exercise_for):
    return doctor, patient


def log(client, doctor, patient, **body):
    body = {"kind": "management", "date": "2026-11-03", "minutes": 15, **body}
    return client.post(url(patient), json=body, headers=doctor.headers)


def test_doctor_logs_time_and_a_contact_and_both_are_listed(client, treated):
    doctor, patient = treated
    first = log(client, doctor, patient, activity="Reviewed uploads")
    assert first.status_code == 201, first.json
    assert first.json["date"] == "2026-11-03" and first.json["doctor_id"] == doctor.id
    call = log(client, doctor, patient, kind="contact", mode="call", minutes=8, date="2026-11-05")
    assert call.status_code == 201
    listed = client.get(url(patient), headers=patient.headers)
    assert listed.status_code == 200
    assert [(e["kind"], e["minutes"]) for e in listed.json] == [("management", 15), ("contact", 8)]
    only = client.get(url(patient) + "?from=2026-11-04", headers=doctor.headers).json
    assert [e["kind"] for e in only] == ["contact"]
    kinds = [(e.action, e.resource) for e in AuditEvent.objects(patient_id=patient.id)]
    assert kinds.count(("create", "clinician-time")) == 2
    assert ("read", "clinician-time") in kinds


def test_a_contact_needs_its_mode(client, treated):
    doctor, patient = treated
    response = log(client, doctor, patient, kind="contact")
    assert response.status_code == 422 and "mode" in response.json["errors"]["json"]
    assert ClinicianTime.objects.count() == 0


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1, "ten"])
def test_minutes_out_of_range_are_refused(client, treated, minutes):
    doctor, patient = treated
    assert log(client, doctor, patient, minutes=minutes).status_code == 422


def test_only_the_author_changes_or_removes_an_entry(client, register, assign, treated):
    doctor, patient = treated
    colleague = register("Doctor")
    assign(colleague, patient)  # treats the patient too, so sees the entry
    stranger = register("Doctor")
    entry = log(client, doctor, patient).json
    entry_url = f"/api/v1/clinician-time/{entry['id']}"

    assert client.put(entry_url, json={"minutes": 30}, headers=colleague.headers).status_code == 403
    assert client.put(entry_url, json={"minutes": 30}, headers=stranger.headers).status_code == 404
    assert client.delete(entry_url, headers=colleague.headers).status_code == 403
    assert client.put(entry_url, json={"minutes": 30}, headers=patient.headers).status_code == 403

    changed = client.put(entry_url, json={"minutes": 30, "note": "longer"}, headers=doctor.headers)
    assert changed.status_code == 200 and changed.json["minutes"] == 30
    wrong = client.put(entry_url, json={"mode": "video"}, headers=doctor.headers)
    assert wrong.status_code == 422
    assert ClinicianTime.objects.get(id=entry["id"]).mode is None
    assert client.delete(entry_url, headers=doctor.headers).status_code == 204
    assert ClinicianTime.objects.count() == 0
    actions = {e.action for e in AuditEvent.objects(resource="clinician-time")}
    assert {"create", "update", "delete"} <= actions


def test_a_doctor_who_does_not_treat_the_patient_cannot_log(client, register, patient):
    stranger = register("Doctor")
    assert log(client, stranger, patient).status_code == 404
