"""`?wait` holds a request thread only while a bounded share of them is free for it."""

import io
import time

import pytest

from exercise_tracker.models.video import Video
from exercise_tracker.resources.predict.routes import _waiting_slots
from tests.conftest import CLIP, PREDICT, fixture_video


@pytest.fixture
def config_overrides():
    return {"WEB_THREADS": 4, "UPLOAD_WAIT_SHARE": 0.5}  # two threads may wait


def upload_waiting(client, patient, exercise_id, seconds):
    body = {
        "exercise_id": exercise_id,
        "file": (io.BytesIO(fixture_video(CLIP).read_bytes()), "c.mp4"),
    }
    started = time.monotonic()
    response = client.post(
        f"{PREDICT}?wait={seconds}",
        data=body,
        headers=patient.headers,
        content_type="multipart/form-data",
    )
    return response, time.monotonic() - started


def test_past_the_share_an_upload_answers_202_at_once(app, client, patient, exercise_for):
    slots = _waiting_slots(app)
    held = [slots.acquire(blocking=False) for _ in range(2)]  # two uploads already waiting
    try:
        assert held == [True, True] and not slots.acquire(blocking=False)
        response, took = upload_waiting(client, patient, exercise_for["id"], 30)
    finally:
        for _ in held:
            slots.release()
    assert response.status_code == 202
    assert response.headers["Location"].endswith(f"/api/v1/videos/{response.json['id']}")
    assert took < 10  # not the 30 s asked: no analysis runs here, so it would have waited


def test_a_waiting_upload_gives_its_thread_back(app, client, patient, exercise_for):
    response, took = upload_waiting(client, patient, exercise_for["id"], 1)
    assert response.status_code == 202 and took >= 1  # it waited: a slot was free
    slots = _waiting_slots(app)
    assert all(slots.acquire(blocking=False) for _ in range(2))
    assert not slots.acquire(blocking=False)


@pytest.mark.parametrize("config_overrides", [{"UPLOAD_WAIT_MAX_S": 5}])
def test_the_longest_wait_is_the_configured_one_checked_and_documented(client, patient):
    operation = client.get("/openapi.json").json["paths"]["/api/v1/predict/"]["post"]
    [wait] = [p for p in operation["parameters"] if p["name"] == "wait"]
    assert wait["schema"]["maximum"] == 5
    refused = client.post(f"{PREDICT}?wait=6", data={}, headers=patient.headers)
    assert refused.status_code == 422 and "wait" in refused.json["errors"]["query"]


def test_a_waiting_upload_reads_its_video_less_and_less_often(
    client, patient, exercise_for, monkeypatch
):
    reads = []
    original = Video.reload

    def counted(self, *fields, **kwargs):
        reads.append(time.monotonic())
        return original(self, *fields, **kwargs)

    monkeypatch.setattr(Video, "reload", counted)
    response, took = upload_waiting(client, patient, exercise_for["id"], 6)
    assert response.status_code == 202 and took >= 6  # nothing analyses it here: it waited
    # A read every quarter second would be 24; growing pauses make them 7 or 8.
    assert 5 <= len(reads) <= 9
    gaps = [later - earlier for earlier, later in zip(reads, reads[1:], strict=False)]
    assert gaps[-2] > 3 * gaps[0]
