"""/docs and /redoc rendered by a real headless browser, with the app's strict CSP and no network.

The DOM after the page's scripts ran must hold the rendered operations: a blocked script (CSP)
or an asset fetched from elsewhere (the browser may reach only 127.0.0.1) leaves an empty page.
"""

import shutil
import subprocess
import threading

import pytest
from werkzeug.serving import make_server

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="chromium is not installed (scripts/ensure-system-packages installs it)"
)


@pytest.fixture
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def rendered(url: str, tmp_path) -> str:
    result = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            # Every host name fails to resolve: nothing can come from the internet.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_swagger_ui_renders_the_operations(served, tmp_path):
    dom = rendered(f"{served}/docs", tmp_path)
    assert 'class="swagger-ui"' in dom
    assert "opblock" in dom  # one block per operation, drawn by Swagger UI's script
    assert "/api/v1/users/login" in dom


def test_redoc_renders_the_operations(served, tmp_path):
    dom = rendered(f"{served}/redoc", tmp_path)
    assert "Exercise Tracker API" in dom
    assert "/api/v1/users/login" in dom
    assert "Upload a video of an assigned exercise" in dom  # an operation's summary
