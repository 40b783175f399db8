"""Schemas of the upload endpoint."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import ConfiguredRange, ObjectIdField, UploadedFile
from exercise_tracker.resources.videos.schemas import VideoIncludeQueryArgsSchema
from exercise_tracker.services.videos import longest_upload_wait_s


class VideoUploadSchema(Schema):
    """The multipart body: the file and the form fields beside it (whose errors are reported
    under `form`)."""

    file = UploadedFile(
        required=True, metadata={"description": "The video (MP4, MOV, WebM, MKV, AVI)"}
    )
    exercise_id = ObjectIdField(required=True, metadata={"description": "The assigned exercise"})
    pain_level = fields.Integer(
        validate=validate.Range(0, 10), metadata={"description": "Pain the patient felt, 0-10"}
    )
    difficulty = fields.Integer(
        validate=validate.Range(0, 10), metadata={"description": "How hard it felt, 0-10"}
    )


class UploadQueryArgsSchema(VideoIncludeQueryArgsSchema):
    wait = fields.Float(
        validate=ConfiguredRange(0, longest_upload_wait_s),
        metadata={
            "description": "Seconds (at most `maximum`) to wait for the "
            "analysis before answering, while the server has a thread to spare for waiting "
            "(`UPLOAD_WAIT_SHARE`); otherwise the answer is 202 at once"
        },
    )
