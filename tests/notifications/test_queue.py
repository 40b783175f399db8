"""Through RQ on a real Redis: a webhook retried with backoff until it goes, each attempt
logged, and the sweep scheduled on RQ's scheduler once however many workers start."""

import pytest
from bson import ObjectId
from rq import SimpleWorker
from rq.registry import ScheduledJobRegistry

from exercise_tracker.jobs.queue import redis_connection
from exercise_tracker.models import Delivery
from exercise_tracker.notifications import dispatch
from exercise_tracker.reminders.periodic import SWEEP_JOB, schedule_next_sweep
from tests.notifications.servers import channel_settings


@pytest.fixture
def config_overrides(smtp_server, webhook_receiver):
    return channel_settings(smtp_server, webhook_receiver)


@pytest.fixture
def queue(app):
    queue = dispatch.notification_queue(app)
    queue.empty()
    yield queue
    queue.empty()
    registry = ScheduledJobRegistry(queue=queue)
    for job_id in registry.get_job_ids():
        registry.remove(job_id, delete_job=True)


def work(app, queue):
    with app.app_context():
        SimpleWorker([queue], connection=redis_connection(app)).work(burst=True)


def test_a_failing_webhook_is_retried_by_rq_until_it_goes(
    app, queue, patient, smtp_server, webhook_receiver
):
    webhook_receiver.failures = [503, 502]
    with app.app_context():
        delivery = dispatch.deliver(
            dispatch.Notice(
                key="reminder:queued",
                kind="reminder",
                recipient_id=ObjectId(patient.id),
                patient_id=ObjectId(patient.id),
                subject="Reminder",
                text="Due today.",
            ),
            dispatch.notification_settings(),
        )
    assert len(queue) == 2  # one job per channel; nothing sent by the sweep itself
    assert smtp_server.messages == [] and webhook_receiver.received == []

    work(app, queue)

    stored = Delivery.objects(id=delivery.id).first()
    assert [a.outcome for a in stored.attempts if a.channel == "webhook"] == [
        "HTTP 503",
        "HTTP 502",
        "sent",
    ]
    assert (stored.email_status, stored.webhook_status) == ("sent", "sent")
    assert webhook_receiver.deliveries() == [str(delivery.id)]
    assert len(smtp_server.messages) == 1


def test_the_sweep_is_scheduled_once_however_many_workers_start(app, queue):
    now = 1_800_000_000.0
    first = schedule_next_sweep(app, now=now)
    second = schedule_next_sweep(app, now=now + 1)  # another worker, a second later
    assert first == second
    registry = ScheduledJobRegistry(queue=queue)
    assert registry.get_job_ids() == [first]
    job = queue.fetch_job(first)
    assert job.func_name == SWEEP_JOB
    interval = app.config["REMINDERS_INTERVAL_S"]
    assert registry.get_scheduled_time(first).timestamp() == (now // interval + 1) * interval


def test_no_sweep_is_scheduled_when_cron_does_it(app, queue):
    app.config["REMINDERS_INTERVAL_S"] = 0
    assert schedule_next_sweep(app) is None
    assert ScheduledJobRegistry(queue=queue).get_job_ids() == []


def test_a_sweep_run_schedules_the_next_one(app, queue):
    from exercise_tracker.reminders.periodic import sweep_job

    with app.app_context():
        report = sweep_job()
    assert report["channels"] == ["email", "webhook"]
    [scheduled] = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert scheduled.startswith("reminders-sweep-")
