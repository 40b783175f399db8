"""`flask` commands for operators, grouped by concern."""

from exercise_tracker.cli.analysis import analyze_command
from exercise_tracker.cli.videos import videos_cli
from exercise_tracker.cli.worker import worker_command


def register_cli(app) -> None:
    app.cli.add_command(worker_command)
    app.cli.add_command(videos_cli)
    app.cli.add_command(analyze_command)
