"""Questionnaires over the API: a treating doctor assigns, the patient answers while it is due,
answers are checked item by item, and everyone else is told nothing."""

from datetime import UTC, datetime, timedelta

import pytest

from exercise_tracker.models import AuditEvent, QuestionnaireAnswer

KOOS = {f"q{i}": v for i, v in enumerate([2, 3, 2, 3, 1, 2, 3], start=1)}  # raw sum 16


def url(patient):
    return f"/api/v1/questionnaires/patient/{patient.id}"


@pytest.fixture
def treated(doctor, patient, exercise_for):
    return doctor, patient


def assign_questionnaire(client, doctor, patient, **body):
    body = {"instrument": "koos-jr", "schedule": "once", **body}
    return client.post(url(patient), json=body, headers=doctor.headers)


def test_instruments_are_listed_with_their_scoring(client, patient):
    response = client.get("/api/v1/questionnaires/instruments", headers=patient.headers)
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json}
    assert by_code["koos-jr"]["score_range"] == [0, 28]
    assert by_code["koos-jr"]["items"][0]["options"][4] == {"value": 4, "label": "Extreme"}
    assert by_code["nprs"]["mcid"]["value"] == 2


def test_doctor_assigns_and_patient_answers_once(client, treated):
    doctor, patient = treated
    created = assign_questionnaire(client, doctor, patient)
    assert created.status_code == 201, created.json
    assert created.json["due"] is True and created.json["title"].startswith("Knee injury")

    answer_url = f"/api/v1/questionnaires/{created.json['id']}/answers"
    answered = client.post(answer_url, json={"answers": KOOS}, headers=patient.headers)
    assert answered.status_code == 201, answered.json
    assert answered.json["score"] == 16 and answered.json["answers"] == KOOS

    again = client.post(answer_url, json={"answers": KOOS}, headers=patient.headers)
    assert again.status_code == 409
    listed = client.get(url(patient), headers=doctor.headers).json
    assert listed[0]["due"] is False and listed[0]["answers"][0]["score"] == 16
    kinds = {(e.action, e.resource) for e in AuditEvent.objects(patient_id=patient.id)}
    assert {("create", "questionnaire"), ("create", "questionnaire-answer")} <= kinds
    assert ("read", "questionnaire") in kinds


def test_bad_answers_are_refused_item_by_item_and_nothing_is_kept(client, treated):
    doctor, patient = treated
    assignment = assign_questionnaire(client, doctor, patient).json
    bad = {**KOOS, "q2": 9, "q9": 1}
    del bad["q7"]
    response = client.post(
        f"/api/v1/questionnaires/{assignment['id']}/answers",
        json={"answers": bad},
        headers=patient.headers,
    )
    assert response.status_code == 422
    errors = response.json["errors"]["json"]["answers"]
    assert set(errors) == {"q2", "q7", "q9"}
    assert QuestionnaireAnswer.objects.count() == 0


def test_only_a_treating_doctor_assigns(client, register, treated):
    doctor, patient = treated
    stranger = register("Doctor")
    assert assign_questionnaire(client, stranger, patient).status_code == 404
    assert assign_questionnaire(client, patient, patient).status_code == 403
    assert client.get(url(patient), headers=stranger.headers).status_code == 404


def test_unknown_instrument_and_schedule_without_end_are_422(client, treated):
    doctor, patient = treated
    unknown = assign_questionnaire(client, doctor, patient, instrument="sf-36")
    assert unknown.status_code == 422 and "instrument" in unknown.json["errors"]["json"]
    no_end = assign_questionnaire(client, doctor, patient, schedule="start_and_end")
    assert no_end.status_code == 422 and "end_date" in no_end.json["errors"]["json"]


def test_only_the_patient_answers_their_own(client, register, treated):
    doctor, patient = treated
    assignment = assign_questionnaire(client, doctor, patient).json
    other = register("Patient")
    answer_url = f"/api/v1/questionnaires/{assignment['id']}/answers"
    assert client.post(answer_url, json={"answers": KOOS}, headers=other.headers).status_code == 404
    assert (
        client.post(answer_url, json={"answers": KOOS}, headers=doctor.headers).status_code == 403
    )


def test_a_questionnaire_that_has_not_started_is_not_due(client, treated):
    doctor, patient = treated
    later = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    assignment = assign_questionnaire(client, doctor, patient, schedule="weekly", start_date=later)
    assert assignment.json["due"] is False
    response = client.post(
        f"/api/v1/questionnaires/{assignment.json['id']}/answers",
        json={"answers": KOOS},
        headers=patient.headers,
    )
    assert response.status_code == 409


def test_the_assigning_doctor_closes_a_questionnaire(client, register, assign, treated):
    doctor, patient = treated
    colleague = register("Doctor")
    assign(colleague, patient)
    assignment = assign_questionnaire(client, doctor, patient, schedule="weekly").json
    assignment_url = f"/api/v1/questionnaires/{assignment['id']}"
    assert client.delete(assignment_url, headers=colleague.headers).status_code == 404
    assert client.delete(assignment_url, headers=patient.headers).status_code == 403
    closed = client.delete(assignment_url, headers=doctor.headers)
    assert closed.status_code == 200 and closed.json["active"] is False and not closed.json["due"]
    response = client.post(
        f"{assignment_url}/answers", json={"answers": KOOS}, headers=patient.headers
    )
    assert response.status_code == 409
