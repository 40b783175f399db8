"""`flask videos ...`: maintenance of uploaded videos."""

import click
from flask import current_app
from flask.cli import AppGroup

from exercise_tracker.cli.progress import each_with_bar

videos_cli = AppGroup("videos", help="Maintain uploaded videos and their analyses.")


@videos_cli.command("requeue-stale")
def requeue_stale_command():
    """Requeue videos abandoned by a dead worker or whose job was lost."""
    from exercise_tracker.jobs.recovery import requeue_stale

    requeued = requeue_stale(current_app._get_current_object(), progress=each_with_bar("Requeuing"))
    click.echo(f"requeued {len(requeued)} video(s)")
    for video_id in requeued:
        click.echo(f"  {video_id}")


@videos_cli.command("reprocess")
@click.option("--video-id", help="One video to analyse again.")
@click.option("--failed", is_flag=True, help="Every video whose analysis failed.")
def reprocess_command(video_id, failed):
    """Analyse videos again; the new prediction replaces the old one."""
    from exercise_tracker.services.errors import NotFound
    from exercise_tracker.services.videos import reprocess

    if bool(video_id) == failed:
        raise click.UsageError("give exactly one of --video-id or --failed")
    try:
        queued = reprocess(video_id=video_id, failed=failed, progress=each_with_bar("Queuing"))
    except NotFound as error:
        raise click.ClickException(error.message) from error
    click.echo(f"queued {len(queued)} video(s) for analysis")


@videos_cli.command("purge")
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Days since upload; default VIDEO_RETENTION_DAYS.",
)
def purge_command(days):
    """Delete stored video files past the retention period; analyses are kept."""
    from exercise_tracker.services.videos import purge_files

    days = current_app.config["VIDEO_RETENTION_DAYS"] if days is None else days
    count, freed = purge_files(older_than_days=days, progress=each_with_bar("Purging"))
    click.echo(f"removed {count} file(s) older than {days} days, freeing {freed / 1e6:.1f} MB")
