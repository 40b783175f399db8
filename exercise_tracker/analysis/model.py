"""The MoveNet pose model: finding or downloading the file, and running it on one image.

TensorFlow is imported only when an estimator is built, so importing this module stays cheap.
"""

import functools
import hashlib
import http.client
import os
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelUnavailableError
from .settings import MOVENET_FILE_NAME, AnalysisSettings

INPUT_SIZE = 192
DOWNLOAD_TIMEOUT_S = 30.0  # per socket operation
DOWNLOAD_DEADLINE_S = 300.0  # for the whole transfer, so a trickling server cannot stall a worker
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024  # the model is 3 MB; anything near this is not it
CHUNK_BYTES = 1 << 16


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_model_path(settings: AnalysisSettings) -> Path:
    """The model file to load: the configured one, else a verified cached copy, else a download."""
    if settings.model_path is not None:
        path = Path(settings.model_path)
        if not path.is_file():
            raise ModelUnavailableError(f"model file not found: {path}")
        return path
    cached = Path(settings.model_cache_dir) / MOVENET_FILE_NAME
    if cached.is_file() and sha256_of(cached) == settings.model_sha256:
        return cached
    download_model(settings.model_url, cached, settings.model_sha256)
    return cached


def download_model(url: str, target: Path, expected_sha256: str) -> None:
    """Fetch the model into ``target`` atomically; a bare .tflite or a (gzipped) tar holding one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Temp files in the target's folder so os.replace is a rename on the same file system.
    fd, download = tempfile.mkstemp(dir=target.parent, prefix=".download-", suffix=".part")
    extracted = Path(download).with_suffix(".tflite")
    try:
        with os.fdopen(fd, "wb") as out:
            _fetch(url, out)
        model_file = Path(download)
        if _is_archive(model_file):
            _extract_single_tflite(model_file, extracted)
            model_file = extracted
        actual = sha256_of(model_file)
        if actual != expected_sha256:
            raise ModelUnavailableError(
                f"downloaded model sha256 {actual} does not match the expected {expected_sha256}"
            )
        os.replace(model_file, target)
    finally:
        for leftover in (Path(download), extracted):
            leftover.unlink(missing_ok=True)


def _fetch(url: str, out) -> None:
    deadline = time.monotonic() + DOWNLOAD_DEADLINE_S
    received = 0
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
            while chunk := response.read(CHUNK_BYTES):
                received += len(chunk)
                if received > MAX_DOWNLOAD_BYTES:
                    raise ModelUnavailableError(f"model download from {url} is too large")
                if time.monotonic() > deadline:
                    raise ModelUnavailableError(f"model download from {url} took too long")
                out.write(chunk)
            declared = response.headers.get("Content-Length")
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        raise ModelUnavailableError(f"model download from {url} failed: {exc}") from exc
    if declared is not None and declared.isdigit() and received != int(declared):
        raise ModelUnavailableError(
            f"model download from {url} failed: {received} of {declared} bytes arrived"
        )


def _is_archive(path: Path) -> bool:
    with open(path, "rb") as file:
        head = file.read(262)
    is_gzip = head[:2] == b"\x1f\x8b"
    is_tar = head[257:262] == b"ustar"
    return is_gzip or is_tar


def _extract_single_tflite(archive: Path, target: Path) -> None:
    # The member is streamed to a path of our choosing, never to its own name: no path traversal.
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".tflite")]
            if len(members) != 1:
                raise ModelUnavailableError(
                    f"model archive holds {len(members)} .tflite files, expected one"
                )
            if members[0].size > MAX_DOWNLOAD_BYTES:
                raise ModelUnavailableError("model file in the archive is too large")
            source = tar.extractfile(members[0])
            with source, open(target, "wb") as out:
                out.writelines(iter(lambda: source.read(CHUNK_BYTES), b""))
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ModelUnavailableError(f"model archive is unreadable: {exc}") from exc


def _interpreter_class():
    # tf.lite is deprecated in favour of LiteRT but still ships with TensorFlow; its deprecation
    # warning is silenced here only, not for the rest of the process.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from tensorflow import lite

            return lite.Interpreter
    except (ImportError, AttributeError):
        pass
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError as exc:
        raise ModelUnavailableError("neither tensorflow nor ai_edge_litert is installed") from exc
    return Interpreter


class PoseEstimator:
    """One MoveNet interpreter: a 192x192 RGB uint8 image in, 17 keypoints (y, x, score) out.

    Not thread-safe: an interpreter holds its tensors, so each thread needs its own estimator.
    """

    def __init__(self, model_path: Path, threads: int = 2):
        self.model_path = Path(model_path)
        interpreter_class = _interpreter_class()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._interpreter = interpreter_class(
                    model_path=str(self.model_path), num_threads=threads
                )
            self._interpreter.allocate_tensors()
        except (ValueError, RuntimeError) as exc:
            raise ModelUnavailableError(f"model {self.model_path} cannot be loaded: {exc}") from exc
        input_detail = self._interpreter.get_input_details()[0]
        expected_shape = [1, INPUT_SIZE, INPUT_SIZE, 3]
        if list(input_detail["shape"]) != expected_shape or input_detail["dtype"] != np.uint8:
            raise ModelUnavailableError(
                f"model {self.model_path} takes {input_detail['shape']} {input_detail['dtype']}, "
                f"not the uint8 {expected_shape} of MoveNet Lightning int8"
            )
        self._input_index = input_detail["index"]
        self._output_index = self._interpreter.get_output_details()[0]["index"]

    def estimate(self, image: np.ndarray) -> np.ndarray:
        """Keypoints (17, 3) float32 of y, x in 0..1 of ``image`` and the score."""
        self._interpreter.set_tensor(self._input_index, image[np.newaxis])
        self._interpreter.invoke()
        return self._interpreter.get_tensor(self._output_index)[0, 0].copy()


@functools.lru_cache(maxsize=4)
def _cached_estimator(model_path: Path, threads: int) -> PoseEstimator:
    return PoseEstimator(model_path, threads)


def load_pose_estimator(settings: AnalysisSettings) -> PoseEstimator:
    """The process's estimator for the configured model and thread count, built once."""
    return _cached_estimator(resolve_model_path(settings).resolve(), settings.model_threads)


@dataclass(frozen=True)
class ModelFingerprint:
    """What an operator needs to check the deployed model: which file, its hash, its speed."""

    path: Path
    sha256: str
    sha256_matches: bool
    inference_ms: float


def model_fingerprint(settings: AnalysisSettings) -> ModelFingerprint:
    """Resolve and load the model, then time one inference on a blank image."""
    path = resolve_model_path(settings)
    estimator = load_pose_estimator(settings)
    blank = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
    estimator.estimate(blank)  # the first call sets up the delegate; time the second
    started = time.perf_counter()
    estimator.estimate(blank)
    elapsed_ms = (time.perf_counter() - started) * 1000
    digest = sha256_of(path)
    return ModelFingerprint(path, digest, digest == settings.model_sha256, elapsed_ms)
