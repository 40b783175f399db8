"""`flask analyze PATH`: the analysis engine on one file, for doctors and evaluation scripts."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from config import analysis_settings
from exercise_tracker.cli.progress import share_bar


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--motion", help="The prescribed motion's catalog key, to check against.")
@click.option("--json", "as_json", is_flag=True, help="Print only the result as JSON.")
@with_appcontext
def analyze_command(path, motion, as_json):
    """Analyse a video file and print what motion it shows, repetitions and range of motion."""
    from exercise_tracker.analysis.catalog import is_motion_key
    from exercise_tracker.analysis.engine import analyze_video, format_result_text
    from exercise_tracker.analysis.errors import AnalysisError

    if motion and not is_motion_key(motion):
        raise click.BadParameter(f"unknown motion {motion!r}", param_hint="--motion")
    try:
        with share_bar(f"Analysing {path.name}", quiet=as_json) as progress:
            result = analyze_video(
                path,
                prescribed_motion=motion,
                settings=analysis_settings(current_app.config),
                progress=progress,
            )
    except AnalysisError as error:
        raise click.ClickException(error.reason) from error
    if as_json:
        click.echo(json.dumps(result.to_dict()))
    else:
        click.echo(format_result_text(result))
