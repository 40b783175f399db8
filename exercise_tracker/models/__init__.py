"""MongoEngine documents: the four collections of the original design, rendered pictures and the
audit trail."""

from exercise_tracker.models.audit import AuditAction, AuditEvent
from exercise_tracker.models.delivery import Delivery
from exercise_tracker.models.exercise import Exercise, ExerciseStatus
from exercise_tracker.models.message import Message
from exercise_tracker.models.picture import Picture
from exercise_tracker.models.prediction import Prediction
from exercise_tracker.models.reminder import ReminderPreference
from exercise_tracker.models.user import Role, User
from exercise_tracker.models.video import Video, VideoStatus

DOCUMENTS = (User, Exercise, Video, Prediction, Picture, AuditEvent)
DOCUMENTS += (Message, ReminderPreference, Delivery)

__all__ = [
    "AuditAction",
    "AuditEvent",
    "DOCUMENTS",
    "Delivery",
    "Exercise",
    "ExerciseStatus",
    "Message",
    "Picture",
    "Prediction",
    "ReminderPreference",
    "Role",
    "User",
    "Video",
    "VideoStatus",
]
