"""`flask` commands for operators, grouped by concern."""

from exercise_tracker.cli.analysis import analyze_command
from exercise_tracker.cli.audit import audit_cli
from exercise_tracker.cli.database import db_cli
from exercise_tracker.cli.exercises import exercises_cli
from exercise_tracker.cli.model import model_cli
from exercise_tracker.cli.monitoring import monitoring_cli
from exercise_tracker.cli.questionnaires import questionnaires_cli
from exercise_tracker.cli.reminders import reminders_cli
from exercise_tracker.cli.users import users_cli
from exercise_tracker.cli.videos import videos_cli
from exercise_tracker.cli.worker import worker_command

COMMANDS = (
    analyze_command,
    audit_cli,
    db_cli,
    exercises_cli,
    model_cli,
    monitoring_cli,
    questionnaires_cli,
    users_cli,
    videos_cli,
    worker_command,
)
COMMANDS += (reminders_cli,)


def register_cli(app) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
