"""A small runner for the dated data migrations in `migrations/`.

Each file there defines `migrate(db)` and a docstring that says why. Applied ones are recorded
in the `migrations` collection (name, when, outcome), so `upgrade` is idempotent.
"""

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

import mongoengine

from exercise_tracker.models.base import utcnow

log = logging.getLogger(__name__)

RECORDS = "migrations"


@dataclass(frozen=True)
class Migration:
    name: str
    path: Path

    @property
    def module(self):
        spec = importlib.util.spec_from_file_location(f"migrations.{self.name}", self.path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    @property
    def reason(self) -> str:
        return (self.module.migrate.__doc__ or "").strip().splitlines()[0]


def available(directory: Path) -> list[Migration]:
    """Migrations in the order they apply: by file name, which starts with the date."""
    return [Migration(path.stem, path) for path in sorted(Path(directory).glob("[0-9]*.py"))]


def applied(db) -> dict[str, dict]:
    return {
        record["name"]: record for record in db[RECORDS].find({"outcome": "applied"}, {"_id": 0})
    }


def status(directory: Path) -> list[tuple[Migration, dict | None]]:
    done = applied(mongoengine.get_db())
    return [(migration, done.get(migration.name)) for migration in available(directory)]


def upgrade(directory: Path, *, dry_run: bool = False) -> list[Migration]:
    """Applies the pending migrations in order; stops at the first that fails."""
    db = mongoengine.get_db()
    pending = [m for m in available(directory) if m.name not in applied(db)]
    if dry_run:
        return pending
    for migration in pending:
        log.info("applying migration %s", migration.name)
        try:
            migration.module.migrate(db)
        except Exception as error:
            db[RECORDS].insert_one(
                {
                    "name": migration.name,
                    "date": utcnow(),
                    "outcome": "failed",
                    "error": type(error).__name__,
                }
            )
            raise
        db[RECORDS].insert_one({"name": migration.name, "date": utcnow(), "outcome": "applied"})
    return pending
