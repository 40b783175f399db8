"""Who may see and change what. The rules are written down in the README; which documents a
person may see is each document's `visible_to(viewer)`, and this module answers with it.

A thing the caller may not see is not found, exactly as if it did not exist, so that probing ids
reveals nothing; forbidden is kept for things the caller can already see or for role-level
refusals.
"""

from exercise_tracker.models import Exercise, User, Video
from exercise_tracker.services.errors import Forbidden, NotFound


def _visible_or_404(document, viewer: User, document_id, what: str):
    found = document.objects.visible_to(viewer).filter(id=document_id).first()
    if found is None:
        raise NotFound(f"{what} not found.")
    return found


def readable_user_or_404(viewer: User, user_id) -> User:
    return _visible_or_404(User, viewer, user_id, "User")


def readable_exercise_or_404(viewer: User, exercise_id) -> Exercise:
    return _visible_or_404(Exercise, viewer, exercise_id, "Exercise")


def readable_video_or_404(viewer: User, video_id) -> Video:
    return _visible_or_404(Video, viewer, video_id, "Video")


def require_patient_access(viewer: User, patient_id) -> None:
    """The patient themself, or a doctor treating them; anyone else sees nothing (not found)."""
    if viewer.id != patient_id:
        _visible_or_404(User, viewer, patient_id, "Patient")


def require_self(viewer: User, user_id, what: str) -> None:
    if viewer.id != user_id:
        raise Forbidden(f"You may only {what} your own account.")
