"""`flask db upgrade|status`: ordered, recorded, idempotent."""

from pathlib import Path

import mongoengine
from bson import ObjectId

from exercise_tracker import migrations

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def test_upgrade_applies_then_changes_nothing(app):
    names = sorted(path.stem for path in MIGRATIONS.glob("*.py"))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["db", "upgrade", "--dry-run"])
    assert f"would apply {len(names)} migration" in dry.output
    assert mongoengine.get_db()["migrations"].count_documents({}) == 0
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0 and f"applied {len(names)} migration" in first.output
    second = runner.invoke(args=["db", "upgrade"])
    assert "applied 0 migration" in second.output
    records = list(mongoengine.get_db()["migrations"].find())
    assert [(r["name"], r["outcome"]) for r in records] == [(name, "applied") for name in names]
    status = runner.invoke(args=["db", "status"])
    assert "2026-11-27-01-create-indexes  applied" in status.output


def test_first_migration_creates_the_declared_indexes(app):
    app.test_cli_runner().invoke(args=["db", "upgrade"])
    indexes = mongoengine.get_db()["users"].index_information()
    email = [i for i in indexes.values() if i["key"][0][0] == "email"]
    assert email and email[0].get("unique")
    predictions = mongoengine.get_db()["predictions"].index_information()
    assert any(i.get("unique") and i["key"][0][0] == "video_id" for i in predictions.values())


def test_migrations_run_in_date_order_and_stop_at_a_failure(app, tmp_path):
    (tmp_path / "2026-01-02-b.py").write_text(
        'def migrate(db):\n    """Second."""\n    db.log.insert_one({"step": 2})\n'
    )
    (tmp_path / "2026-01-01-a.py").write_text(
        'def migrate(db):\n    """First."""\n    db.log.insert_one({"step": 1})\n'
    )
    (tmp_path / "2026-01-03-c.py").write_text(
        'def migrate(db):\n    """Broken."""\n    raise RuntimeError("no")\n'
    )
    (tmp_path / "2026-01-04-d.py").write_text(
        'def migrate(db):\n    """After the broken one."""\n    db.log.insert_one({"step": 4})\n'
    )
    db = mongoengine.get_db()
    try:
        migrations.upgrade(tmp_path)
    except RuntimeError:
        pass
    assert [d["step"] for d in db.log.find()] == [1, 2]
    outcomes = {r["name"]: r["outcome"] for r in db.migrations.find()}
    assert outcomes == {
        "2026-01-01-a": "applied",
        "2026-01-02-b": "applied",
        "2026-01-03-c": "failed",
    }
    db.log.drop()
    db.migrations.delete_many({})


def test_older_predictions_get_their_match_status(app):
    predictions = mongoengine.get_db()["predictions"]
    predictions.insert_many(
        [{"video_id": ObjectId(), "is_match": value} for value in (True, False, None)]
        + [
            {"video_id": ObjectId()},
            {"video_id": ObjectId(), "is_match": False, "match_status": "cant_tell"},
        ]
    )
    app.test_cli_runner().invoke(args=["db", "upgrade"])
    found = [p.get("match_status") for p in predictions.find().sort("_id")]
    assert found == ["match", "mismatch", "cant_tell", "cant_tell", "cant_tell"]
