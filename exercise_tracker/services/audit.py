"""Recording the audit trail, free of HTTP: whoever acts (a request, the CLI, the worker) says so
once with `acting_as`, and every service that touches patient data calls `record`."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bson import ObjectId

from exercise_tracker.models.audit import AuditAction, AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where; `user_id` None for the system itself."""

    user_id: ObjectId | None = None
    role: str | None = None
    address: str | None = None
    request_id: str | None = None


SYSTEM = Actor(role="system")
_current: ContextVar[Actor] = ContextVar("audit_actor", default=SYSTEM)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get()


def record(
    action: AuditAction,
    resource: str,
    patient_id: ObjectId | None,
    *,
    resource_id=None,
    outcome: int = 200,
) -> AuditEvent:
    """Appends one event for the current actor."""
    actor = current_actor()
    return AuditEvent(
        actor_id=actor.user_id,
        actor_role=actor.role,
        action=AuditAction(action).value,
        resource=resource,
        resource_id=None if resource_id is None else str(resource_id),
        patient_id=patient_id,
        address=actor.address,
        request_id=actor.request_id,
        outcome=outcome,
    ).save(force_insert=True)
