"""`flask questionnaires ...`: the installed outcome instruments."""

import click
from flask import current_app
from flask.cli import AppGroup

questionnaires_cli = AppGroup("questionnaires", help="Outcome questionnaires (PROMs).")


@questionnaires_cli.command("check")
def check_command():
    """Load the shipped instruments and QUESTIONNAIRES_DIR; list them, or say what is wrong."""
    from exercise_tracker.questionnaires import InstrumentFileError, load_instruments

    try:
        found = load_instruments(current_app.config["QUESTIONNAIRES_DIR"])
    except InstrumentFileError as error:
        raise click.ClickException(str(error)) from error
    for instrument in sorted(found.values(), key=lambda i: i.code):
        click.echo(f"{instrument.code}\t{instrument.method}\t{instrument.title}")
