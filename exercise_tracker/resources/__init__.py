"""One package per API area, each exporting `blp`; all registered from this list."""

from exercise_tracker.resources.clinician_time.routes import blp as clinician_time_blp
from exercise_tracker.resources.exercises.routes import blp as exercises_blp
from exercise_tracker.resources.fhir.routes import blp as fhir_blp
from exercise_tracker.resources.health.routes import blp as health_blp
from exercise_tracker.resources.messages.routes import blp as messages_blp
from exercise_tracker.resources.monitoring.routes import blp as monitoring_blp
from exercise_tracker.resources.motions.routes import blp as motions_blp
from exercise_tracker.resources.predict.routes import blp as predict_blp
from exercise_tracker.resources.progress.routes import blp as progress_blp
from exercise_tracker.resources.questionnaires.routes import blp as questionnaires_blp
from exercise_tracker.resources.reminders.routes import blp as reminders_blp
from exercise_tracker.resources.users.routes import blp as users_blp
from exercise_tracker.resources.videos.routes import blp as videos_blp

BLUEPRINTS = (
    health_blp,
    users_blp,
    exercises_blp,
    motions_blp,
    predict_blp,
    videos_blp,
    progress_blp,
)
BLUEPRINTS += (questionnaires_blp, clinician_time_blp, monitoring_blp, fhir_blp)
BLUEPRINTS += (messages_blp, reminders_blp)
