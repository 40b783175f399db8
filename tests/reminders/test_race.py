"""Two `flask reminders send` processes racing on one shared store send each reminder once."""

import subprocess
from datetime import timedelta

import pytest

from exercise_tracker.models import Delivery, Exercise
from exercise_tracker.models.base import utcnow
from tests.jobs.conftest import FLASK, ROOT, shared_store_overrides, worker_environment
from tests.notifications.servers import channel_settings

PATIENTS = 8


@pytest.fixture
def config_overrides(tmp_path, smtp_server, webhook_receiver):
    return {
        **shared_store_overrides(tmp_path),
        **channel_settings(smtp_server, webhook_receiver),
        "REDIS_URL": None,
    }


def test_two_processes_sweeping_at_once_send_each_reminder_once(
    app, client, register, doctor, assign, smtp_server, webhook_receiver
):
    patients = [register("Patient") for _ in range(PATIENTS)]
    for patient in patients:
        # Due from midnight UTC: whenever the test runs, today's reminder is due.
        answer = client.put(
            "/api/v1/reminders/preferences",
            json={"local_time": "00:00", "time_zone": "UTC"},
            headers=patient.headers,
        )
        assert answer.status_code == 200
        exercise = assign(doctor, patient, frequency_per_week=7)
        Exercise.objects(id=exercise["id"]).update(
            set__assigned_date=utcnow() - timedelta(days=1, hours=1)
        )
    settings = {**channel_settings(smtp_server, webhook_receiver), "REDIS_URL": ""}
    env = worker_environment(app, **settings)
    senders = [
        subprocess.Popen(
            [*FLASK, "reminders", "send"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], [err for _, err in outputs]

    reminders = Delivery.objects(kind="reminder")
    assert reminders.count() == PATIENTS
    sent = sorted(email["X-Exercise-Tracker-Delivery"] for _, email in smtp_server.messages)
    assert sent == sorted(str(d.id) for d in reminders)  # each once, none twice
    assert sorted(webhook_receiver.deliveries()) == sent
    assert sorted(recipients[0] for recipients, _ in smtp_server.messages) == sorted(
        p.email for p in patients
    )
    # Whichever process claimed each, together they sent each exactly once.
    counted = [int(out.split(" reminder")[0]) for out, _ in outputs]
    assert sum(counted) == PATIENTS, outputs
