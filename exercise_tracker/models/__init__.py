"""MongoEngine documents for the four collections of the original design."""

from exercise_tracker.models.exercise import Exercise, ExerciseStatus
from exercise_tracker.models.prediction import Prediction
from exercise_tracker.models.user import Role, User
from exercise_tracker.models.video import Video, VideoStatus

DOCUMENTS = (User, Exercise, Video, Prediction)

__all__ = [
    "DOCUMENTS",
    "Exercise",
    "ExerciseStatus",
    "Prediction",
    "Role",
    "User",
    "Video",
    "VideoStatus",
]
