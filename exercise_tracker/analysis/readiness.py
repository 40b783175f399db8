"""Whether the pose model is ready: its file checked, then loaded once per process.

Shared by the worker, the embedded runner and the readiness check, none of which import another.
"""

from pathlib import Path

from .errors import ModelUnavailableError
from .model import load_pose_estimator, resolve_model_path, sha256_of
from .settings import AnalysisSettings


def check_model_file(settings: AnalysisSettings) -> Path:
    """The model file, if it has the expected sha256; raises ModelUnavailableError otherwise.

    Downloads are checked by the engine; a configured file is checked here because TensorFlow
    Lite does not refuse a truncated file: it crashes the whole process (SIGSEGV).
    """
    path = resolve_model_path(settings)
    if settings.model_path is not None and sha256_of(path) != settings.model_sha256:
        raise ModelUnavailableError(
            f"model file {path} does not have the expected sha256 (truncated or corrupt?); "
            "set MOVENET_MODEL_SHA256 to use another build of the model"
        )
    return path


def ready_pose_estimator(settings: AnalysisSettings):
    """Loads the pose model now, so a missing or corrupt model stops a worker before it takes
    any job (the videos then wait, `Uploaded`, for a worker that can do them)."""
    check_model_file(settings)
    return load_pose_estimator(settings)
