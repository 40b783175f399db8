"""The README's walk-through, pasted as it is: its shell blocks run top to bottom as one bash
script against the app served by `flask run`, with the embedded store, the embedded job runner,
the real pose model and a real clip."""

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests
from PIL import Image
from pypdf import PdfReader

from tests.deploy.test_procfile import free_port, wait_until
from tests.jobs.conftest import MODEL

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# The embedded job runner serves uploads without Redis; doctors register without a code.
NOT_INHERITED = ("REDIS_URL", "DOCTOR_REGISTRATION_CODE")
CLIP = ROOT.parent / "shared" / "fixtures" / "videos" / "squat_yyjtest_1.mp4"


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=10).status_code == 200
    except requests.RequestException:
        return False


def walk_through() -> str:
    """Every shell block from the walk-through up to the deploy section, in order."""
    readme = (ROOT / "README.md").read_text()
    start, end = readme.index("## Walk-through with curl"), readme.index("## Deploy")
    blocks = re.findall(r"```sh\n(.*?)```", readme[start:end], flags=re.S)
    assert len(blocks) >= 3
    return "\n".join(blocks)


def test_the_walk_through_keeps_every_id_it_uses():
    script = walk_through()
    assert "<" not in re.sub(r"<<|2>&1|<&|\$\(<", "", script.replace("-->", "")), (
        "a placeholder such as <video id> would be read as a redirection"
    )
    for name in ("EXERCISE_ID", "VIDEO_ID", "PATIENT_ID", "DOC_ID"):
        assert re.search(rf"^{name}=", script, flags=re.M), name


def test_the_walk_through_runs_against_the_served_app(tmp_path):
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("REDIS_URL", "DOCTOR_REGISTRATION_CODE")
        },
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "APP_ENV": "development",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "EMBEDDED_DB_DIR": str(tmp_path / "db"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MOVENET_MODEL_PATH": str(MODEL),
    }
    server = subprocess.Popen(
        [str(BIN / "flask"), "--app", "wsgi", "run", "--port", str(port), "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=open(tmp_path / "server.log", "w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), 120, "the server")
        work = tmp_path / "work"
        work.mkdir()
        run = subprocess.run(
            ["bash", "-c", walk_through()],
            cwd=work,
            env={**env, "API": f"http://127.0.0.1:{port}/api/v1", "VIDEO": str(CLIP)},
            capture_output=True,
            text=True,
            timeout=420,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "\n403\n" in run.stdout  # the patient may not change the prescription
    assert '"status": "Processed"' in run.stdout or '"status":"Processed"' in run.stdout
    assert "knee flexion" in run.stdout
    for picture in ("preview.png", "chart.png", "progress.png"):
        assert Image.open(work / picture).format == "PNG", picture
    report = PdfReader(io.BytesIO((work / "report.pdf").read_bytes()))
    assert "Pat Lee" in report.pages[0].extract_text()
    assert (work / "part.mp4").stat().st_size == 1024
