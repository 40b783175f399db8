"""A patient's data, whole: exported on request and erased on request, both following the
ownership registry, so a new kind of document is exported and erased once it is registered."""

import logging
from collections import defaultdict

from flask import current_app, url_for

from exercise_tracker.models import AuditAction, Exercise, Picture, User, Video
from exercise_tracker.models.base import utcnow
from exercise_tracker.models.ownership import remove_with_dependents, walk_dependents
from exercise_tracker.services import audit, clinician_time, questionnaires
from exercise_tracker.services.messages import conversation

log = logging.getLogger(__name__)


def public_url(endpoint: str, **values) -> str:
    """An absolute link from PUBLIC_URL, or a relative one without it; never from the request's
    Host header, which the caller chooses."""
    path = url_for(endpoint, **values)
    base = current_app.config["PUBLIC_URL"]
    return f"{base}{path}" if base else path


def picture_link(picture: Picture) -> str | None:
    """Where a kept picture is served, from its key (`video/<id>/<kind>`, `progress/<id>/…`)."""
    parts = picture.key.split("/")
    if parts[0] == "video" and len(parts) == 3 and parts[2] in ("preview", "chart"):
        endpoint = "videos.VideoPreviewViews" if parts[2] == "preview" else "videos.VideoChartViews"
        return public_url(endpoint, video_id=parts[1])
    if parts[0] == "progress" and picture.patient_id is not None:
        return public_url("progress.PatientChartViews", patient_id=picture.patient_id)
    return None


def _exported(viewer: User, patient: User) -> dict[str, list]:
    """Every exported document the registry hangs on the patient (for the patient) or on the
    exercises the doctor assigned them (for a doctor), by collection."""
    if viewer.id == patient.id:
        found = walk_dependents(User, [patient.id])
    else:
        exercises = list(Exercise.objects(assigned_to=patient.id, assigned_by=viewer.id))
        found = [(Exercise, exercise) for exercise in exercises]
        found += list(walk_dependents(Exercise, [exercise.id for exercise in exercises]))
    by_collection: dict[str, list] = defaultdict(list)
    for kind, document in found:
        if isinstance(document, Picture) and viewer.id != patient.id and document.video_id is None:
            continue  # a chart of the whole patient shows other doctors' exercises too
        by_collection[kind._get_collection_name()].append(document)
    for documents in by_collection.values():
        documents.sort(key=lambda document: document.id)
    return by_collection


def export_patient(viewer: User, patient: User) -> dict:
    exported = _exported(viewer, patient)
    for video in exported.get(Video._get_collection_name(), []):
        video.file_url = (
            public_url("videos.VideoFileViews", video_id=video.id)
            if video.file_deleted_at is None
            else None
        )
    for picture in exported.get(Picture._get_collection_name(), []):
        picture.file_url = picture_link(picture)
    audit.concerns(patient.id, action=AuditAction.EXPORT, resource="export")
    return {
        "exported_at": utcnow(),
        "user": patient,
        **exported,
        # Read as their own services show them (with what is due, for the viewer).
        "questionnaire_assignments": questionnaires.exported(viewer, patient.id),
        "clinician_time": list(clinician_time.entries(patient.id)),
        "messages": list(conversation(viewer, patient.id)),
    }


def erase_patient(patient: User) -> dict:
    """Removes the account and everything the ownership registry hangs on it; answers what went.
    The audit trail stays, naming a pseudonym instead of the patient."""
    named = [patient.id] + [
        document.id for _, document in walk_dependents(User, [patient.id], exported_only=False)
    ]
    files = Video.objects(patient_id=patient.id, file_deleted_at=None).count()
    removed = remove_with_dependents(User, id=patient.id)
    pseudonym = audit.pseudonymise(patient.id, named)
    audit.concerns(pseudonym, action=AuditAction.ERASE, resource="erasure")
    erased = {
        "user_id": str(patient.id),
        "video_files": files,
        "videos": removed["videos"],
        "predictions": removed["predictions"],
        "exercises": removed["exercises"],
        "pictures": removed["pictures"],
    }
    log.info("erased patient %s and %s video(s)", patient.id, erased["videos"])
    return erased
