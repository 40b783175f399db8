"""MongoEngine documents: the four collections of the original design, rendered pictures and the
audit trail."""

from exercise_tracker.models.audit import AuditAction, AuditEvent
from exercise_tracker.models.clinician_time import ClinicianTime, ContactMode, TimeKind
from exercise_tracker.models.delivery import Delivery
from exercise_tracker.models.exercise import Exercise, ExerciseStatus
from exercise_tracker.models.message import Message
from exercise_tracker.models.picture import Picture
from exercise_tracker.models.prediction import MatchStatus, Prediction
from exercise_tracker.models.questionnaire import (
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Schedule,
)
from exercise_tracker.models.reminder import ReminderPreference
from exercise_tracker.models.user import Role, User
from exercise_tracker.models.video import Video, VideoStatus

DOCUMENTS = (User, Exercise, Video, Prediction, Picture, AuditEvent)
DOCUMENTS += (QuestionnaireAssignment, QuestionnaireAnswer, ClinicianTime)
DOCUMENTS += (Message, ReminderPreference, Delivery)

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ClinicianTime",
    "ContactMode",
    "DOCUMENTS",
    "Delivery",
    "Exercise",
    "ExerciseStatus",
    "MatchStatus",
    "Picture",
    "Prediction",
    "QuestionnaireAnswer",
    "QuestionnaireAssignment",
    "Message",
    "ReminderPreference",
    "Role",
    "Schedule",
    "TimeKind",
    "User",
    "Video",
    "VideoStatus",
]
