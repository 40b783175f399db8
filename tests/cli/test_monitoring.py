"""`flask monitoring export --month YYYY-MM`: the clinic's month as CSV, every patient."""

import csv
import io

from exercise_tracker.models.base import utcnow
from tests.factories import attempt


def test_export_lists_every_monitored_patient_of_the_month(app, client, register, doctor, assign):
    first, second, idle = register("Patient"), register("Patient"), register("Patient")
    exercise = assign(doctor, first)
    attempt(app, exercise, days_ago=0)
    attempt(app, exercise, days_ago=0, pain=4)  # the same day: one day with data
    other_doctor = register("Doctor")
    assign(other_doctor, second)
    today = utcnow()
    client.post(
        f"/api/v1/clinician-time/patient/{first.id}",
        json={"kind": "contact", "mode": "video", "date": today.date().isoformat(), "minutes": 25},
        headers=doctor.headers,
    )

    result = app.test_cli_runner().invoke(
        args=["monitoring", "export", "--month", f"{today:%Y-%m}"]
    )

    assert result.exit_code == 0, result.output
    rows = {r["patient_id"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert set(rows) == {first.id, second.id}  # the idle patient was never monitored
    assert rows[first.id]["days_with_data"] == "1" and rows[first.id]["days_level"] == "none"
    assert rows[first.id]["total_minutes"] == "25" and rows[first.id]["minutes_level"] == "full"
    assert rows[second.id]["days_with_data"] == "0" and rows[second.id]["contacts"] == "0"
    assert idle.id not in rows


def test_export_refuses_a_malformed_month(app):
    result = app.test_cli_runner().invoke(args=["monitoring", "export", "--month", "11/2026"])
    assert result.exit_code == 2 and "YYYY-MM" in result.output


def test_export_refuses_a_month_out_of_range(app):
    result = app.test_cli_runner().invoke(args=["monitoring", "export", "--month", "9999-12"])
    assert result.exit_code == 2 and "between 1970 and 2999" in result.output
