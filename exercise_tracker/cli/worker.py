"""`flask worker`: the RQ worker that analyses videos."""

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Work until the queue is empty, then exit.")
@with_appcontext
def worker_command(burst):
    """Run an analysis worker (needs REDIS_URL).

    Loads the pose model once, requeues videos abandoned by a dead worker, then takes jobs.
    SIGTERM lets the current job run WORKER_SHUTDOWN_WAIT_S more, then requeues it at the front
    and exits; a Redis outage is waited out.
    """
    from exercise_tracker.analysis.errors import AnalysisError
    from exercise_tracker.jobs.worker import run_worker

    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        raise click.ClickException(
            "REDIS_URL is not set; without it the web process analyses videos itself."
        )
    try:
        run_worker(app, burst=burst, with_scheduler=not burst)
    except AnalysisError as error:
        raise click.ClickException(f"cannot start: {error.detail}") from error
