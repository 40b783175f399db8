"""`flask exercises close-overdue`."""

from exercise_tracker.models import Exercise
from tests.factories import due_in_the_past


def test_close_overdue_marks_only_past_due_pending(app, client, doctor, patient, assign):
    past = due_in_the_past(assign(doctor, patient, name="Past"))
    future = assign(doctor, patient, name="Future", due_date="2099-01-01T00:00:00Z")
    undated = assign(doctor, patient, name="Undated")
    done = due_in_the_past(assign(doctor, patient, name="Done"))
    client.put(
        f"/api/v1/exercises/{done['id']}", json={"status": "Completed"}, headers=patient.headers
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["exercises", "close-overdue"])
    assert result.exit_code == 0
    assert "closed 1 overdue" in result.output
    status = {e.name: e.status for e in Exercise.objects}
    assert status == {
        "Past": "Not Completed",
        "Future": "Pending",
        "Undated": "Pending",
        "Done": "Completed",
    }
    assert "closed 0 overdue" in runner.invoke(args=["exercises", "close-overdue"]).output
    assert past and future and undated
