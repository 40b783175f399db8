"""The database raising errors mid-request: 503 with Retry-After, never a half-written video.

Faults are raised where the driver raises them (a collection's method), so the same tests hold
on a real server (TEST_MONGO_URI) as on the stand-ins.
"""

import mongoengine
import pytest
from gridfs import GridIn
from pymongo.errors import AutoReconnect, WriteConcernError

from exercise_tracker.jobs.queue import analysis_queue
from exercise_tracker.models import Exercise, Video
from exercise_tracker.storage.gridfs_store import COLLECTION
from tests.conftest import stored_files, upload

SERVER_ERRORS = [
    AutoReconnect("primary stepped down"),
    WriteConcernError("waiting for replication timed out", 64),
]


class FailingCollection:
    """A real collection whose named methods raise `error`, as the driver does in an outage."""

    def __init__(self, collection, error: Exception, methods: set[str]):
        self._collection = collection
        self._error = error
        self._methods = methods

    def __getattr__(self, name):
        if name in self._methods:

            def fail(*args, **kwargs):
                raise self._error

            return fail
        if name == "with_options":  # e.g. a write concern: the copy fails alike
            return lambda *args, **kwargs: FailingCollection(
                self._collection.with_options(*args, **kwargs), self._error, self._methods
            )
        return getattr(self._collection, name)


@pytest.fixture
def break_collection(monkeypatch):
    """`break_collection(Video, error, {"insert_one"})`: those calls raise until the test ends."""

    def _break(document, error: Exception, methods: set[str]):
        collection = document._get_collection()
        failing = FailingCollection(collection, error, methods)
        monkeypatch.setattr(document, "_get_collection", classmethod(lambda cls: failing))

    return _break


def assert_refused_for_now(response) -> None:
    assert response.status_code == 503, response.json
    assert int(response.headers["Retry-After"]) > 0
    assert b"replication" not in response.data and b"primary" not in response.data


@pytest.mark.parametrize("error", SERVER_ERRORS, ids=type)
def test_video_not_recorded_leaves_no_file_and_no_job(
    app, client, patient, exercise_for, break_collection, monkeypatch, error
):
    break_collection(Video, error, {"insert_one"})
    assert_refused_for_now(upload(client, patient, exercise_for["id"]))
    monkeypatch.undo()
    assert Video.objects.count() == 0 and stored_files(app) == []
    assert analysis_queue(app).count == 0


@pytest.mark.parametrize("error", SERVER_ERRORS, ids=type)
def test_upload_answered_503_was_not_kept(
    app, client, patient, exercise_for, break_collection, monkeypatch, error
):
    """Writes after the video's insert fail: the answer and what is kept agree (a video kept
    after a 503 would be uploaded again and analysed twice)."""
    break_collection(Video, error, {"update_one", "update_many", "find_one_and_update"})
    response = upload(client, patient, exercise_for["id"])
    monkeypatch.undo()
    if response.status_code == 202:  # no write followed the insert: kept, and queued
        job_id = Video.objects(id=response.json["id"]).first().job_id
        assert [job.id for job in analysis_queue(app).jobs] == [job_id]
        return
    assert_refused_for_now(response)
    assert Video.objects.count() == 0 and stored_files(app) == []
    assert analysis_queue(app).count == 0


class TestGridFSStorage:
    @pytest.fixture
    def config_overrides(self):
        return {"VIDEO_STORAGE": "gridfs"}

    def test_storage_failing_mid_write_leaves_no_chunks(
        self, app, client, patient, exercise_for, monkeypatch
    ):
        """The chunks reach the database, then the connection drops before the file document."""
        flush = GridIn._flush_data

        def flush_then_drop(grid_file, data, force=False):
            flush(grid_file, data, force)
            if force:  # the last flush: every chunk is written
                raise AutoReconnect("connection closed")

        monkeypatch.setattr(GridIn, "_flush_data", flush_then_drop)
        assert_refused_for_now(upload(client, patient, exercise_for["id"]))
        database = mongoengine.get_db()
        assert database[f"{COLLECTION}.chunks"].count_documents({}) == 0
        assert database[f"{COLLECTION}.files"].count_documents({}) == 0
        assert Video.objects.count() == 0


@pytest.mark.parametrize("error", SERVER_ERRORS, ids=type)
def test_read_route_is_503_not_500(client, patient, exercise_for, break_collection, error):
    break_collection(Exercise, error, {"find", "find_one", "aggregate", "count_documents"})
    assert_refused_for_now(
        client.get(f"/api/v1/exercises/patient/{patient.id}", headers=patient.headers)
    )
