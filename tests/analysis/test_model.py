"""Finding, downloading and running the MoveNet model."""

import gzip
import http.server
import io
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from exercise_tracker.analysis import model
from exercise_tracker.analysis.errors import ModelUnavailableError
from exercise_tracker.analysis.model import (
    PoseEstimator,
    load_pose_estimator,
    model_fingerprint,
    resolve_model_path,
    sha256_of,
)
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, MOVENET_SHA256, AnalysisSettings

REPO_ROOT = Path(__file__).resolve().parents[2]


class ModelServer:
    """A real HTTP server on 127.0.0.1 serving fixed bodies by path and counting requests.

    ``promised`` makes it announce more bytes than it sends; ``stalled`` paths then hang until
    the test ends, the others close the connection early.
    """

    def __init__(self):
        self.bodies: dict[str, bytes] = {}
        self.promised: dict[str, int] = {}
        self.stalled: set[str] = set()
        self.requests: list[str] = []
        self.release = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                body = server.bodies.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                length = server.promised.get(self.path, len(body))
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                if self.path in server.stalled:
                    server.release.wait(10)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"


@pytest.fixture
def model_server():
    server = ModelServer()
    server.thread.start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def model_bytes(model_path) -> bytes:
    return model_path.read_bytes()


def tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def download_settings(cache_dir: Path, url: str, sha256: str = MOVENET_SHA256) -> AnalysisSettings:
    return AnalysisSettings(model_cache_dir=cache_dir, model_url=url, model_sha256=sha256)


def test_sha256_of_the_shared_model_is_the_published_one(model_path):
    assert sha256_of(model_path) == MOVENET_SHA256


def test_explicit_model_path_is_used_as_is(model_path):
    assert resolve_model_path(AnalysisSettings(model_path=model_path)) == model_path


def test_missing_explicit_model_path_is_unavailable_and_transient(tmp_path):
    with pytest.raises(ModelUnavailableError) as raised:
        resolve_model_path(AnalysisSettings(model_path=tmp_path / "absent.tflite"))
    assert raised.value.transient


def test_bare_tflite_download_lands_verified_in_the_cache(tmp_path, model_server, model_bytes):
    model_server.bodies["/movenet.tflite"] = model_bytes
    settings = download_settings(tmp_path / "cache", model_server.url("/movenet.tflite"))

    path = resolve_model_path(settings)

    assert path == tmp_path / "cache" / MOVENET_FILE_NAME
    assert sha256_of(path) == MOVENET_SHA256
    assert sorted(p.name for p in path.parent.iterdir()) == [MOVENET_FILE_NAME]


def test_tar_gz_download_is_unpacked_into_the_cache(tmp_path, model_server, model_bytes):
    model_server.bodies["/download"] = tar_gz({"1/model.tflite": model_bytes})
    settings = download_settings(tmp_path, model_server.url("/download"))

    path = resolve_model_path(settings)

    assert sha256_of(path) == MOVENET_SHA256
    assert sorted(p.name for p in tmp_path.iterdir()) == [MOVENET_FILE_NAME]


def test_archive_member_cannot_escape_the_cache(tmp_path, model_server, model_bytes):
    cache = tmp_path / "deep" / "cache"
    model_server.bodies["/download"] = tar_gz({"../../escaped.tflite": model_bytes})

    path = resolve_model_path(download_settings(cache, model_server.url("/download")))

    assert path.parent == cache
    assert not (tmp_path / "escaped.tflite").exists()
    assert sorted(p.name for p in tmp_path.rglob("*.tflite")) == [MOVENET_FILE_NAME]


def test_archive_without_a_single_model_is_rejected(tmp_path, model_server, model_bytes):
    model_server.bodies["/two"] = tar_gz({"a.tflite": model_bytes, "b.tflite": model_bytes})
    with pytest.raises(ModelUnavailableError, match="2 .tflite"):
        resolve_model_path(download_settings(tmp_path, model_server.url("/two")))
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch_is_rejected_and_leaves_nothing(tmp_path, model_server, model_bytes):
    model_server.bodies["/movenet.tflite"] = model_bytes
    settings = download_settings(tmp_path, model_server.url("/movenet.tflite"), sha256="0" * 64)

    with pytest.raises(ModelUnavailableError, match="does not match"):
        resolve_model_path(settings)

    assert list(tmp_path.iterdir()) == []


def test_cache_hit_makes_no_request(tmp_path, model_server, model_bytes):
    (tmp_path / MOVENET_FILE_NAME).write_bytes(model_bytes)
    settings = download_settings(tmp_path, model_server.url("/movenet.tflite"))

    assert resolve_model_path(settings) == tmp_path / MOVENET_FILE_NAME
    assert model_server.requests == []


def test_corrupt_cached_model_is_downloaded_again(tmp_path, model_server, model_bytes):
    (tmp_path / MOVENET_FILE_NAME).write_bytes(b"half a model")
    model_server.bodies["/movenet.tflite"] = model_bytes

    path = resolve_model_path(download_settings(tmp_path, model_server.url("/movenet.tflite")))

    assert model_server.requests == ["/movenet.tflite"]
    assert sha256_of(path) == MOVENET_SHA256


def test_failed_download_is_a_typed_error(tmp_path, model_server):
    with pytest.raises(ModelUnavailableError, match="failed"):
        resolve_model_path(download_settings(tmp_path, model_server.url("/missing")))
    assert list(tmp_path.iterdir()) == []


def test_stalled_download_times_out(tmp_path, model_server, monkeypatch):
    monkeypatch.setattr(model, "DOWNLOAD_TIMEOUT_S", 0.2)
    model_server.bodies["/stall"] = b"\x1f\x8b"
    model_server.promised["/stall"] = 1000
    model_server.stalled.add("/stall")
    with pytest.raises(ModelUnavailableError, match="failed"):
        resolve_model_path(download_settings(tmp_path, model_server.url("/stall")))
    assert list(tmp_path.iterdir()) == []


def test_download_cut_short_is_a_typed_error(tmp_path, model_server, model_bytes):
    model_server.bodies["/cut"] = model_bytes[:1000]
    model_server.promised["/cut"] = len(model_bytes)
    with pytest.raises(ModelUnavailableError, match="failed"):
        resolve_model_path(download_settings(tmp_path, model_server.url("/cut")))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_model_cannot_be_loaded(tmp_path):
    not_a_model = tmp_path / "model.tflite"
    not_a_model.write_bytes(gzip.compress(b"not a flatbuffer"))
    with pytest.raises(ModelUnavailableError):
        PoseEstimator(not_a_model)


def test_without_tensorflow_or_litert_loading_is_a_typed_error(model_path, monkeypatch):
    # None in sys.modules makes an import fail as if the package were not installed.
    monkeypatch.setitem(sys.modules, "tensorflow", None)
    monkeypatch.setitem(sys.modules, "ai_edge_litert", None)
    with pytest.raises(ModelUnavailableError, match="neither"):
        PoseEstimator(model_path)


def test_importing_the_engine_does_not_load_tensorflow():
    # The web process imports the engine's types; TensorFlow must wait for the first estimator.
    code = "import sys, exercise_tracker.analysis.pose; print('tensorflow' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_estimate_gives_seventeen_normalised_keypoints(estimator):
    image = np.random.default_rng(0).integers(0, 256, (192, 192, 3), dtype=np.uint8)
    keypoints = estimator.estimate(image)
    assert keypoints.shape == (17, 3)
    assert keypoints.dtype == np.float32
    assert np.all((keypoints >= 0) & (keypoints <= 1))


def test_one_estimator_per_model_and_thread_count(settings):
    assert load_pose_estimator(settings) is load_pose_estimator(settings)
    one_thread = AnalysisSettings(model_path=settings.model_path, model_threads=1)
    assert load_pose_estimator(one_thread) is not load_pose_estimator(settings)


def test_fingerprint_names_the_file_its_hash_and_a_timing(settings):
    fingerprint = model_fingerprint(settings)
    assert fingerprint.path == settings.model_path
    assert fingerprint.sha256 == MOVENET_SHA256
    assert fingerprint.sha256_matches
    assert fingerprint.inference_ms > 0
