"""The two pictures of an analysed video, drawn once per analysis and kept.

Each is keyed by the video and fingerprinted by when its prediction was stored, so reprocessing
a video draws them again. The worker may call `render_video_pictures` after an analysis so the
first view is instant; otherwise the first request draws them.
"""

import logging

from flask import current_app

from config import analysis_settings
from exercise_tracker.models import Exercise, Prediction, Video
from exercise_tracker.pictures.angle_chart import render_angle_chart
from exercise_tracker.pictures.cache import cached_png
from exercise_tracker.pictures.contact_sheet import render_contact_sheet
from exercise_tracker.storage import video_storage

log = logging.getLogger(__name__)


def _key(video: Video, kind: str) -> str:
    return f"video/{video.id}/{kind}"


def _fingerprint(prediction: Prediction) -> str:
    # Milliseconds, as the database keeps them, whether or not the prediction was reloaded.
    return prediction.created_at.isoformat(timespec="milliseconds")


def _title(video: Video) -> str:
    exercise = Exercise.objects(id=video.exercise_id).only("name").first()
    name = exercise.name if exercise else "Exercise"
    return f"{name}, {video.upload_date:%d %b %Y}"


def preview_png(video: Video, prediction: Prediction) -> bytes:
    """The contact sheet; needs the stored file (the caller checks it was not purged)."""

    def render() -> bytes:
        with video_storage().local_copy(video.file_path) as path:
            settings = analysis_settings(current_app.config)
            return render_contact_sheet(path, prediction.result, settings)

    return cached_png(
        _key(video, "preview"),
        _fingerprint(prediction),
        render,
        video.id,
        patient_id=video.patient_id,
    )


def chart_png(video: Video, prediction: Prediction) -> bytes:
    """The angle chart; drawn from the analysis alone, so it outlives the file."""

    def render() -> bytes:
        return render_angle_chart(prediction.result, _title(video))

    return cached_png(
        _key(video, "chart"),
        _fingerprint(prediction),
        render,
        video.id,
        patient_id=video.patient_id,
    )


def render_video_pictures(video: Video, prediction: Prediction) -> bool:
    """Draws and keeps both pictures of a freshly analysed video (for the analysis worker).

    Never raises: a picture that cannot be drawn now must not fail the analysis, and the first
    request for it tries again. Answers whether both were drawn.
    """
    try:
        chart_png(video, prediction)
        if video.file_deleted_at is None:
            preview_png(video, prediction)
    except Exception:
        log.exception("pictures of video %s could not be drawn", video.id)
        return False
    return True
