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
