"""`flask exercises ...`: scheduled upkeep of exercises."""

import click
from flask.cli import AppGroup

from exercise_tracker.services.completion import close_overdue

exercises_cli = AppGroup("exercises", help="Upkeep of assigned exercises.")


@exercises_cli.command("close-overdue")
def close_overdue_command():
    """Settle pending exercises past their due date as `Completed` or `Not Completed`."""
    closed = close_overdue()
    click.echo(f"closed {closed} overdue exercise(s)")
