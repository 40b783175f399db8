"""Liveness and readiness."""

import pytest


def test_liveness_is_cheap_and_public(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_ready_with_database_and_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "queue": "ok"}


class TestQueueDown:
    @pytest.fixture
    def config_overrides(self):
        return {"REDIS_URL": "redis://127.0.0.1:1/0"}

    def test_names_the_failing_part(self, client):
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["checks"]["database"] == "ok"
        assert response.json["checks"]["queue"] != "ok"


class TestEmbeddedWithoutModel:
    """With no Redis this process analyses videos itself, so it needs the model."""

    @pytest.fixture
    def config_overrides(self, tmp_path):
        return {"REDIS_URL": None, "MOVENET_MODEL_PATH": tmp_path / "missing.tflite"}

    def test_missing_model_is_not_ready(self, client):
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "queue" not in response.json["checks"]
        assert response.json["checks"]["model"] != "ok"


def test_request_id_is_echoed_or_made(client):
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id; with spaces"})
    assert made.headers["X-Request-ID"] != "bad id; with spaces"
    assert len(made.headers["X-Request-ID"]) == 32


def test_one_log_line_per_request(client, caplog):
    caplog.set_level("INFO", logger="exercise_tracker.requests")
    client.get("/healthz", headers={"X-Request-ID": "req-1"})
    [line] = [r for r in caplog.records if r.name == "exercise_tracker.requests"]
    assert line.getMessage().startswith("GET /healthz 200")
    assert line.request_id == "req-1" and line.status == 200


def test_json_log_lines():
    import json
    import logging

    from exercise_tracker.observability import JsonFormatter

    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "hello %s", "args": ("you",), "video_id": "v1"}
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "hello you" and entry["video_id"] == "v1"
