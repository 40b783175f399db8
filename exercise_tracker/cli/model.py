"""`flask model verify`: is the pose model where it should be, intact, and does it run?"""

import time

import click
import numpy as np
from flask import current_app
from flask.cli import AppGroup

from config import analysis_settings

model_cli = AppGroup("model", help="The pose model.")


@model_cli.command("verify")
def verify_command():
    """Load the model, run one inference, print its path, sha256 and timing."""
    from exercise_tracker.analysis.errors import AnalysisError
    from exercise_tracker.analysis.model import PoseEstimator, sha256_of
    from exercise_tracker.analysis.readiness import check_model_file

    settings = analysis_settings(current_app.config)
    try:
        path = check_model_file(settings)
        started = time.perf_counter()
        estimator = PoseEstimator(path, threads=settings.model_threads)
        loaded = time.perf_counter()
        keypoints = estimator.estimate(np.zeros((192, 192, 3), dtype=np.uint8))
        inferred = time.perf_counter()
    except AnalysisError as error:
        raise click.ClickException(error.detail) from error
    click.echo(f"path:      {path}")
    click.echo(f"sha256:    {sha256_of(path)}")
    click.echo(f"load:      {(loaded - started) * 1000:.1f} ms")
    click.echo(f"inference: {(inferred - loaded) * 1000:.1f} ms ({keypoints.shape[0]} keypoints)")
