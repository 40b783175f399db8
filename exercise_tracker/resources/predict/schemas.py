"""Schemas of the upload endpoint."""

from marshmallow import fields, validate

from config import Config
from exercise_tracker.extensions.smorest import Schema
from exercise_tracker.fields import FormInteger, ObjectIdField, UploadedFile


class VideoUploadFormSchema(Schema):
    """The form fields beside the file (errors are reported under `form`)."""

    exercise_id = ObjectIdField(required=True, metadata={"description": "The assigned exercise"})
    pain_level = FormInteger(
        validate=validate.Range(0, 10), metadata={"description": "Pain the patient felt, 0-10"}
    )
    difficulty = FormInteger(
        validate=validate.Range(0, 10), metadata={"description": "How hard it felt, 0-10"}
    )


class VideoUploadFileSchema(Schema):
    """The file part of the multipart body."""

    file = UploadedFile(
        required=True, metadata={"description": "The video (MP4, MOV, WebM, MKV, AVI)"}
    )


class UploadQueryArgsSchema(Schema):
    wait = fields.Float(
        validate=validate.Range(0, Config.UPLOAD_WAIT_MAX_S),
        metadata={
            "description": f"Seconds (at most {Config.UPLOAD_WAIT_MAX_S}) to wait for the "
            "analysis before answering, while the server has a thread to spare for waiting "
            "(`UPLOAD_WAIT_SHARE`); otherwise the answer is 202 at once"
        },
    )
