"""MongoEngine documents: the four collections of the original design, rendered pictures and the
audit trail."""

from exercise_tracker.models.audit import AuditAction, AuditEvent
from exercise_tracker.models.exercise import Exercise, ExerciseStatus
from exercise_tracker.models.picture import Picture
from exercise_tracker.models.prediction import MatchStatus, Prediction
from exercise_tracker.models.user import Role, User
from exercise_tracker.models.video import Video, VideoStatus

DOCUMENTS = (User, Exercise, Video, Prediction, Picture, AuditEvent)

__all__ = [
    "AuditAction",
    "AuditEvent",
    "DOCUMENTS",
    "Exercise",
    "ExerciseStatus",
    "MatchStatus",
    "Picture",
    "Prediction",
    "Role",
    "User",
    "Video",
    "VideoStatus",
]
