"""Claims made one process at a time where the store needs it.

A real MongoDB checks a unique index and inserts in one atomic step. The embedded litemongo
store checks, then writes: two processes could both insert one key. Its data is one machine's
disk anyway, so there claims are serialised by a file lock beside the store.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def claims_serialised(config) -> Iterator[None]:
    if config["MONGO_CLIENT"] != "litemongo":
        yield
        return
    path = Path(config["EMBEDDED_DB_DIR"]) / "notifications.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
