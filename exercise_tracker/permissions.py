"""Who may see and change what. The rules are written down in the README.

A thing the caller may not see answers 404, exactly as if it did not exist, so that probing ids
reveals nothing; 403 is kept for things the caller can already see or for role-level refusals.
Every check of access to a patient's data notes it for the audit trail, which records it with the
request's outcome (a refusal included).
"""

from flask_smorest import abort

from exercise_tracker.models import Exercise, User
from exercise_tracker.services.audit import concerns


def treats(doctor: User, patient_id) -> bool:
    """A doctor treats a patient once they have assigned them an exercise."""
    return (
        doctor.is_doctor
        and Exercise.objects(assigned_by=doctor.id, assigned_to=patient_id).only("id").first()
        is not None
    )


def can_read_profile(viewer: User, user_id) -> bool:
    return viewer.id == user_id or treats(viewer, user_id)


def readable_user_or_404(viewer: User, user_id) -> User:
    user = User.objects(id=user_id).first() if can_read_profile(viewer, user_id) else None
    if user is None or user.is_patient:
        concerns(user_id)
    if user is None:
        abort(404, message="User not found.")
    return user


def can_read_exercise(viewer: User, exercise: Exercise) -> bool:
    return viewer.id in (exercise.assigned_to, exercise.assigned_by)


def readable_exercise_or_404(viewer: User, exercise_id) -> Exercise:
    exercise = Exercise.objects(id=exercise_id).first()
    concerns(exercise.assigned_to if exercise else None, exercise_id)
    if exercise is None or not can_read_exercise(viewer, exercise):
        abort(404, message="Exercise not found.")
    return exercise


def require_patient_access(viewer: User, patient_id) -> None:
    """The patient themself, or a doctor treating them; anyone else sees nothing (404)."""
    concerns(patient_id)
    if viewer.id != patient_id and not treats(viewer, patient_id):
        abort(404, message="Patient not found.")


def require_self(viewer: User, user_id, what: str) -> None:
    if viewer.id != user_id:
        abort(403, message=f"You may only {what} your own account.")


def can_read_video(viewer: User, video) -> bool:
    """The patient who uploaded it, or the doctor who assigned its exercise."""
    if viewer.id == video.patient_id:
        return True
    return (
        viewer.is_doctor
        and Exercise.objects(id=video.exercise_id, assigned_by=viewer.id).only("id").first()
        is not None
    )


def readable_video_or_404(viewer: User, video_id):
    from exercise_tracker.models import Video

    video = Video.objects(id=video_id).first()
    concerns(video.patient_id if video else None, video_id)
    if video is None or not can_read_video(viewer, video):
        abort(404, message="Video not found.")
    return video
