"""`flask monitoring ...`: the clinic's remote-monitoring records."""

import click
from flask import current_app
from flask.cli import AppGroup

monitoring_cli = AppGroup("monitoring", help="Remote-monitoring records for billing.")


@monitoring_cli.command("export")
@click.option("--month", required=True, help="The calendar month, YYYY-MM (e.g. 2026-11).")
@click.option(
    "--output", type=click.File("w"), default="-", help="File to write; default standard output."
)
def export_command(month, output):
    """Every patient monitored in a month, as CSV: days with data and minutes."""
    from exercise_tracker.services.monitoring import (
        MonitoringRules,
        clinic_csv,
        every_patient,
        parse_month,
    )

    try:
        first_day = parse_month(month)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--month") from error
    rules = MonitoringRules.from_config(current_app.config)
    output.write(clinic_csv(every_patient(), first_day, rules))
