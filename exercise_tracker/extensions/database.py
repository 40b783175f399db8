"""MongoDB connection: a real server, the embedded on-disk store, or in-memory for unit tests.

All three go through MongoEngine's `mongo_client_class`, so the documents and queries are the
same whichever store is behind them.
"""

import logging
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import mongoengine
from bson import ObjectId

log = logging.getLogger(__name__)


def _thread_safe_store(directory: Path):
    """litemongo's SQLite store with one set of connections per thread.

    SQLite connections may not cross threads, while the web server's threads and the embedded
    analysis thread share one client; giving each thread its own connections makes them behave
    like the separate processes litemongo already supports.
    """
    from litemongo import sqlite_store

    from exercise_tracker.extensions.query_cache import QueryCache

    class PatientCollectionStore(sqlite_store.CollectionStore):
        """Each write is one statement that SQLite commits as it runs (autocommit). Python's
        sqlite3 would otherwise open a transaction before it and commit after it in a second
        call, and between the two the thread waits for the interpreter's lock while holding
        the file's write lock: under load every other writer of the collection (the audit
        trail is written on each request) then sleeps in SQLite's busy handler. A change of
        several statements (drop, copy) still runs in one transaction."""

        answers = None  # a new connection starts with no answers

        def open(self):
            # Opening races other connections: switching to WAL can meet a busy file without
            # waiting, and two connections can both set up a new file's info row.
            for attempt in range(50):
                try:
                    super().open()
                    self._connection.isolation_level = None
                    self.answers = QueryCache()
                    return
                except (sqlite3.OperationalError, sqlite3.IntegrityError) as error:
                    retryable = "locked" in str(error) or "UNIQUE" in str(error)
                    if not retryable or attempt == 49:
                        raise
                    if self._connection is not None:  # half-open: no cursor to close yet
                        self._connection.close()
                        self._connection = None
                    time.sleep(0.02)

        def drop(self):
            self._connection.execute("BEGIN IMMEDIATE")  # litemongo's block commits it
            super().drop()

        def copy_from(self, source):
            self._connection.execute("BEGIN IMMEDIATE")
            super().copy_from(source)

        def find_candidates(self, filter):  # noqa: A002 (the store's own name)
            """A query naming one id reads that row. litemongo otherwise re-indexes the whole
            collection once another connection (any other thread or process) has written to it,
            which every upload and login does: a by-id read (a session check, a status change,
            an upload polling its video) would cost a scan of every document. The caller still
            checks the whole filter against the row."""
            key = filter.get("_id") if isinstance(filter, Mapping) else None
            if isinstance(key, ObjectId):
                self._remove_expired_documents()
                return self._documents.get_many([key])
            return super().find_candidates(filter)

    class ThreadLocalDatabaseStore(sqlite_store.DatabaseStore):
        def __getitem__(self, col_name):
            if col_name not in self._collections:
                self._collections[col_name] = PatientCollectionStore(
                    self._dirpath / col_name, codec_options=self._codec_options
                )
            return self._collections[col_name]

        @property
        def _collections(self):
            local = self.__dict__.setdefault("_local", threading.local())
            if not hasattr(local, "collections"):
                local.collections = {}
            return local.collections

        @_collections.setter
        def _collections(self, value):
            self._collections.update(value)

    class ThreadLocalServerStore(sqlite_store.ServerStore):
        lock = threading.Lock()

        def __getitem__(self, db_name):
            with self.lock:  # threads asking at once must share one database store
                if db_name not in self._databases:
                    self._databases[db_name] = ThreadLocalDatabaseStore(self._dirpath / db_name)
                return self._databases[db_name]

    return ThreadLocalServerStore(directory)


def embedded_client_class(directory: Path):
    """A pymongo-compatible client class bound to an on-disk litemongo folder.

    litemongo keeps each collection in an SQLite file, safe to share between the web and
    worker processes of one machine.
    """
    import litemongo

    from exercise_tracker.extensions.query_cache import caching_database

    directory.mkdir(parents=True, exist_ok=True)
    store = _thread_safe_store(directory)

    class EmbeddedMongoClient(litemongo.MongoClient):
        def __init__(self, *args, **kwargs):
            super().__init__(store, tz_aware=kwargs.get("tz_aware", False))

        def get_database(self, *args, **kwargs):
            return caching_database(super().get_database(*args, **kwargs))

    return EmbeddedMongoClient


def describe_store(config) -> str:
    """Names the store without credentials, for logs and health checks."""
    kind = config["MONGO_CLIENT"]
    if kind == "litemongo":
        return f"embedded litemongo store at {config['EMBEDDED_DB_DIR']}"
    if kind == "mongomock":
        return "in-memory mongomock store"
    return f"MongoDB server (database {config['DB_NAME']})"


def init_database(app):
    """(Re)binds MongoEngine's default connection to the configured store, lazily."""
    config = app.config
    kind = config["MONGO_CLIENT"]
    mongoengine.disconnect_all()
    options = {
        "db": config["DB_NAME"],
        "connect": False,
        "tz_aware": False,
        "uuidRepresentation": "standard",
    }
    if kind == "pymongo":
        options.update(host=config["MONGO_URI"])
    elif kind == "litemongo":
        options.update(
            host="mongodb://localhost",
            mongo_client_class=embedded_client_class(Path(config["EMBEDDED_DB_DIR"])),
        )
        from litemongo._vendor.mongomock.gridfs import enable_gridfs_integration

        enable_gridfs_integration()
    elif kind == "mongomock":
        import mongomock
        from mongomock.gridfs import enable_gridfs_integration

        options.update(host="mongodb://localhost", mongo_client_class=mongomock.MongoClient)
        enable_gridfs_integration()
    else:
        raise ValueError(f"unknown MONGO_CLIENT {kind!r}")
    mongoengine.connect(**options)
    log.info("using the %s", describe_store(config))


def ping() -> None:
    """Raises when the store does not answer."""
    mongoengine.get_db().command("ping")
