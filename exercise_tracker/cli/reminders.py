"""`flask reminders send`: the sweep, for cron or a platform scheduler."""

import click
from flask.cli import AppGroup

from exercise_tracker.reminders.sweep import send_due

reminders_cli = AppGroup("reminders", help="Reminders, notices and alerts by e-mail and webhook.")


@reminders_cli.command("send")
def send_command():
    """Deliver the reminders, missed-session notices and alerts due now.

    Safe to run on any schedule and from several machines: each is delivered once. With
    REDIS_URL set the sending is queued for the worker, which retries with backoff.
    """
    report = send_due()
    if not report.channels:
        click.echo(
            "No channel configured (SMTP_HOST, or WEBHOOK_URL and WEBHOOK_SECRET): nothing sent."
        )
        return
    click.echo(
        f"{report.reminders} reminder(s), {report.missed_sessions} missed-session notice(s), "
        f"{report.alerts} alert(s) by {' and '.join(report.channels)}"
        + (f"; {report.retried} retried" if report.retried else "")
    )
