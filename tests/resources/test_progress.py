"""Progress of a patient, a doctor's overview, the progress chart and the PDF report: what they
count and who may read them."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from exercise_tracker.models import Exercise, Picture
from exercise_tracker.models.base import utcnow
from tests.factories import attempt, due_in_the_past
from tests.pictures.images import assert_not_blank, decoded_png

API = "/api/v1/progress"


def _assigned_days_ago(exercise, days):
    Exercise.objects(id=exercise["id"]).update(set__assigned_date=utcnow() - timedelta(days=days))


@pytest.fixture
def plan(app, doctor, patient, register, assign):
    """Squats and an overdue raise from `doctor`, lunges from another doctor, with attempts."""
    squats = assign(
        doctor,
        patient,
        name="Squats",
        motion="squat",
        target_reps=5,
        frequency_per_week=3,
        target_range_of_motion=90,
        due_date="2099-01-01T00:00:00Z",
    )
    raises = due_in_the_past(assign(doctor, patient, name="Front raises"))
    other_doctor = register("Doctor")
    lunges = assign(other_doctor, patient, name="Lunges", motion="lunge")
    for exercise in (squats, raises, lunges):
        _assigned_days_ago(exercise, 28)
    attempt(app, squats, days_ago=10, reps=3, excursion=60, pain=2, difficulty=6)
    attempt(app, squats, days_ago=5, reps=5, excursion=70, pain=3, difficulty=5)
    attempt(app, squats, days_ago=1, reps=4, excursion=80, pain=2, difficulty=4)
    attempt(app, squats, analysed=False)
    attempt(app, lunges, days_ago=2, motion="lunge", reps=6)
    return {"squats": squats, "raises": raises, "lunges": lunges, "other_doctor": other_doctor}


def by_name(progress):
    return {e["name"]: e for e in progress["exercises"]}


def test_patient_sees_all_their_progress(client, patient, plan):
    response = client.get(f"{API}/patient/{patient.id}", headers=patient.headers)
    assert response.status_code == 200
    progress = response.json
    assert progress["patient"]["id"] == patient.id
    assert progress["adherence"]["exercises"] == {
        "assigned": 3,
        "completed": 1,  # lunges: a one-off, done by its matching attempt
        "not_completed": 0,
        "pending": 2,
        "overdue": 1,
    }
    exercises = by_name(progress)
    assert set(exercises) == {"Squats", "Front raises", "Lunges"}
    assert exercises["Front raises"]["is_overdue"] is True
    squats = exercises["Squats"]
    assert (squats["attempt_count"], squats["analysed_count"]) == (4, 3)
    assert squats["repetitions"] == {"target": 5, "latest": 4, "best": 5, "target_met": False}
    assert squats["range_of_motion"] == {
        "joint": "knee flexion",
        "unit": "degrees",
        "target": 90,
        "latest": 80.0,
        "best": 80.0,
        "trend": "up",
    }
    assert squats["confidence"] == {"latest": 0.9, "trend": "steady"}
    assert [a["pain_level"] for a in squats["attempts"]] == [2, 3, 2, None]
    assert [a["difficulty"] for a in squats["attempts"]] == [6, 5, 4, None]
    assert [a["rep_count"] for a in squats["attempts"]] == [3, 5, 4, None]
    assert squats["attempts"][-1]["status"] == "Uploaded"
    assert squats["last_activity"] == squats["attempts"][-1]["uploaded_at"]
    assert progress["last_activity"] == squats["last_activity"]
    assert progress["alerts"] == []


def test_videos_per_week_against_the_frequency(client, patient, plan):
    adherence = client.get(f"{API}/patient/{patient.id}", headers=patient.headers).json["adherence"]
    weeks = adherence["weeks"]
    assert len(weeks) == 4  # PROGRESS_WEEKS
    # Squats at 3 a week (the raise was due long ago, lunges have no frequency).
    assert [w["prescribed"] for w in weeks] == [3.0, 3.0, 3.0, 3.0]
    assert [w["videos"] for w in weeks] == [0, 0, 1, 4]  # squats x3 and lunges this week
    assert adherence["rate"] == round(4 / 12, 2)  # extra uploads make up for no other week


def test_a_doctor_sees_only_the_exercises_they_assigned(client, doctor, patient, plan):
    mine = client.get(f"{API}/patient/{patient.id}", headers=doctor.headers).json
    assert set(by_name(mine)) == {"Squats", "Front raises"}
    assert mine["adherence"]["exercises"]["assigned"] == 2
    theirs = client.get(f"{API}/patient/{patient.id}", headers=plan["other_doctor"].headers).json
    assert set(by_name(theirs)) == {"Lunges"}


def test_who_reads_progress(client, doctor, patient, register, plan):
    for path in ("", "/chart.png", "/report.pdf"):
        url = f"{API}/patient/{patient.id}{path}"
        assert client.get(url, headers=patient.headers).status_code == 200, path
        assert client.get(url, headers=doctor.headers).status_code == 200, path
        for outsider in (register("Doctor"), register("Patient")):
            assert client.get(url, headers=outsider.headers).status_code == 404, path
        assert client.get(url).status_code == 401
        unknown = f"{API}/patient/{'0' * 24}{path}"
        assert client.get(unknown, headers=doctor.headers).status_code == 404
    # A doctor's own id is not a patient's.
    assert client.get(f"{API}/patient/{doctor.id}", headers=doctor.headers).status_code == 404


def test_a_period_limits_the_attempts(client, patient, plan):
    since = (utcnow() - timedelta(days=6)).isoformat() + "Z"
    progress = client.get(
        f"{API}/patient/{patient.id}", query_string={"from": since}, headers=patient.headers
    ).json
    assert by_name(progress)["Squats"]["attempt_count"] == 3
    assert progress["period"]["from"].startswith(since[:16])
    # Alerts are about now, whatever the period: no "inactive" for a period before any upload.
    before = (utcnow() - timedelta(days=20)).isoformat() + "Z"
    past = client.get(
        f"{API}/patient/{patient.id}", query_string={"to": before}, headers=patient.headers
    ).json
    assert by_name(past)["Squats"]["attempt_count"] == 0
    assert past["alerts"] == []
    backwards = client.get(
        f"{API}/patient/{patient.id}",
        query_string={"from": "2026-02-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
        headers=patient.headers,
    )
    assert backwards.status_code == 422


def test_doctor_overview_puts_patients_in_need_first(
    app, client, doctor, patient, register, assign, plan
):
    hurting = register("Patient", full_name="Aaron Hurting")
    knee = assign(doctor, hurting, name="Heel slides", motion="heel_slide")
    attempt(app, knee, days_ago=1, motion="heel_slide", pain=8)
    rows = client.get(f"{API}/doctor/{doctor.id}", headers=doctor.headers).json
    assert [r["patient"]["id"] for r in rows] == [hurting.id, patient.id]
    first = rows[0]
    assert first["alert_count"] == 1
    assert first["alerts"][0]["code"] == "pain_high"
    assert "Heel slides: reported pain 8/10" in first["alerts"][0]["reason"]
    second = rows[1]
    assert second["exercises"]["overdue"] == 1
    assert second["exercises"]["assigned"] == 2  # only this doctor's
    assert second["adherence_rate"] == round(4 / 12, 2)
    by_name_rows = client.get(
        f"{API}/doctor/{doctor.id}", query_string={"sort": "name"}, headers=doctor.headers
    ).json
    names = [r["patient"]["full_name"] for r in by_name_rows]
    assert names == sorted(names, key=str.casefold)
    bad = client.get(
        f"{API}/doctor/{doctor.id}", query_string={"sort": "x"}, headers=doctor.headers
    )
    assert bad.status_code == 422


def test_overview_only_for_the_doctor_themself(client, doctor, patient, plan):
    assert (
        client.get(f"{API}/doctor/{doctor.id}", headers=plan["other_doctor"].headers).status_code
        == 403
    )
    assert client.get(f"{API}/doctor/{doctor.id}", headers=patient.headers).status_code == 403
    assert client.get(f"{API}/doctor/{doctor.id}").status_code == 401
    theirs = client.get(
        f"{API}/doctor/{plan['other_doctor'].id}", headers=plan["other_doctor"].headers
    ).json
    assert [r["patient"]["id"] for r in theirs] == [patient.id]


def test_progress_chart(client, doctor, patient, plan):
    response = client.get(f"{API}/patient/{patient.id}/chart.png", headers=patient.headers)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "private" in response.headers["Cache-Control"]
    image = decoded_png(response.data)
    assert image.size == (1200, 600)  # squats and lunges have attempts: a row each
    assert_not_blank(image)
    again = client.get(f"{API}/patient/{patient.id}/chart.png", headers=patient.headers)
    assert again.data == response.data
    doctors = client.get(f"{API}/patient/{patient.id}/chart.png", headers=doctor.headers)
    assert decoded_png(doctors.data).size == (1200, 300)  # squats only
    assert Picture.objects(key__startswith=f"progress/{patient.id}/").count() == 2


def test_progress_chart_is_redrawn_when_an_attempt_arrives(app, client, patient, plan):
    url = f"{API}/patient/{patient.id}/chart.png"
    before = client.get(url, headers=patient.headers).data
    attempt(app, plan["raises"], reps=2)
    after = client.get(url, headers=patient.headers).data
    assert decoded_png(after).size == (1200, 900)
    assert after != before


def test_progress_chart_with_no_attempts(client, doctor, patient, assign):
    assign(doctor, patient)
    response = client.get(f"{API}/patient/{patient.id}/chart.png", headers=patient.headers)
    image = decoded_png(response.data)
    assert image.size == (1200, 300)
    assert_not_blank(image, min_variance=5)


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_report_pdf(client, doctor, patient, plan):
    response = client.get(f"{API}/patient/{patient.id}/report.pdf", headers=patient.headers)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "private" in response.headers["Cache-Control"]
    pages, text = _pdf_text(response.data)
    assert pages == 2  # the tables, then the chart
    assert patient.json["full_name"] in text
    assert patient.email in text
    for name in ("Squats", "Front raises", "Lunges", "overdue"):
        assert name in text
    assert "1 overdue" in text
    _, doctors = _pdf_text(
        client.get(f"{API}/patient/{patient.id}/report.pdf", headers=doctor.headers).data
    )
    assert "Squats" in doctors and "Lunges" not in doctors


def test_report_of_a_period(client, patient, plan):
    response = client.get(
        f"{API}/patient/{patient.id}/report.pdf",
        query_string={"from": "2020-03-01T00:00:00Z"},
        headers=patient.headers,
    )
    _, text = _pdf_text(response.data)
    assert "Period: 01 Mar 2020 to" in text
