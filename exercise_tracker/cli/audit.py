"""`flask audit ...`: the audit trail, for the clinic's records or a log store."""

import click
from flask.cli import AppGroup

from exercise_tracker.services.audit import export_lines

audit_cli = AppGroup("audit", help="The audit trail of reads and changes of patient data.")


@audit_cli.command("export")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Only events at or after this UTC moment (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
)
@click.option(
    "--output", type=click.File("w"), default="-", help="A file; standard output by default"
)
def export_command(since, output):
    """Write the trail as JSON lines, oldest first."""
    count = 0
    for line in export_lines(since):
        output.write(line + "\n")
        count += 1
    click.echo(f"{count} event(s)", err=True)
