"""MongoDB connection: a real server, the embedded on-disk store, or in-memory for unit tests.

All three go through MongoEngine's `mongo_client_class`, so the documents and queries are the
same whichever store is behind them.
"""

import logging
from pathlib import Path

import mongoengine

log = logging.getLogger(__name__)


def embedded_client_class(directory: Path):
    """A pymongo-compatible client class bound to an on-disk litemongo folder.

    litemongo keeps each collection in an SQLite file, safe to share between the web and
    worker processes of one machine.
    """
    import litemongo

    directory.mkdir(parents=True, exist_ok=True)

    class EmbeddedMongoClient(litemongo.MongoClient):
        def __init__(self, *args, **kwargs):
            super().__init__(str(directory), tz_aware=kwargs.get("tz_aware", False))

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
