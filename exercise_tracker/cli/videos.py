"""`flask videos ...`: maintenance of uploaded videos."""

import click
from flask import current_app
from flask.cli import AppGroup

videos_cli = AppGroup("videos", help="Maintain uploaded videos and their analyses.")


@videos_cli.command("requeue-stale")
def requeue_stale_command():
    """Requeue videos abandoned by a dead worker or whose job was lost."""
    from exercise_tracker.jobs.worker import requeue_stale

    requeued = requeue_stale(current_app._get_current_object())
    click.echo(f"requeued {len(requeued)} video(s)")
    for video_id in requeued:
        click.echo(f"  {video_id}")
