"""A typed client generated from /openapi.json (openapi-python-client) walks the main flow:
every answer it meets must be a documented status whose body parses as its documented schema."""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import CLIP, PASSWORD, fixture_video

BIN = Path(sys.executable).parent


@pytest.fixture
def generated(app, client, tmp_path, monkeypatch):
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/openapi.json").json))
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(tmp_path / "tracker_client"),
            "--meta",
            "none",
        ],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # Only the file downloads (pictures, video, PDF) are left to the caller to read raw.
    for line in result.stdout.splitlines():
        if line.startswith("Cannot parse response"):
            assert "Unsupported content_type" in line, line
            assert any(kind in line for kind in ("image/png", "application/pdf", "video/")), line
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module("tracker_client")


def test_main_flow_with_a_generated_client(app, generated):
    from tracker_client import AuthenticatedClient, Client
    from tracker_client.api.exercises import create_exercise, list_patient_exercises
    from tracker_client.api.predict import create_predict
    from tracker_client.api.users import create_login, create_user
    from tracker_client.api.videos import get_video_by_id, list_patient_videos
    from tracker_client.models import (
        ExerciseCreate,
        Login,
        MotionChoice,
        UserCreate,
        UserCreateRole,
        Video,
        VideoUpload,
    )
    from tracker_client.types import File

    transport = {"transport": httpx.WSGITransport(app=app)}
    base = "http://tracker.test"
    public = Client(base_url=base, httpx_args=transport, raise_on_unexpected_status=True)

    def signed_in(email, role):
        body = UserCreate(email=email, full_name=email, password=PASSWORD, role=role)
        assert create_user.sync_detailed(client=public, body=body).status_code == 201
        token = create_login.sync(client=public, body=Login(email=email, password=PASSWORD))
        return token, AuthenticatedClient(
            base_url=base,
            token=token.access_token,
            httpx_args=transport,
            raise_on_unexpected_status=True,
        )

    _, doctor = signed_in("doc@client.example", UserCreateRole.DOCTOR)
    patient_login, patient = signed_in("pat@client.example", UserCreateRole.PATIENT)
    patient_id = patient_login.user.id

    exercise = create_exercise.sync(
        client=doctor,
        body=ExerciseCreate(
            name="Front raises",
            assigned_to=patient_id,
            motion=MotionChoice.FRONT_RAISE,
            target_reps=5,
            sets=3,
        ),
    )
    assert exercise.motion == MotionChoice.FRONT_RAISE
    listed = list_patient_exercises.sync_detailed(client=patient, patient_id=patient_id)
    assert [e.id for e in listed.parsed] == [exercise.id]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 1

    with open(fixture_video(CLIP), "rb") as clip:
        upload = create_predict.sync_detailed(
            client=patient,
            body=VideoUpload(
                file=File(payload=clip, file_name=CLIP, mime_type="video/mp4"),
                exercise_id=exercise.id,
                pain_level=3,
            ),
        )
    assert upload.status_code == 202
    assert isinstance(upload.parsed, Video)
    assert upload.headers["Location"].endswith(upload.parsed.id)

    video = get_video_by_id.sync(client=doctor, video_id=upload.parsed.id)
    assert (video.exercise_id, video.pain_level) == (exercise.id, 3)
    assert video.status.value in ("Uploaded", "Processing")
    videos = list_patient_videos.sync(client=doctor, patient_id=patient_id)
    assert [v.id for v in videos] == [video.id]
