"""Claiming a delivery under its unique key, then sending it on each configured channel.

At most once: the key is inserted before anything is sent (a second worker, a retried sweep or a
restart finds it taken), and each channel is taken from `pending` to `sending` atomically before
its send, so two senders never both send it. A transient failure goes back to `pending` for the
retry; with Redis the retry is RQ's, with backoff, else the next sweep's.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from mongoengine.errors import NotUniqueError
from redis.exceptions import RedisError
from rq import Queue, Retry, get_current_job

from exercise_tracker.extensions.redis import redis_connection
from exercise_tracker.models import AuditAction, Delivery, User
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.delivery import Channel, ChannelStatus, DeliveryAttempt
from exercise_tracker.notifications.email import send_email
from exercise_tracker.notifications.errors import DeliveryFailed
from exercise_tracker.notifications.settings import NotificationSettings
from exercise_tracker.notifications.webhook import post_webhook
from exercise_tracker.services import audit

log = logging.getLogger(__name__)

DELIVERY_JOB = "exercise_tracker.notifications.dispatch.deliver_job"


@dataclass(frozen=True)
class Notice:
    """Something to tell one person, under the key that makes it unique."""

    key: str
    kind: str
    recipient_id: object
    patient_id: object
    subject: str
    text: str
    exercise_id: object = None
    local_date: date | None = None


def notification_settings() -> NotificationSettings:
    return NotificationSettings.from_config(current_app.config)


def notification_queue(app=None) -> Queue:
    """Beside the analysis queue, so a backlog of videos does not hold reminders back."""
    app = app or current_app
    return Queue(f"{app.config['QUEUE_NAME']}-notifications", connection=redis_connection(app))


def claim(notice: Notice, settings: NotificationSettings) -> Delivery | None:
    """Inserts the delivery under its key; None when another sender already has it."""
    statuses = {
        f"{channel.value}_status": ChannelStatus.PENDING.value for channel in settings.channels
    }
    delivery = Delivery(
        key=notice.key,
        kind=notice.kind,
        recipient_id=notice.recipient_id,
        patient_id=notice.patient_id,
        exercise_id=notice.exercise_id,
        local_date=notice.local_date.isoformat() if notice.local_date else None,
        subject=notice.subject[:200],
        text=notice.text[:2000],
        **statuses,
    )
    try:
        delivery.save(force_insert=True)
    except NotUniqueError:
        return None
    audit.record(AuditAction.CREATE, "delivery", notice.patient_id, resource_id=delivery.id)
    return delivery


def deliver(notice: Notice, settings: NotificationSettings) -> Delivery | None:
    """Claims the notice and sends it (or queues its sending); None if it was already claimed."""
    delivery = claim(notice, settings)
    if delivery is not None:
        for channel in settings.channels:
            _start(delivery, channel, settings)
    return delivery


def _start(delivery: Delivery, channel: Channel, settings: NotificationSettings) -> None:
    config = current_app.config
    if not config["REDIS_URL"]:
        _send_now(delivery, channel, settings)
        return
    intervals = list(settings.retry_intervals_s)
    try:
        notification_queue().enqueue(
            DELIVERY_JOB,
            str(delivery.id),
            channel.value,
            job_timeout=120,
            result_ttl=config["JOB_RESULT_TTL_S"],
            failure_ttl=config["JOB_FAILURE_TTL_S"],
            retry=Retry(max=len(intervals), interval=intervals) if intervals else None,
            description=f"deliver {delivery.kind} {delivery.id} by {channel.value}",
        )
    except RedisError as error:
        log.warning("queue unavailable, sending %s now: %s", delivery.id, type(error).__name__)
        _send_now(delivery, channel, settings)


def _send_now(delivery: Delivery, channel: Channel, settings: NotificationSettings) -> None:
    """In this process; a transient failure stays pending for `retry_pending`."""
    try:
        send(str(delivery.id), channel, will_retry=bool(settings.retry_intervals_s))
    except DeliveryFailed:
        pass  # logged


def deliver_job(delivery_id: str, channel: str) -> str:
    """RQ's entry point; raising a transient failure lets RQ retry it after its interval."""
    job = get_current_job()
    return send(delivery_id, Channel(channel), will_retry=bool(job and job.retries_left))


def _log(delivery_id, channel: Channel, status: ChannelStatus, outcome: str) -> None:
    Delivery.objects(id=delivery_id).update_one(
        **{f"set__{channel.value}_status": status.value},
        push__attempts=DeliveryAttempt(channel=channel.value, outcome=outcome),
        set__updated_at=utcnow(),
    )


def send(delivery_id: str, channel: Channel, *, will_retry: bool) -> str:
    """One attempt on one channel; answers its outcome. A transient failure that will be
    retried is re-raised after it is logged."""
    field = f"{channel.value}_status"
    taken = Delivery.objects(id=delivery_id, **{field: ChannelStatus.PENDING.value}).update_one(
        **{f"set__{field}": ChannelStatus.SENDING.value}
    )
    if not taken:
        return "not pending"
    delivery = Delivery.objects(id=delivery_id).first()
    if delivery is None:
        return "erased"
    recipient = User.objects(id=delivery.recipient_id).first()
    try:
        if recipient is None or not recipient.is_active:
            raise DeliveryFailed("recipient gone", retryable=False)
        _send_on(channel, delivery, recipient)
    except DeliveryFailed as failure:
        again = failure.retryable and will_retry
        status = ChannelStatus.PENDING if again else ChannelStatus.FAILED
        _log(delivery.id, channel, status, failure.outcome)
        log.warning(
            "%s %s by %s: %s%s",
            delivery.kind,
            delivery.id,
            channel.value,
            failure.outcome,
            " (will retry)" if again else "",
        )
        if again:
            raise
        return failure.outcome
    except Exception:
        # A fault of ours, not of the channel: recorded, and the sweep goes on with the rest.
        log.exception("%s %s by %s failed unexpectedly", delivery.kind, delivery.id, channel.value)
        _log(delivery.id, channel, ChannelStatus.FAILED, "unexpected error")
        return "unexpected error"
    _log(delivery.id, channel, ChannelStatus.SENT, "sent")
    log.info("%s %s sent by %s", delivery.kind, delivery.id, channel.value)
    return "sent"


def _send_on(channel: Channel, delivery: Delivery, recipient: User) -> None:
    settings = notification_settings()
    if channel is Channel.EMAIL and settings.email is not None:
        send_email(
            settings.email, recipient.email, delivery.subject, delivery.text, str(delivery.id)
        )
    elif channel is Channel.WEBHOOK and settings.webhook is not None:
        post_webhook(settings.webhook, webhook_payload(delivery, recipient), str(delivery.id))
    else:
        raise DeliveryFailed(f"{channel.value} is no longer configured", retryable=False)


def webhook_payload(delivery: Delivery, recipient: User) -> dict:
    """What the clinic's receiver gets: enough to relay the notice (an SMS gateway, a chat)."""
    return {
        "delivery_id": str(delivery.id),
        "kind": delivery.kind,
        "created_at": delivery.created_at.isoformat() + "Z",
        "recipient": {
            "id": str(recipient.id),
            "role": recipient.role,
            "email": recipient.email,
            "full_name": recipient.full_name,
        },
        "patient_id": str(delivery.patient_id),
        "exercise_id": str(delivery.exercise_id) if delivery.exercise_id else None,
        "local_date": delivery.local_date,
        "subject": delivery.subject,
        "text": delivery.text,
    }


def retry_pending(settings: NotificationSettings, now: datetime) -> int:
    """Without Redis, a transient failure waits for a later sweep: a channel still `pending`
    after its attempts is tried again once its backoff interval has passed."""
    intervals = settings.retry_intervals_s
    retried = 0
    for channel in settings.channels:
        field = f"{channel.value}_status"
        for delivery in Delivery.objects(**{field: ChannelStatus.PENDING.value}):
            tries = [a for a in delivery.attempts if a.channel == channel.value]
            if not tries or len(tries) > len(intervals):
                continue
            wait = timedelta(seconds=intervals[len(tries) - 1])
            if wait and now < tries[-1].at + wait:
                continue
            try:
                send(str(delivery.id), channel, will_retry=len(tries) < len(intervals))
            except DeliveryFailed:
                pass  # logged; tried again by a later sweep
            retried += 1
    return retried
