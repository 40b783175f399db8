"""A patient's data, whole: exported on request and erased on request."""

import logging

from flask import url_for

from exercise_tracker.models import Exercise, Prediction, User, Video
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.ownership import remove_with_dependents
from exercise_tracker.services.messages import conversation

log = logging.getLogger(__name__)


def _visible_exercises(viewer: User, patient: User):
    """The patient sees all of theirs; a doctor only those they assigned."""
    query = Exercise.objects(assigned_to=patient.id)
    return query if viewer.id == patient.id else query.filter(assigned_by=viewer.id)


def export_patient(viewer: User, patient: User) -> dict:
    exercises = list(_visible_exercises(viewer, patient).order_by("assigned_date"))
    exercise_ids = [exercise.id for exercise in exercises]
    videos = list(
        Video.objects(patient_id=patient.id, exercise_id__in=exercise_ids).order_by("upload_date")
    )
    for video in videos:
        video.file_url = (
            url_for("videos.VideoFileViews", video_id=video.id, _external=True)
            if video.file_deleted_at is None
            else None
        )
    predictions = list(Prediction.objects(video_id__in=[video.id for video in videos]))
    return {
        "exported_at": utcnow(),
        "user": patient,
        "exercises": exercises,
        "videos": videos,
        "predictions": predictions,
        "messages": list(conversation(viewer, patient.id)),
    }


def erase_patient(patient: User) -> dict:
    """Removes the account and everything the ownership registry hangs on it; answers what went."""
    files = Video.objects(patient_id=patient.id, file_deleted_at=None).count()
    removed = remove_with_dependents(User, id=patient.id)
    erased = {
        "user_id": str(patient.id),
        "video_files": files,
        "videos": removed["videos"],
        "predictions": removed["predictions"],
        "exercises": removed["exercises"],
    }
    log.info("erased patient %s and %s video(s)", patient.id, erased["videos"])
    return erased
