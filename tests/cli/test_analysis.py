"""`flask analyze` and `flask model verify` on the real model."""

import json

import pytest

from exercise_tracker.analysis.settings import MOVENET_SHA256
from tests.conftest import fixture_video
from tests.jobs.conftest import MODEL


@pytest.fixture
def config_overrides():
    return {"MOVENET_MODEL_PATH": MODEL}


def test_analyze_prints_a_readable_report(app):
    clip = fixture_video("front_raise_kshitij_2.mp4")
    result = app.test_cli_runner().invoke(args=["analyze", str(clip), "--motion", "front_raise"])
    assert result.exit_code == 0, result.output
    assert "Front raise" in result.output or "front_raise" in result.output
    assert "Repetitions" in result.output


def test_analyze_json_is_only_json(app):
    clip = fixture_video("front_raise_kshitij_2.mp4")
    result = app.test_cli_runner().invoke(args=["analyze", str(clip), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["predicted_motion"] == "front_raise"
    assert data["is_match"] is None and isinstance(data["rep_count"], int)


def test_analyze_refuses_an_unknown_motion_and_a_non_video(app, tmp_path):
    clip = fixture_video("front_raise_kshitij_2.mp4")
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["analyze", str(clip), "--motion", "deadlift"])
    assert unknown.exit_code != 0 and "unknown motion" in unknown.output
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    refused = runner.invoke(args=["analyze", str(text)])
    assert refused.exit_code != 0 and "Error" in refused.output


def test_model_verify_prints_path_checksum_and_timing(app):
    result = app.test_cli_runner().invoke(args=["model", "verify"])
    assert result.exit_code == 0, result.output
    assert str(MODEL) in result.output
    assert MOVENET_SHA256 in result.output
    assert "inference:" in result.output


class TestMissingModel:
    @pytest.fixture
    def config_overrides(self, tmp_path):
        return {"MOVENET_MODEL_PATH": tmp_path / "missing.tflite"}

    def test_model_verify_fails_with_a_reason(self, app):
        result = app.test_cli_runner().invoke(args=["model", "verify"])
        assert result.exit_code != 0
        assert "Error" in result.output


class TestNoRedis:
    @pytest.fixture
    def config_overrides(self):
        return {"REDIS_URL": None}

    def test_worker_needs_redis(self, app):
        result = app.test_cli_runner().invoke(args=["worker", "--burst"])
        assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_analyze_shows_a_progress_bar_on_a_terminal_only(app, monkeypatch):
    from exercise_tracker.cli import progress

    clip = fixture_video("front_raise_kshitij_2.mp4")
    quiet = app.test_cli_runner().invoke(args=["analyze", str(clip)])
    assert "Analysing" not in quiet.output  # not a terminal
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    shown = app.test_cli_runner().invoke(args=["analyze", str(clip)])
    assert shown.exit_code == 0, shown.output
    assert "Analysing front_raise_kshitij_2.mp4" in shown.stderr  # (the bar needs a real tty)
    as_json = app.test_cli_runner().invoke(args=["analyze", str(clip), "--json"])
    assert "Analysing" not in as_json.output and json.loads(as_json.stdout)
