"""The embedded store keeps data on disk, shared by the processes of one machine."""

import subprocess
import sys
import textwrap
from pathlib import Path

from config import TestingConfig
from exercise_tracker.app import create_app
from exercise_tracker.extensions.database import describe_store
from exercise_tracker.models import User

ROOT = Path(__file__).resolve().parents[2]


def embedded_config(directory):
    return type(
        "Embedded",
        (TestingConfig,),
        {"MONGO_CLIENT": "litemongo", "EMBEDDED_DB_DIR": directory, "MONGO_URI": None},
    )


def test_embedded_store_is_shared_with_another_process_and_survives_restart(tmp_path):
    writer = textwrap.dedent(
        f"""
        from config import TestingConfig
        from exercise_tracker.app import create_app
        from exercise_tracker.models import User
        config = type("E", (TestingConfig,), {{"MONGO_CLIENT": "litemongo",
                      "EMBEDDED_DB_DIR": {str(tmp_path)!r}, "MONGO_URI": None}})
        create_app(config)
        User(email="disk@clinic.example", full_name="On Disk", role="Patient",
             hashed_password="x").save()
        """
    )
    subprocess.run([sys.executable, "-c", writer], cwd=ROOT, check=True, timeout=120)
    app = create_app(embedded_config(tmp_path))
    with app.app_context():
        stored = User.objects(email="disk@clinic.example").first()
    assert stored is not None and stored.full_name == "On Disk"
    assert any(tmp_path.rglob("users"))


def test_the_store_in_use_is_named_without_credentials(tmp_path):
    assert "litemongo" in describe_store({"MONGO_CLIENT": "litemongo", "EMBEDDED_DB_DIR": tmp_path})
    assert "mongomock" in describe_store({"MONGO_CLIENT": "mongomock"})
    server = {"MONGO_CLIENT": "pymongo", "DB_NAME": "x", "MONGO_URI": "mongodb://u:pw@h"}
    assert "pw" not in describe_store(server)


def test_embedded_store_serves_many_threads(tmp_path):
    """The web server's threads and the analysis thread share one client."""
    from concurrent.futures import ThreadPoolExecutor

    app = create_app(embedded_config(tmp_path))

    def write_then_read(n):
        with app.app_context():
            User(
                email=f"t{n}@clinic.example", full_name=f"T{n}", role="Patient", hashed_password="x"
            ).save()
            return User.objects(email=f"t{n}@clinic.example").first().full_name

    with ThreadPoolExecutor(max_workers=4) as pool:
        names = list(pool.map(write_then_read, range(12)))
    assert names == [f"T{n}" for n in range(12)]
    with app.app_context():
        assert User.objects.count() == 12


def test_a_read_by_id_sees_other_threads_writes_without_scanning_the_collection(
    tmp_path, monkeypatch
):
    """Another connection's write makes litemongo re-index the whole collection on the next
    query; a read naming one id must not pay for that, and must still see the write."""
    import threading

    from litemongo import sqlite_store

    app = create_app(embedded_config(tmp_path))
    with app.app_context():
        people = [
            User(
                email=f"p{n}@clinic.example", full_name=f"P{n}", role="Patient", hashed_password="x"
            ).save()
            for n in range(30)
        ]
        target = people[7]
        User.objects(id=target.id).first()  # this thread's connection has indexed the collection

    def rename_elsewhere():
        with app.app_context():
            User.objects(id=target.id).update_one(set__full_name="Renamed")
            User.objects(id=people[8].id).delete()

    writer = threading.Thread(target=rename_elsewhere)
    writer.start()
    writer.join()

    scans = []
    original = sqlite_store.CollectionStore._iter_items

    def counted(self):
        scans.append(self)
        return original(self)

    monkeypatch.setattr(sqlite_store.CollectionStore, "_iter_items", counted)
    with app.app_context():
        assert User.objects(id=target.id).first().full_name == "Renamed"
        assert User.objects(id=target.id, full_name="P7").first() is None  # the whole filter
        assert User.objects(id=people[8].id).first() is None  # deleted elsewhere
        assert scans == []
        # Any other query still sees the other connection's writes (and re-indexes for them).
        assert User.objects(full_name="Renamed").count() == 1
        assert User.objects.count() == 29
    assert scans
