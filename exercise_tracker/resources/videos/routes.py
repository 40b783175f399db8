"""Videos API: a video with its analysis, the original file, its pictures, and deletion."""

from flask import request
from flask.views import MethodView
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

from exercise_tracker import permissions
from exercise_tracker.analysis.video import MEDIA_TYPES
from exercise_tracker.auth import current_user, login_required
from exercise_tracker.extensions.smorest import Blueprint, QuerySetPage
from exercise_tracker.models import Video
from exercise_tracker.pictures.video_pictures import chart_png, preview_png
from exercise_tracker.resources.videos.schemas import (
    VideoDeletedSchema,
    VideoIncludeQueryArgsSchema,
    VideoListItemSchema,
    VideoQueryArgsSchema,
    VideoSchema,
)
from exercise_tracker.responses import private_file
from exercise_tracker.services import videos as service
from exercise_tracker.storage import video_storage

blp = Blueprint("videos", __name__, url_prefix="/api/v1/videos", description="Uploaded videos")


class VideoPage(QuerySetPage):
    """A page of videos, each with its prediction, fetched in one query."""

    @property
    def items(self):
        return service.attach_predictions(super().items)


@blp.route("/<objectid:video_id>")
class VideoByIdViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.arguments(VideoIncludeQueryArgsSchema, location="query")
    @blp.response(200, VideoSchema)
    @blp.errors(404)
    def get(self, query, video_id):
        """Get a video with its analysis

        `prediction` is null until the analysis is done; `status` says where it stands, and
        `progress` how far a `Processing` analysis has got. The per-frame detail of the
        analysis comes only with `?include=pose,primary_angle`. Visible to the patient who
        uploaded it and the doctor who assigned the exercise.
        """
        video = permissions.readable_video_or_404(current_user(), video_id)
        return service.attach_predictions([video], query["include"])[0]

    @login_required
    @blp.authenticated
    @blp.response(200, VideoDeletedSchema)
    @blp.errors(403, 404)
    def delete(self, video_id):
        """Delete a video

        The patient who uploaded it removes the file, the video and its analysis together.
        """
        user = current_user()
        return service.delete_video(user, permissions.readable_video_or_404(user, video_id))


@blp.route("/<objectid:video_id>/file")
class VideoFileViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.file_response(MEDIA_TYPES, "The original video, as its container", ranges=True)
    @blp.errors(404, 416)
    def get(self, video_id):
        """Stream the original video

        Supports HTTP Range requests, so a browser's player can seek.
        """
        video = permissions.readable_video_or_404(current_user(), video_id)
        service.require_stored_file(video)
        storage = video_storage()
        stream = storage.open(video.file_path)
        response = Response(
            wrap_file(request.environ, stream),
            mimetype=video.content_type,
            direct_passthrough=True,
        )
        response.headers["Cache-Control"] = "private, no-cache"
        response.headers["Content-Disposition"] = f'inline; filename="{video.file_name}"'
        return response.make_conditional(
            request, accept_ranges=True, complete_length=storage.size(video.file_path)
        )


@blp.route("/<objectid:video_id>/preview.png")
class VideoPreviewViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.file_response("image/png", "A contact sheet")
    @blp.errors(404, 409)
    def get(self, video_id):
        """A contact sheet of the video's key moments

        The start and peak of the first, middle and last repetitions, each with the skeleton
        the pose model saw and the primary joint angle. 409 until the video is analysed; 404
        once its file was removed. Drawn once per analysis.
        """
        video = permissions.readable_video_or_404(current_user(), video_id)
        service.require_stored_file(video)  # without its file it will never be analysed
        prediction = service.analysis_or_409(video)
        return private_file(preview_png(video, prediction), "image/png", f"{video.id}-preview.png")


@blp.route("/<objectid:video_id>/chart.png")
class VideoChartViews(MethodView):
    @login_required
    @blp.authenticated
    @blp.file_response("image/png", "A chart")
    @blp.errors(404, 409)
    def get(self, video_id):
        """The primary joint angle over time

        Each counted repetition is marked and the target range shaded. 409 until the video is
        analysed. Drawn once per analysis, from the analysis alone.
        """
        video = permissions.readable_video_or_404(current_user(), video_id)
        prediction = service.analysis_or_409(video)
        return private_file(chart_png(video, prediction), "image/png", f"{video.id}-chart.png")


@blp.route("/patient/<objectid:patient_id>")
class PatientVideoViews(MethodView):
    @login_required
    @blp.listing(VideoQueryArgsSchema, VideoListItemSchema, VideoPage, 404)
    def get(self, args, patient_id):
        """List a patient's videos

        The patient sees all of theirs; a doctor those of the exercises they assigned. Newest
        first; filter by `status`.
        """
        user = current_user()
        permissions.require_patient_access(user, patient_id)
        query = Video.objects.visible_to(user).filter(patient_id=patient_id)
        return service.filter_videos(query, args.get("status"))
