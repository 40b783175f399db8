"""Conversations: one per patient, between the patient and the doctors who treat them.

The patient and a treating doctor read and write all of it. A doctor who no longer treats the
patient keeps read access to what they wrote, and cannot write; anyone else sees nothing.
"""

from collections import Counter
from dataclasses import dataclass

from exercise_tracker.models import AuditAction, Exercise, Message, User, Video
from exercise_tracker.permissions import treats
from exercise_tracker.services import audit


class ConversationNotFound(Exception):
    """Not the caller's to see (answered as if it did not exist)."""


class ConversationReadOnly(Exception):
    """The caller may read what they wrote here but no longer write."""


class InvalidReference(ValueError):
    """A message may only be about an exercise or a video of this patient the sender sees."""

    def __init__(self, field: str):
        super().__init__(f"Not an {field.removesuffix('_id')} of this patient that you can see.")
        self.field = field


@dataclass(frozen=True)
class Access:
    patient_id: object
    can_write: bool
    only_own: bool  # a former doctor: what they wrote, nothing else


def access(viewer: User, patient_id) -> Access:
    if viewer.id == patient_id and viewer.is_patient:
        return Access(patient_id, can_write=True, only_own=False)
    if viewer.is_doctor:
        if treats(viewer, patient_id):
            return Access(patient_id, can_write=True, only_own=False)
        if Message.objects(patient_id=patient_id, author_id=viewer.id).only("id").first():
            return Access(patient_id, can_write=False, only_own=True)
    raise ConversationNotFound


def _visible(viewer: User, allowed: Access):
    query = Message.objects(patient_id=allowed.patient_id)
    return query.filter(author_id=viewer.id) if allowed.only_own else query


def _unread(viewer: User, allowed: Access):
    """What others wrote that the viewer has not read (nothing, for a former doctor)."""
    if allowed.only_own:
        return Message.objects(patient_id=allowed.patient_id).none()
    return Message.objects(
        patient_id=allowed.patient_id, author_id__ne=viewer.id, read_by__ne=viewer.id
    )


def conversation(viewer: User, patient_id, *, unread_only: bool = False):
    """The messages the viewer may read, newest first (a query set, for paging)."""
    allowed = access(viewer, patient_id)
    query = _unread(viewer, allowed) if unread_only else _visible(viewer, allowed)
    audit.concerns(patient_id, resource="conversation")
    return query.order_by("-sent_at", "-id")


def _check_references(viewer: User, patient_id, exercise_id, video_id) -> None:
    if exercise_id is not None:
        exercises = Exercise.objects.visible_to(viewer)
        if not exercises.filter(id=exercise_id, assigned_to=patient_id).count():
            raise InvalidReference("exercise_id")
    if video_id is not None:
        if not Video.objects.visible_to(viewer).filter(id=video_id, patient_id=patient_id).count():
            raise InvalidReference("video_id")


def send(viewer: User, patient_id, body: str, exercise_id=None, video_id=None) -> Message:
    if not access(viewer, patient_id).can_write:
        raise ConversationReadOnly
    _check_references(viewer, patient_id, exercise_id, video_id)
    message = Message(
        patient_id=patient_id,
        author_id=viewer.id,
        author_role=viewer.role,
        body=body,
        exercise_id=exercise_id,
        video_id=video_id,
    ).save(force_insert=True)
    audit.record(AuditAction.CREATE, "message", patient_id, resource_id=message.id)
    return message


def mark_read(viewer: User, patient_id, up_to=None) -> int:
    """Marks what others wrote as read by the viewer (up to a message, else all); answers how
    many were newly read."""
    allowed = access(viewer, patient_id)
    query = _unread(viewer, allowed)
    if up_to is not None:
        last = _visible(viewer, allowed).filter(id=up_to).first()
        if last is None:
            raise InvalidReference("up_to")
        query = query.filter(sent_at__lte=last.sent_at)
    marked = query.update(add_to_set__read_by=viewer.id)
    audit.record(AuditAction.UPDATE, "conversation", patient_id)
    return marked


def unread_by_patient(viewer: User, patient_ids) -> Counter:
    """Messages others wrote that the viewer has not read, per conversation."""
    unread = Message.objects(
        patient_id__in=list(patient_ids), author_id__ne=viewer.id, read_by__ne=viewer.id
    ).only("patient_id")
    return Counter(message.patient_id for message in unread)


def unread_count(viewer: User) -> int:
    """All unread messages across the conversations the viewer reads in full: their own, or,
    for a doctor, those of the patients they treat."""
    if viewer.is_patient:
        return unread_by_patient(viewer, [viewer.id])[viewer.id]
    treated = Exercise.objects(assigned_by=viewer.id).distinct("assigned_to")
    return sum(unread_by_patient(viewer, treated).values())
