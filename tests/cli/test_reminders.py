"""`flask reminders send` with no channel configured: nothing is claimed, so nothing is lost."""

from datetime import timedelta

from exercise_tracker.models import Delivery, Exercise
from exercise_tracker.models.base import utcnow


def test_without_a_channel_nothing_is_sent_or_claimed(app, client, doctor, patient, assign):
    client.put(
        "/api/v1/reminders/preferences",
        json={"local_time": "00:00", "time_zone": "UTC"},
        headers=patient.headers,
    )
    exercise = assign(doctor, patient, frequency_per_week=7)
    Exercise.objects(id=exercise["id"]).update(set__assigned_date=utcnow() - timedelta(days=2))

    result = app.test_cli_runner().invoke(args=["reminders", "send"])

    assert result.exit_code == 0, result.output
    assert "No channel configured" in result.output
    assert Delivery.objects.count() == 0
