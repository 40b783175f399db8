"""Recording the audit trail, free of HTTP: whoever acts (a request, the CLI, the worker) says so
with `acting_as` (or `begin`, for a request), and whatever touches patient data calls `record`,
or `concerns` when the outcome is only known once the request has been answered."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from bson import ObjectId

from exercise_tracker.models.audit import AuditAction, AuditEvent
from exercise_tracker.models.base import utcnow


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where; `user_id` None for the system itself."""

    user_id: ObjectId | None = None
    role: str | None = None
    address: str | None = None
    request_id: str | None = None


@dataclass
class Concern:
    """A look at (or change of) one patient's data, waiting for the request's outcome."""

    patient_id: ObjectId | None
    resource_id: str | None
    action: AuditAction | None
    resource: str | None


SYSTEM = Actor(role="system")
_current: ContextVar[Actor] = ContextVar("audit_actor", default=SYSTEM)
# The concerns of the request in progress; None outside a request.
_pending: ContextVar[list[Concern] | None] = ContextVar("audit_pending", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get()


def set_actor(actor: Actor) -> None:
    """Who acts for the rest of the request in progress (once its caller is known)."""
    _current.set(actor)


def record(
    action: AuditAction,
    resource: str,
    patient_id: ObjectId | None,
    *,
    resource_id=None,
    outcome: int = 200,
) -> AuditEvent:
    """Appends one event for the current actor."""
    document = _document(Concern(patient_id, resource_id, action, resource), None, outcome)
    AuditEvent._get_collection().insert_one(document)
    return AuditEvent._from_son(document)


def _document(concern: Concern, default_action, outcome: int, resource: str | None = None):
    """The stored form of one event, written as is: an event is built on every request that
    touches patient data, so it skips the document layer's per-field work."""
    actor = current_actor()
    fields = {
        "at": utcnow(),
        "actor_id": actor.user_id,
        "actor_role": actor.role,
        "action": AuditAction(concern.action or default_action).value,
        "resource": (concern.resource or resource or "unknown")[:64],
        "resource_id": None if concern.resource_id is None else str(concern.resource_id)[:64],
        "patient_id": None if concern.patient_id is None else ObjectId(concern.patient_id),
        "address": None if actor.address is None else actor.address[:64],
        "request_id": None if actor.request_id is None else actor.request_id[:64],
        "outcome": int(outcome),
    }
    return {"_id": ObjectId(), **{key: value for key, value in fields.items() if value is not None}}


def begin(actor: Actor) -> None:
    """A request starts: its concerns are gathered until `finish` gives their outcome."""
    _current.set(actor)
    _pending.set([])


def concerns(patient_id, resource_id=None, *, action=None, resource=None) -> None:
    """This request reads or changes `patient_id`'s data (`resource_id` the document). Within a
    request it is recorded with the request's outcome; outside one, at once."""
    pending = _pending.get()
    concern = Concern(
        patient_id, None if resource_id is None else str(resource_id), action, resource
    )
    if pending is None:
        record(
            action or AuditAction.READ, resource or "unknown", patient_id, resource_id=resource_id
        )
        return
    for index, earlier in enumerate(pending):
        if (earlier.patient_id, earlier.resource_id) == (patient_id, concern.resource_id):
            if action is not None:
                pending[index] = concern  # a named action (export, erase) says more
            elif earlier.resource is None and resource is not None:
                earlier.resource = resource  # the service names what the route only checked
            return
    pending.append(concern)


def finish(outcome: int, action: AuditAction, resource: str | None) -> int:
    """The request was answered `outcome`: records its concerns (`action` and `resource` where
    they named none) in one write; answers how many."""
    pending = _pending.get() or []
    _pending.set(None)
    events = [_document(concern, action, outcome, resource) for concern in pending]
    if events:
        AuditEvent._get_collection().insert_many(events, ordered=False)
    _current.set(SYSTEM)
    return len(events)


def pseudonymise(patient_id: ObjectId, resource_ids) -> ObjectId:
    """An erased patient's trail stays, under a fresh id that names no one, without the ids of
    their documents or the addresses they acted from. Answers the pseudonym."""
    pseudonym = ObjectId()
    AuditEvent.objects(patient_id=patient_id).update(
        set__patient_id=pseudonym, unset__resource_id=True
    )
    AuditEvent.objects(actor_id=patient_id).update(set__actor_id=pseudonym, unset__address=True)
    named = [str(each) for each in resource_ids]
    if named:
        AuditEvent.objects(resource_id__in=named).update(unset__resource_id=True)
    for concern in _pending.get() or []:
        if concern.patient_id == patient_id:
            concern.patient_id, concern.resource_id = pseudonym, None
    if current_actor().user_id == patient_id:
        _current.set(Actor(pseudonym, current_actor().role, None, current_actor().request_id))
    return pseudonym


def trail_of(patient_id: ObjectId):
    """A patient's trail, newest first."""
    return AuditEvent.objects(patient_id=patient_id).order_by("-at", "-id")


def export_lines(since: datetime | None) -> Iterator[str]:
    """The trail from `since` (all of it when None), oldest first, one JSON object a line."""
    query = AuditEvent.objects(at__gte=since) if since else AuditEvent.objects
    for event in query.order_by("at", "id"):
        yield json.dumps(
            {
                "id": str(event.id),
                "at": event.at.isoformat(timespec="milliseconds") + "Z",
                "actor_id": None if event.actor_id is None else str(event.actor_id),
                "actor_role": event.actor_role,
                "action": event.action,
                "resource": event.resource,
                "resource_id": event.resource_id,
                "patient_id": None if event.patient_id is None else str(event.patient_id),
                "address": event.address,
                "request_id": event.request_id,
                "outcome": event.outcome,
            },
            sort_keys=True,
        )
