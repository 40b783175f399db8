"""Questionnaires, answers and clinician time are part of the patient's export and go with
their erasure."""

from exercise_tracker.models import ClinicianTime, QuestionnaireAnswer, QuestionnaireAssignment


def test_exported_and_erased_with_the_patient(client, doctor, patient, exercise_for):
    assignment = client.post(
        f"/api/v1/questionnaires/patient/{patient.id}",
        json={"instrument": "nprs", "schedule": "once"},
        headers=doctor.headers,
    ).json
    client.post(
        f"/api/v1/questionnaires/{assignment['id']}/answers",
        json={"answers": {"pain": 4}},
        headers=patient.headers,
    )
    client.post(
        f"/api/v1/clinician-time/patient/{patient.id}",
        json={"kind": "management", "date": "2026-11-02", "minutes": 12},
        headers=doctor.headers,
    )

    exported = client.get(f"/api/v1/users/{patient.id}/export", headers=patient.headers).json
    assert exported["questionnaire_assignments"][0]["answers"][0]["score"] == 4
    assert exported["clinician_time"][0]["minutes"] == 12

    assert client.delete(f"/api/v1/users/{patient.id}", headers=patient.headers).status_code == 200
    assert QuestionnaireAssignment.objects.count() == 0
    assert QuestionnaireAnswer.objects.count() == 0
    assert ClinicianTime.objects.count() == 0
