"""Settings of the analysis engine, filled from the app's configuration by the caller."""

from dataclasses import dataclass
from pathlib import Path

MOVENET_MODEL_NAME = "movenet_singlepose_lightning_int8_4"
MOVENET_FILE_NAME = f"{MOVENET_MODEL_NAME}.tflite"
MOVENET_SHA256 = "cd7cc22fa946e5d146a7b98d496853e1923e22828d3972d579973f27f91bb105"
MOVENET_DEFAULT_URL = (
    "https://www.kaggle.com/api/v1/models/google/movenet/tfLite/"
    "singlepose-lightning-tflite-int8/1/download"
)


@dataclass(frozen=True)
class AnalysisSettings:
    """Everything the engine needs to know about its environment; it reads no variables itself."""

    model_path: Path | None = None  # an explicit model file (MOVENET_MODEL_PATH)
    model_cache_dir: Path = Path("instance/models")  # MODEL_CACHE_DIR
    model_url: str = MOVENET_DEFAULT_URL  # MOVENET_MODEL_URL
    model_sha256: str = MOVENET_SHA256
    model_threads: int = 2  # MODEL_THREADS
    analysis_fps: float = 10.0  # ANALYSIS_FPS
    max_duration_s: float = 600.0  # ANALYSIS_MAX_DURATION_S
    max_frames: int = 6000  # ANALYSIS_MAX_FRAMES
