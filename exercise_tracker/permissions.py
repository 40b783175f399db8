"""Who may see and change what. The rules are written down in the README; which documents a
person may see is each document's `visible_to(viewer)`, and this module answers with it.

A thing the caller may not see is not found, exactly as if it did not exist, so that probing ids
reveals nothing; forbidden is kept for things the caller can already see or for role-level
refusals. Every check of access to a patient's data notes it for the audit trail, which records
it with the request's outcome (a refusal included).
"""

from exercise_tracker.models import Exercise, User, Video
from exercise_tracker.services.audit import concerns
from exercise_tracker.services.errors import Forbidden, NotFound


def _visible_or_404(document, viewer: User, document_id, what: str, patient_of):
    """The document if the viewer may see it; either way, whose data was asked for is noted."""
    found = document.objects.visible_to(viewer).filter(id=document_id).first()
    if found is None:
        hidden = document.objects(id=document_id).first()
        concerns(patient_of(hidden) if hidden is not None else None, document_id)
        raise NotFound(f"{what} not found.")
    concerns(patient_of(found), document_id)
    return found


def readable_user_or_404(viewer: User, user_id) -> User:
    """Only a patient's account is patient data: reading a doctor's profile is not audited."""
    found = User.objects.visible_to(viewer).filter(id=user_id).first()
    if found is None or found.is_patient:
        concerns(user_id)
    if found is None:
        raise NotFound("User not found.")
    return found


def readable_exercise_or_404(viewer: User, exercise_id) -> Exercise:
    return _visible_or_404(
        Exercise, viewer, exercise_id, "Exercise", lambda exercise: exercise.assigned_to
    )


def readable_video_or_404(viewer: User, video_id) -> Video:
    return _visible_or_404(Video, viewer, video_id, "Video", lambda video: video.patient_id)


def require_patient_access(viewer: User, patient_id) -> None:
    """The patient themself, or a doctor treating them; anyone else sees nothing (not found)."""
    concerns(patient_id)
    if viewer.id != patient_id and not treats(viewer, patient_id):
        raise NotFound("Patient not found.")


def treats(doctor: User, patient_id) -> bool:
    """A doctor treats a patient once they have assigned them an exercise."""
    return (
        doctor.is_doctor
        and doctor.id != patient_id
        and User.objects.visible_to(doctor).filter(id=patient_id).count() > 0
    )


def require_self(viewer: User, user_id, what: str) -> None:
    if viewer.id != user_id:
        raise Forbidden(f"You may only {what} your own account.")
