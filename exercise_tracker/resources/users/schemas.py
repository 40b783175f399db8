"""Schemas of the users API: what comes in and what goes out (never a password hash)."""

from marshmallow import fields, validate

from exercise_tracker.extensions.smorest import PagedQueryArgsSchema, Schema
from exercise_tracker.fields import ConfiguredLength, ObjectIdField, TrimmedString, UTCDateTime
from exercise_tracker.models import AuditAction, Role
from exercise_tracker.resources.clinician_time.schemas import TimeEntrySchema
from exercise_tracker.resources.exercises.schemas import ExerciseSchema
from exercise_tracker.resources.messages.schemas import MessageSchema
from exercise_tracker.resources.questionnaires.schemas import AnswerSchema, AssignmentSchema
from exercise_tracker.resources.reminders.schemas import DeliverySchema, PreferencesSchema
from exercise_tracker.resources.videos.schemas import PredictionSchema, VideoSchema
from exercise_tracker.services.users import PASSWORD_MAX_LENGTH, password_min_length

EMAIL = fields.Email(required=True, validate=validate.Length(max=254))
FULL_NAME = TrimmedString(required=True, validate=validate.Length(min=1, max=200))
# PASSWORD_MIN_LENGTH, as the app is configured: both checked and stated as minLength.
PASSWORD_LENGTH = ConfiguredLength(password_min_length, PASSWORD_MAX_LENGTH)
PASSWORD = fields.String(required=True, load_only=True, validate=PASSWORD_LENGTH)


class UserSchema(Schema):
    id = ObjectIdField(dump_only=True)
    email = fields.Email(dump_only=True)
    full_name = fields.String(dump_only=True)
    role = fields.String(dump_only=True, validate=validate.OneOf([r.value for r in Role]))
    is_active = fields.Boolean(dump_only=True)
    created_at = UTCDateTime(dump_only=True)
    updated_at = UTCDateTime(dump_only=True)


class MeSchema(UserSchema):
    unread_messages = fields.Integer(
        dump_only=True, metadata={"description": "Unread messages across your conversations"}
    )


class UserCreateSchema(Schema):
    email = EMAIL
    full_name = FULL_NAME
    password = PASSWORD
    role = fields.String(
        load_default=Role.PATIENT.value, validate=validate.OneOf([r.value for r in Role])
    )
    registration_code = fields.String(
        load_only=True,
        validate=validate.Length(max=256),
        metadata={"description": "The clinic's code; needed to register a doctor."},
    )


class UserPutSchema(Schema):
    """Only these; role, id, password hash and timestamps are refused as unknown fields."""

    email = fields.Email(validate=validate.Length(max=254))
    full_name = TrimmedString(validate=validate.Length(min=1, max=200))
    password = fields.String(load_only=True, validate=PASSWORD_LENGTH)
    current_password = fields.String(
        load_only=True,
        validate=validate.Length(max=256),
        metadata={"description": "Required to change the password or the email."},
    )


class LoginSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=256))


class TokenSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "bearer"})
    user = fields.Nested(UserSchema, required=True)


class RefreshedTokensSchema(Schema):
    """A new pair: the refresh token sent is spent, and sending it again ends the session."""

    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "bearer"})


class ExportedVideoSchema(VideoSchema):
    file_url = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "Download link; null if purged"}
    )

    class Meta:
        exclude = ("prediction",)


class ExportedPictureSchema(Schema):
    id = ObjectIdField(dump_only=True)
    key = fields.String(dump_only=True, metadata={"description": "What it shows"})
    video_id = ObjectIdField(dump_only=True, allow_none=True)
    content_type = fields.String(dump_only=True)
    created_at = UTCDateTime(dump_only=True)
    file_url = fields.String(dump_only=True, allow_none=True, metadata={"description": "Link"})


class ExportSchema(Schema):
    """Everything held about a patient, as the caller may see it: one list per collection of
    the ownership registry's exported documents (a test keeps the two in step)."""

    exported_at = UTCDateTime(dump_only=True)
    user = fields.Nested(UserSchema, dump_only=True)
    exercises = fields.List(fields.Nested(ExerciseSchema), dump_only=True)
    videos = fields.List(fields.Nested(ExportedVideoSchema), dump_only=True)
    predictions = fields.List(fields.Nested(PredictionSchema), dump_only=True)
    pictures = fields.List(fields.Nested(ExportedPictureSchema), dump_only=True)
    questionnaire_assignments = fields.List(
        fields.Nested(AssignmentSchema),
        dump_only=True,
        metadata={"description": "with their answers and what is due"},
    )
    questionnaire_answers = fields.List(fields.Nested(AnswerSchema), dump_only=True)
    clinician_time = fields.List(fields.Nested(TimeEntrySchema), dump_only=True)
    messages = fields.List(fields.Nested(MessageSchema), dump_only=True)
    reminder_preferences = fields.List(fields.Nested(PreferencesSchema), dump_only=True)
    deliveries = fields.List(fields.Nested(DeliverySchema), dump_only=True)


class ErasedSchema(Schema):
    user_id = ObjectIdField(dump_only=True)
    exercises = fields.Integer(dump_only=True)
    videos = fields.Integer(dump_only=True)
    video_files = fields.Integer(dump_only=True)
    predictions = fields.Integer(dump_only=True)
    pictures = fields.Integer(dump_only=True)


class AuditEventSchema(Schema):
    id = ObjectIdField(dump_only=True)
    at = UTCDateTime(dump_only=True)
    actor_id = ObjectIdField(dump_only=True, allow_none=True)
    actor_role = fields.String(dump_only=True, allow_none=True)
    action = fields.String(dump_only=True, validate=validate.OneOf([a.value for a in AuditAction]))
    resource = fields.String(dump_only=True, metadata={"description": "The endpoint used"})
    resource_id = fields.String(dump_only=True, allow_none=True)
    patient_id = ObjectIdField(dump_only=True, allow_none=True)
    address = fields.String(dump_only=True, allow_none=True)
    outcome = fields.Integer(dump_only=True, metadata={"description": "The HTTP status"})


class AuditQueryArgsSchema(PagedQueryArgsSchema):
    since = UTCDateTime(metadata={"description": "Only events at or after this moment"})
