"""A week of simulated time, swept every half hour by two senders at once, for two patients in
different time zones, against a real SMTP server and webhook receiver: exactly the expected
reminders, missed-session notice and alerts arrive, once each, signed, outside quiet hours,
and nothing after the patient opted out."""

import json
from datetime import datetime, timedelta

import pytest
from bson import ObjectId

from exercise_tracker.models import Delivery, Exercise
from exercise_tracker.notifications.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from exercise_tracker.reminders.sweep import send_due
from tests.factories import stored_video
from tests.notifications.servers import WEBHOOK_SECRET, channel_settings

START = datetime(2026, 12, 7)  # Monday 00:00 UTC: 01:00 in Berlin, Sunday 16:00 in Los Angeles
END = START + timedelta(days=7)
STEP = timedelta(minutes=30)
# The sweeps stop twice: once in Berlin's morning (the reminder goes late), once in Los
# Angeles' evening (the sweep is back in quiet hours, and the day's reminder is dropped).
OUTAGES = [
    (datetime(2026, 12, 10, 6, 30), datetime(2026, 12, 10, 9, 0)),
    (datetime(2026, 12, 11, 2, 30), datetime(2026, 12, 11, 5, 30)),
]


@pytest.fixture
def config_overrides(smtp_server, webhook_receiver):
    return {
        **channel_settings(smtp_server, webhook_receiver),
        "REDIS_URL": None,
        "ALERT_INACTIVE_DAYS": 4,
        "MISSED_SESSIONS_NOTICE": 3,
    }


def set_preferences(client, person, **preferences):
    answer = client.put("/api/v1/reminders/preferences", json=preferences, headers=person.headers)
    assert answer.status_code == 200, answer.json


def test_a_week_of_reminders_notices_and_alerts(
    app, client, register, assign, smtp_server, webhook_receiver
):
    doctor = register("Doctor", full_name="Dr Weiss")
    berlin = register("Patient", full_name="Anna Berlin")
    los_angeles = register("Patient", full_name="Bob Angeles")
    set_preferences(client, doctor, time_zone="UTC", quiet_start="20:00", quiet_end="06:00")
    set_preferences(
        client,
        berlin,
        local_time="08:00",
        time_zone="Europe/Berlin",
        quiet_start="22:00",
        quiet_end="07:00",
    )
    set_preferences(
        client,
        los_angeles,
        local_time="19:00",
        time_zone="America/Los_Angeles",
        quiet_start="21:00",
        quiet_end="08:00",
    )
    daily = assign(doctor, berlin, name="Squats", frequency_per_week=7)
    thrice = assign(doctor, los_angeles, name="Lunges", frequency_per_week=3)
    Exercise.objects(id__in=[daily["id"], thrice["id"]]).update(set__assigned_date=START)

    def upload(exercise, pain=None):
        return lambda: stored_video(app, exercise, pain=pain).update(set__upload_date=now)

    events = {
        datetime(2026, 12, 8, 5, 0): upload(daily, pain=8),  # 06:00 in Berlin, high pain
        datetime(2026, 12, 8, 18, 0): upload(thrice),  # 10:00 and 12:00 in Los Angeles
        datetime(2026, 12, 8, 20, 0): upload(thrice),
        datetime(2026, 12, 11, 12, 0): lambda: set_preferences(client, berlin, enabled=False),
    }
    arrived = []  # (sweep time, recipient, kind) of each e-mail
    now = START
    with app.app_context():
        while now < END:
            if now in events:
                events.pop(now)()
            if not any(start <= now < end for start, end in OUTAGES):
                seen = len(smtp_server.messages)
                send_due(now)
                send_due(now)  # a second worker sweeping at the same moment
                for recipients, email in smtp_server.messages[seen:]:
                    delivery = Delivery.objects(id=email["X-Exercise-Tracker-Delivery"]).first()
                    arrived.append((now, recipients[0], delivery.kind))
            now += STEP

    at = datetime
    assert arrived == [
        (at(2026, 12, 7, 3, 0), los_angeles.email, "reminder"),  # Sunday 19:00 there
        (at(2026, 12, 7, 7, 0), berlin.email, "reminder"),  # Monday 08:00 there
        # Tuesday: Anna uploaded at 06:00, before her reminder; the pain alert waits for the
        # end of the doctor's quiet hours.
        (at(2026, 12, 8, 6, 0), doctor.email, "alert"),
        (at(2026, 12, 9, 7, 0), berlin.email, "reminder"),
        (at(2026, 12, 10, 9, 0), berlin.email, "reminder"),  # late: the sweeps were down
        # Bob's Thursday reminder was due at 03:00 UTC, in the outage; by 05:30 his quiet
        # hours had begun, and the day ended in them: dropped.
        (at(2026, 12, 11, 6, 0), doctor.email, "missed_sessions"),  # Anna missed Mon, Wed, Thu
        (at(2026, 12, 11, 7, 0), berlin.email, "reminder"),
        # Anna opted out at 12:00: no reminders on Saturday or Sunday.
        (at(2026, 12, 12, 6, 0), doctor.email, "alert"),  # Anna: no upload for four days
        (at(2026, 12, 13, 6, 0), doctor.email, "alert"),  # Bob: the same, from his last
    ]

    deliveries = {str(d.id): d for d in Delivery.objects}
    assert len(deliveries) == len(arrived)
    assert {d.email_status for d in deliveries.values()} == {"sent"}
    hooks = webhook_receiver.received
    assert sorted(webhook_receiver.deliveries()) == sorted(deliveries)  # each once
    for hook in hooks:
        assert verify(
            WEBHOOK_SECRET,
            hook.body,
            hook.headers[TIMESTAMP_HEADER],
            hook.headers[SIGNATURE_HEADER],
        )
        payload = json.loads(hook.body)
        assert payload["kind"] == deliveries[payload["delivery_id"]].kind
    alerts = [d for d in deliveries.values() if d.kind == "alert"]
    assert sorted(d.subject for d in alerts) == [
        "Alert: Anna Berlin",
        "Alert: Anna Berlin",
        "Alert: Bob Angeles",
    ]
    reminders = [d for d in deliveries.values() if d.kind == "reminder"]
    assert sorted(d.local_date for d in reminders if d.recipient_id == ObjectId(berlin.id)) == [
        "2026-12-07",
        "2026-12-09",
        "2026-12-10",
        "2026-12-11",
    ]
