"""The two channels against real receivers: an e-mail over SMTP, a signed webhook, failures
told apart (retry or give up), and the at-most-once claim."""

import json
import time

import pytest
from bson import ObjectId

from exercise_tracker.models import Delivery
from exercise_tracker.notifications import dispatch
from exercise_tracker.notifications.webhook import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
    verify,
)
from tests.notifications.servers import WEBHOOK_SECRET, channel_settings


@pytest.fixture
def config_overrides(smtp_server, webhook_receiver):
    return {**channel_settings(smtp_server, webhook_receiver), "REDIS_URL": None}


def notice(patient_id, key="reminder:test:1") -> dispatch.Notice:
    return dispatch.Notice(
        key=key,
        kind="reminder",
        recipient_id=patient_id,
        patient_id=patient_id,
        subject="Reminder: Squats today",
        text="A session of Squats is due today.",
    )


def test_one_notice_goes_by_email_and_signed_webhook_once(
    app, patient, smtp_server, webhook_receiver
):

    with app.app_context():
        settings = dispatch.notification_settings()
        delivery = dispatch.deliver(notice(ObjectId(patient.id)), settings)
        again = dispatch.deliver(notice(ObjectId(patient.id)), settings)

    assert again is None  # the key was taken: nothing sent twice
    [(recipients, email)] = smtp_server.messages
    assert recipients == [patient.email]
    assert email["Subject"] == "Reminder: Squats today"
    assert email["X-Exercise-Tracker-Delivery"] == str(delivery.id)
    assert "Squats is due today" in email.get_content()

    [hook] = webhook_receiver.received
    assert verify(
        WEBHOOK_SECRET, hook.body, hook.headers[TIMESTAMP_HEADER], hook.headers[SIGNATURE_HEADER]
    )
    payload = json.loads(hook.body)
    assert payload["delivery_id"] == str(delivery.id)
    assert payload["recipient"]["email"] == patient.email and payload["kind"] == "reminder"

    stored = Delivery.objects(id=delivery.id).first()
    assert (stored.email_status, stored.webhook_status) == ("sent", "sent")
    assert [a.outcome for a in stored.attempts] == ["sent", "sent"]


def test_verify_refuses_forged_tampered_and_replayed_requests():
    body = b'{"kind":"reminder"}'
    now = int(time.time())
    good = signature(WEBHOOK_SECRET, now, body)
    assert verify(WEBHOOK_SECRET, body, str(now), good)
    assert not verify("another-secret", body, str(now), good)
    assert not verify(WEBHOOK_SECRET, body + b" ", str(now), good)
    assert not verify(WEBHOOK_SECRET, body, str(now + 1), good)  # timestamp is signed
    old = now - 301
    assert not verify(WEBHOOK_SECRET, body, str(old), signature(WEBHOOK_SECRET, old, body))
    assert not verify(WEBHOOK_SECRET, body, None, good)


def test_a_busy_receiver_is_retried_and_a_refusal_is_final(app, patient, webhook_receiver):

    webhook_receiver.failures = [503, 429]
    with app.app_context():
        settings = dispatch.notification_settings()
        delivery = dispatch.deliver(notice(ObjectId(patient.id)), settings)
        assert Delivery.objects(id=delivery.id).first().webhook_status == "pending"
        retried = dispatch.retry_pending(settings, delivery.created_at)
        retried += dispatch.retry_pending(settings, delivery.created_at)
    stored = Delivery.objects(id=delivery.id).first()
    webhook = [a.outcome for a in stored.attempts if a.channel == "webhook"]
    assert webhook == ["HTTP 503", "HTTP 429", "sent"] and retried == 2
    assert stored.webhook_status == "sent" and len(webhook_receiver.received) == 1

    webhook_receiver.failures = [400]
    with app.app_context():
        refused = dispatch.deliver(notice(ObjectId(patient.id), key="reminder:test:2"), settings)
        assert dispatch.retry_pending(settings, refused.created_at) == 0
    stored = Delivery.objects(id=refused.id).first()
    assert stored.webhook_status == "failed"
    assert [a.outcome for a in stored.attempts if a.channel == "webhook"] == ["HTTP 400"]


def test_an_smtp_server_that_is_down_leaves_the_email_pending(app, patient, smtp_server):

    app.config["SMTP_PORT"] = 1  # nothing listens there
    with app.app_context():
        delivery = dispatch.deliver(notice(ObjectId(patient.id)), dispatch.notification_settings())
    stored = Delivery.objects(id=delivery.id).first()
    assert stored.email_status == "pending"
    assert stored.attempts[0].outcome == "ConnectionRefusedError"
    assert smtp_server.messages == []
