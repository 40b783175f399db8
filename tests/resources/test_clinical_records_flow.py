"""A patient over 35 simulated days: assigned questionnaires answered on their schedules,
uploads analysed or not, pain reported and clinician time logged. The scores, the monitoring
summary's day counts and minutes, the CSV, the PDF's sections and the FHIR Bundle are checked
against what was done, computed here by hand."""

import csv
import io
import re
from datetime import timedelta

import pytest
from bson import ObjectId
from fhir.resources.R4B import get_fhir_model_class
from pypdf import PdfReader

from exercise_tracker.models import Exercise, QuestionnaireAssignment, User
from exercise_tracker.models.base import utcnow
from exercise_tracker.services import questionnaires
from tests.factories import attempt

DAYS = 35
NPRS = [6, 5, 4, 3, 6]  # days 0, 7, 14, 21, 28 (weekly); the last rise of 3 passes the MCID of 2
KOOS_FIRST = [2, 3, 2, 3, 1, 2, 3]  # day 1: raw sum 16
KOOS_LAST = [1, 1, 1, 2, 0, 1, 1]  # day 33: raw sum 7
PSFS = {
    "activity_1": "Stairs",
    "activity_1_score": 3,
    "activity_2": "Kneeling",
    "activity_2_score": 5,
    "activity_3": "Running",
    "activity_3_score": 1,
}  # mean 3.0
ANALYSED_DAYS = list(range(0, 29, 2)) + [31]  # 16 analysed uploads
PAIN_ONLY_DAY = 29  # a pain report on an upload not analysed yet
UNANALYSED_DAY = 27  # an upload with no analysis and no pain: no data
TIME = [  # (day, kind, mode, minutes)
    (2, "management", None, 15),
    (20, "management", None, 10),
    (21, "contact", "call", 8),
    (33, "contact", "video", 12),
]


def morning(start, day):
    return start + timedelta(days=day, hours=9)


def ago(moment) -> float:
    """`days_ago` for the factories: the moment, as seen from now."""
    return (utcnow() - moment).total_seconds() / 86400


@pytest.fixture
def scenario(app, client, doctor, patient, assign):
    today = utcnow()
    start = (today - timedelta(days=DAYS - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    exercise = assign(doctor, patient, motion="squat", target_reps=10, sets=3, frequency_per_week=3)
    Exercise.objects(id=exercise["id"]).update(set__assigned_date=start)

    for day in ANALYSED_DAYS:
        attempt(
            app,
            exercise,
            days_ago=ago(morning(start, day)),
            pain=3 if day % 4 == 0 else None,
            reps=8 + day % 3,
            excursion=70.0 + day,
        )
    attempt(app, exercise, days_ago=ago(morning(start, PAIN_ONLY_DAY)), pain=5, analysed=False)
    attempt(app, exercise, days_ago=ago(morning(start, UNANALYSED_DAY)), analysed=False)

    def assign_q(instrument, schedule, **dates):
        body = {
            "instrument": instrument,
            "schedule": schedule,
            "start_date": start.isoformat() + "+00:00",
            **{k: v.isoformat() + "+00:00" for k, v in dates.items()},
        }
        response = client.post(
            f"/api/v1/questionnaires/patient/{patient.id}", json=body, headers=doctor.headers
        )
        assert response.status_code == 201, response.json
        return QuestionnaireAssignment.objects.get(id=response.json["id"])

    nprs = assign_q("nprs", "weekly")
    koos = assign_q("koos-jr", "start_and_end", end_date=start + timedelta(days=30))
    psfs = assign_q("psfs", "once")
    person = User.objects.get(id=patient.id)
    with app.app_context():
        for week, pain in enumerate(NPRS):
            questionnaires.answer(person, nprs, {"pain": pain}, at=morning(start, 7 * week))
        questionnaires.answer(
            person,
            koos,
            dict(zip([f"q{i}" for i in range(1, 8)], KOOS_FIRST, strict=True)),
            at=morning(start, 1),
        )
        questionnaires.answer(
            person,
            koos,
            dict(zip([f"q{i}" for i in range(1, 8)], KOOS_LAST, strict=True)),
            at=morning(start, 33),
        )
        questionnaires.answer(person, psfs, PSFS, at=morning(start, 3))
    for day, kind, mode, minutes in TIME:
        body = {
            "kind": kind,
            "date": (start + timedelta(days=day)).date().isoformat(),
            "minutes": minutes,
        }
        if mode:
            body["mode"] = mode
        response = client.post(
            f"/api/v1/clinician-time/patient/{patient.id}", json=body, headers=doctor.headers
        )
        assert response.status_code == 201, response.json
    return {"start": start, "today": today, "exercise": exercise}


def expected_days(start):
    """Days with data by hand: analysed uploads, the pain-only upload, every answer's day."""
    days = set(ANALYSED_DAYS) | {PAIN_ONLY_DAY} | {0, 7, 14, 21, 28} | {1, 33} | {3}
    return {(start + timedelta(days=d)).date() for d in days}


def expected_months(start):
    """Minutes and contacts per calendar month, by hand from TIME."""
    months = {}
    for day, kind, _, minutes in TIME:
        month = months.setdefault(
            f"{start + timedelta(days=day):%Y-%m}", {"management": 0, "contact": 0, "contacts": 0}
        )
        month[kind] += minutes
        month["contacts"] += kind == "contact"
    return months


def test_scores_trend_and_alert(client, doctor, patient, scenario):
    trends = client.get(
        f"/api/v1/questionnaires/patient/{patient.id}/scores", headers=doctor.headers
    ).json
    by_code = {t["instrument"]: t for t in trends}
    assert [p["score"] for p in by_code["nprs"]["scores"]] == NPRS
    assert by_code["nprs"]["worsened_beyond_mcid"] is True and by_code["nprs"]["trend"] == "steady"
    assert [p["score"] for p in by_code["koos-jr"]["scores"]] == [16, 7]
    assert by_code["koos-jr"]["trend"] == "better" and by_code["koos-jr"]["change"] == -9
    assert by_code["psfs"]["latest"] == 3.0

    progress = client.get(f"/api/v1/progress/patient/{patient.id}", headers=doctor.headers).json
    worsened = [a for a in progress["alerts"] if a["code"] == "score_worsened"]
    assert len(worsened) == 1 and "from 3 to 6" in worsened[0]["reason"]
    assert {q["instrument"] for q in progress["questionnaires"]} == {"nprs", "koos-jr", "psfs"}


def test_monitoring_counts_days_and_minutes(client, doctor, patient, scenario):
    start = scenario["start"]
    response = client.get(
        f"/api/v1/progress/patient/{patient.id}/monitoring", headers=patient.headers
    )
    assert response.status_code == 200, response.json
    summary = response.json
    assert summary["start"] == start.date().isoformat()
    assert {d["day"] for d in summary["days"]} == {d.isoformat() for d in expected_days(start)}
    first, second = summary["periods"]
    assert (first["days_with_data"], first["level"], first["complete"]) == (20, "full", True)
    assert (second["days_with_data"], second["level"], second["complete"]) == (2, "partial", False)
    months = {m["month"]: m for m in summary["months"]}
    for month, expected in expected_months(start).items():
        assert months[month]["management_minutes"] == expected["management"]
        assert months[month]["contact_minutes"] == expected["contact"]
        assert months[month]["contacts"] == expected["contacts"]
    assert sum(m["total_minutes"] for m in summary["months"]) == 15 + 10 + 8 + 12


def test_the_month_csv_for_doctors(client, register, doctor, patient, scenario):
    month = f"{scenario['today']:%Y-%m}"
    response = client.get(
        f"/api/v1/progress/clinic/monitoring.csv?month={month}", headers=doctor.headers
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1 and rows[0]["patient_id"] == patient.id
    assert (rows[0]["days_with_data"], rows[0]["days_level"]) == ("2", "partial")
    expected = expected_months(scenario["start"]).get(month, {"management": 0, "contact": 0})
    assert int(rows[0]["total_minutes"]) == expected["management"] + expected["contact"]

    stranger = register("Doctor")
    other = client.get(
        f"/api/v1/progress/clinic/monitoring.csv?month={month}", headers=stranger.headers
    )
    assert other.status_code == 200 and len(other.get_data(as_text=True).splitlines()) == 1
    assert (
        client.get(
            "/api/v1/progress/clinic/monitoring.csv?month=2026-13", headers=doctor.headers
        ).status_code
        == 422
    )
    assert (
        client.get(
            f"/api/v1/progress/clinic/monitoring.csv?month={month}", headers=patient.headers
        ).status_code
        == 403
    )


def test_the_pdf_has_the_questionnaire_and_monitoring_sections(client, doctor, patient, scenario):
    response = client.get(
        f"/api/v1/progress/patient/{patient.id}/report.pdf", headers=doctor.headers
    )
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Outcome questionnaires" in text and "Remote monitoring" in text
    assert "Numeric Pain Rating Scale" in text and "worse than the MCID" in text
    assert re.search(r"\(running\) 2 partial", text) and " 20 full" in text


def references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:  # CarePlan.activity.reference is itself a Reference
                yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def test_the_fhir_bundle_validates_and_references_only_itself(client, patient, scenario):
    response = client.get(f"/api/v1/users/{patient.id}/fhir", headers=patient.headers)
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    bundle = response.json
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    get_fhir_model_class("Bundle").model_validate(bundle)
    urls = set()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        urls.add(entry["fullUrl"])
    found = list(references(bundle))
    assert len(found) > 3 * len(ANALYSED_DAYS) and set(found) <= urls
    care_plan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    request_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )
    assert [a["reference"]["reference"] for a in care_plan["activity"]] == [request_url]

    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("Practitioner") == 1
    assert kinds.count("CarePlan") == 1 and kinds.count("ServiceRequest") == 1
    assert kinds.count("QuestionnaireResponse") == len(NPRS) + 2 + 1
    observations = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    ]
    attempts = [o for o in observations if o["category"][0]["coding"][0]["code"] == "activity"]
    pains = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    assert len(attempts) == len(ANALYSED_DAYS)
    assert attempts[0]["code"]["coding"][0]["code"] == "73985-4"  # the PA IG's exercise activity
    assert attempts[0]["category"][1]["coding"][0]["code"] == "PhysicalActivity"
    pain_uploads = sum(day % 4 == 0 for day in ANALYSED_DAYS) + 1
    assert len(pains) == pain_uploads + len(NPRS)
    request = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )
    assert request["code"]["coding"][0] == {
        "system": "http://snomed.info/sct",
        "code": "229065009",
        "display": "Exercise therapy",
    }
    assert request["occurrenceTiming"]["repeat"]["frequency"] == 3
    assert {"3 sets", "10 repetitions", "motion squat"} <= {
        d["text"] for d in request["orderDetail"]
    }
    rom = [c for c in attempts[0]["component"] if c["code"]["text"].startswith("Range of motion")]
    assert [c["code"]["text"] for c in rom] == [
        "Range of motion, left knee",
        "Range of motion, right knee",
    ]
    assert rom[0]["valueQuantity"]["code"] == "deg" and rom[0]["valueQuantity"]["value"] == 70.0


def test_the_fhir_export_is_refused_to_strangers_and_audited(client, register, patient, scenario):
    from exercise_tracker.models import AuditEvent

    stranger = register("Doctor")
    assert (
        client.get(f"/api/v1/users/{patient.id}/fhir", headers=stranger.headers).status_code == 404
    )
    assert (
        client.get(f"/api/v1/users/{ObjectId()}/fhir", headers=patient.headers).status_code == 404
    )
    client.get(f"/api/v1/users/{patient.id}/fhir", headers=patient.headers)
    assert AuditEvent.objects(patient_id=patient.id, action="export", resource="fhir").count() == 1


def test_the_csv_refuses_a_query_key_it_does_not_take(client, doctor):
    url = "/api/v1/progress/clinic/monitoring.csv?month=2026-11"
    assert client.get(url, headers=doctor.headers).status_code == 200
    refused = client.get(f"{url}&foo=1", headers=doctor.headers)
    assert refused.status_code == 422 and "foo" in refused.json["errors"]["query"]
