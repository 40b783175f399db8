"""The embedded store keeps data on disk, shared by the processes of one machine."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from config import TestingConfig
from exercise_tracker.app import create_app
from exercise_tracker.extensions.database import describe_store
from exercise_tracker.models import User
from exercise_tracker.models.base import utcnow

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


def _people(count):
    return [
        User(email=f"c{n}@clinic.example", full_name=f"C{n}", role="Patient", hashed_password="x")
        for n in range(count)
    ]


@pytest.fixture
def embedded_app(tmp_path):
    app = create_app(embedded_config(tmp_path))
    with app.app_context():
        User.objects.insert(_people(12))
    return app


@pytest.fixture
def evaluations(monkeypatch):
    """Each time the store had to look at documents to answer a query."""
    from litemongo import sqlite_store

    seen = []
    original = sqlite_store.CollectionStore.find_candidates

    def counted(self, spec):
        seen.append(spec)
        return original(self, spec)

    monkeypatch.setattr(sqlite_store.CollectionStore, "find_candidates", counted)
    return seen


def _patients_page():
    page = User.objects(role="Patient").order_by("-full_name", "id")[:5]
    return [person.full_name for person in page], User.objects(role="Patient").count()


def test_a_repeated_query_is_answered_without_looking_at_the_documents(embedded_app, evaluations):
    with embedded_app.app_context():
        first = _patients_page()
        looked = len(evaluations)
        assert looked > 0
        assert _patients_page() == first == (["C9", "C8", "C7", "C6", "C5"], 12)
        assert len(evaluations) == looked  # the page and the count came from memory


def test_an_answer_changed_by_its_caller_is_not_changed_for_the_next(embedded_app):
    with embedded_app.app_context():
        collection = User._get_collection()
        collection.find_one({"full_name": "C3"})["full_name"] = "Changed in memory"
        assert collection.find_one({"full_name": "C3"})["full_name"] == "C3"


def test_writes_through_the_same_connection_are_seen_at_once(embedded_app):
    with embedded_app.app_context():
        assert _patients_page()[1] == 12
        User.objects(full_name="C9").update_one(set__full_name="C99")
        User(
            email="new@clinic.example", full_name="C98", role="Patient", hashed_password="x"
        ).save()
        assert _patients_page() == (["C99", "C98", "C8", "C7", "C6"], 13)
        User.objects(full_name="C99").delete()
        assert _patients_page() == (["C98", "C8", "C7", "C6", "C5"], 12)


def test_writes_by_another_thread_are_seen_at_once(embedded_app):
    import threading

    def rename_elsewhere():
        with embedded_app.app_context():
            User.objects(full_name="C9").update_one(set__full_name="C0 renamed")
            User.objects(full_name="C8").delete()

    with embedded_app.app_context():
        assert _patients_page()[0][0] == "C9"
        writer = threading.Thread(target=rename_elsewhere)
        writer.start()
        writer.join()
        assert _patients_page() == (["C7", "C6", "C5", "C4", "C3"], 11)


def test_writes_by_another_process_are_seen_at_once(embedded_app, tmp_path):
    writer = textwrap.dedent(
        f"""
        from config import TestingConfig
        from exercise_tracker.app import create_app
        from exercise_tracker.models import User
        config = type("E", (TestingConfig,), {{"MONGO_CLIENT": "litemongo",
                      "EMBEDDED_DB_DIR": {str(tmp_path)!r}, "MONGO_URI": None}})
        with create_app(config).app_context():
            User.objects(full_name="C9").update_one(set__full_name="C90")
        """
    )
    with embedded_app.app_context():
        assert _patients_page()[0][0] == "C9"
        subprocess.run([sys.executable, "-c", writer], cwd=ROOT, check=True, timeout=120)
        assert _patients_page() == (["C90", "C8", "C7", "C6", "C5"], 12)


def test_the_memory_kept_for_answers_is_bounded(embedded_app):
    from exercise_tracker.extensions import query_cache

    with embedded_app.app_context():
        for n in range(query_cache.MAX_ANSWERS + 20):
            assert User.objects(full_name=f"C{n}").count() == (1 if n < 12 else 0)
        store = User._get_collection()._store
        assert len(store.answers) == query_cache.MAX_ANSWERS
        everyone = list(User._get_collection().find({}, {"hashed_password": 0}))
        assert len(everyone) == 12


def test_large_answers_are_computed_each_time(embedded_app, evaluations, monkeypatch):
    from exercise_tracker.extensions import query_cache

    monkeypatch.setattr(query_cache, "MAX_ANSWER_BYTES", 200)
    with embedded_app.app_context():
        assert len(list(User.objects(role="Patient"))) == 12
        assert len(list(User.objects(role="Patient"))) == 12
        assert len(evaluations) == 2


def test_collections_whose_documents_expire_are_evaluated_each_time(embedded_app, evaluations):
    """No write announces that a document's time ran out, so nothing there is kept."""
    with embedded_app.app_context():
        collection = User._get_db()["expiring"]
        collection.create_index("at", expireAfterSeconds=60)
        collection.insert_one({"at": utcnow(), "name": "soon gone"})
        assert collection.find_one({"name": "soon gone"}) is not None
        assert collection.find_one({"name": "soon gone"}) is not None
        assert len(evaluations) == 2


def _statements_of(collection) -> list[str]:
    """The SQL this thread's connection to the collection's file runs from now on."""
    statements = []
    collection._store._connection.set_trace_callback(statements.append)
    return statements


def test_a_write_is_one_statement_committed_as_it_runs(embedded_app):
    """No transaction is opened around a single write: one left open until a second call would
    hold the file's write lock while its thread waits for the interpreter's lock."""
    with embedded_app.app_context():
        users = User._get_collection()
        statements = _statements_of(users)
        users.insert_one({"email": "one@clinic.example", "role": "Patient"})
        users.update_one({"email": "one@clinic.example"}, {"$set": {"full_name": "One"}})
        users.delete_one({"email": "one@clinic.example"})
        connection = users._store._connection
        assert not connection.in_transaction
    writes = [s for s in statements if s.split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert len(writes) >= 3
    assert not [s for s in statements if s.split()[0].upper() in {"BEGIN", "COMMIT"}]


def test_dropping_a_collection_is_still_one_transaction(embedded_app):
    with embedded_app.app_context():
        users = User._get_collection()
        statements = _statements_of(users)
        users.drop()
        assert User.objects.count() == 0
        assert not users._store._connection.in_transaction
    words = [s.split()[0].upper() for s in statements]
    assert words.count("BEGIN") == 1 and words.count("COMMIT") == 1
    deletes = [i for i, word in enumerate(words) if word == "DELETE"]
    assert len(deletes) == 3
    assert words.index("BEGIN") < deletes[0] and deletes[-1] < words.index("COMMIT")
