"""Upload and analyse: `POST /api/v1/predict/`, and the videos of an exercise."""

import threading
import time
from contextlib import contextmanager

from flask import Flask, current_app, url_for
from flask.views import MethodView
from flask_smorest import abort

from exercise_tracker import permissions
from exercise_tracker.auth import caller_key, current_user, login_required
from exercise_tracker.errors import accepts_multipart
from exercise_tracker.extensions import limiter
from exercise_tracker.extensions.smorest import Blueprint
from exercise_tracker.models import Exercise, Role, Video, VideoStatus
from exercise_tracker.resources.predict.schemas import (
    UploadQueryArgsSchema,
    VideoUploadSchema,
)
from exercise_tracker.resources.videos.routes import VideoPage
from exercise_tracker.resources.videos.schemas import (
    VideoListItemSchema,
    VideoQueryArgsSchema,
    VideoSchema,
)
from exercise_tracker.services import videos as service

blp = Blueprint(
    "predict", __name__, url_prefix="/api/v1/predict", description="Upload and analyse videos"
)

LOCATION = {"description": "The video's URL, to poll", "schema": {"type": "string"}}
FINISHED = (VideoStatus.PROCESSED.value, VideoStatus.FAILED.value)
FIRST_POLL_S, LONGEST_POLL_S = 0.25, 2.0


def _waiting_slots(app: Flask) -> threading.BoundedSemaphore:
    """Threads of this process that may wait for an analysis at once: a share of them, so that
    waiting uploads never starve reads (nor the platform's health checks)."""
    slots = int(app.config["WEB_THREADS"] * app.config["UPLOAD_WAIT_SHARE"])
    return app.extensions.setdefault("upload_waiting_slots", threading.BoundedSemaphore(slots))


@contextmanager
def _waiting_slot():
    """Yields whether this request may wait: False at once when every slot is taken."""
    slots = _waiting_slots(current_app._get_current_object())
    if not slots.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        slots.release()


def _wait_for_analysis(video: Video, seconds: float) -> Video:
    """Re-reads the video at growing intervals, from a quarter second to two: an analysis takes
    seconds, and every read of a collection that uploads keep changing costs the database (the
    embedded store re-indexes it), which the other requests would pay for."""
    with _waiting_slot() as may_wait:
        deadline = time.monotonic() + seconds if may_wait else 0
        pause = FIRST_POLL_S
        while video.status not in FINISHED and (left := deadline - time.monotonic()) > 0:
            time.sleep(min(pause, left))
            video.reload()
            pause = min(pause * 1.5, LONGEST_POLL_S)
    return video


@blp.route("/")
class PredictViews(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["UPLOAD_LIMIT_PER_USER"],
            key_func=caller_key,
            scope="upload",
        )
    ]

    @login_required(role=Role.PATIENT)
    @blp.authenticated
    @blp.arguments(UploadQueryArgsSchema, location="query")
    @blp.arguments(VideoUploadSchema, location="files")
    @blp.response(
        202,
        VideoSchema,
        description="Accepted; the analysis runs in the background",
        headers={"Location": LOCATION},
    )
    @blp.alt_response(
        200,
        schema=VideoSchema,
        description="Done within `wait` seconds",
        headers={"Location": LOCATION},
    )
    @blp.errors(403, 404, 413, 415, 429, 503)
    @accepts_multipart
    def post(self, query, form):
        """Upload a video of an assigned exercise

        Only the patient the exercise is assigned to may upload. The file is judged by its
        content, not its name or declared type. Answers 202 with the video and a `Location`
        header to poll; `?wait=N` (seconds, up to its documented maximum) waits for the
        analysis first, while a share of the server's threads is free for waiting (else it
        answers 202 at once).
        """
        patient = current_user()
        exercise = Exercise.objects(id=form["exercise_id"], assigned_to=patient.id).first()
        if exercise is None:
            abort(404, message="Exercise not found.")
        video = service.receive_upload(patient, exercise, form["file"], form)
        if query.get("wait"):
            video = _wait_for_analysis(video, query["wait"])
        status = 200 if video.status in FINISHED else 202
        location = url_for("videos.VideoByIdViews", video_id=video.id)
        video = service.attach_predictions([video], query["include"])[0]
        return video, status, {"Location": location}


@blp.route("/exercise/<objectid:exercise_id>/videos")
class ExerciseVideoViews(MethodView):
    @login_required
    @blp.listing(VideoQueryArgsSchema, VideoListItemSchema, VideoPage, 404)
    def get(self, args, exercise_id):
        """List the videos of an exercise

        For the patient it is assigned to and the doctor who assigned it. Newest first.
        """
        exercise = permissions.readable_exercise_or_404(current_user(), exercise_id)
        return service.filter_videos(Video.objects(exercise_id=exercise.id), args.get("status"))
