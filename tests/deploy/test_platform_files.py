"""app.json, the Procfile and the pins agree with the app and with what the platform offers."""

import json
import re
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest

from tests.test_documentation import settings_read

ROOT = Path(__file__).resolve().parents[2]
# Add-on providers checked to exist on the platform (2026-12); MongoDB has none any more (the
# mLab add-on is gone): MONGO_URI points at MongoDB Atlas or any provider.
EXISTING_ADDON_PROVIDERS = {"heroku-redis"}


@pytest.fixture(scope="module")
def app_json() -> dict:
    return json.loads((ROOT / "app.json").read_text())


def requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def test_app_json_asks_only_for_addons_that_exist(app_json):
    providers = {addon["plan"].split(":")[0] for addon in app_json["addons"]}
    assert providers <= EXISTING_ADDON_PROVIDERS
    assert {addon["as"] for addon in app_json["addons"]} == {"REDIS"}  # sets REDIS_URL
    assert app_json["env"]["MONGO_URI"]["required"] is True


def test_app_json_sets_only_settings_the_app_reads(app_json):
    assert set(app_json["env"]) <= settings_read()


def test_postdeploy_runs_the_release_command(app_json):
    procfile = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert app_json["scripts"]["postdeploy"] == procfile["release"].strip()


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned(name):
    for line in requirement_lines(name):
        assert line.startswith("-r ") or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), line


def test_the_environment_holds_the_cpu_tensorflow_and_no_django():
    assert distribution("tensorflow-cpu").version == next(
        line.split("==")[1] for line in requirement_lines("requirements.txt")
        if line.startswith("tensorflow-cpu==")
    )  # fmt: skip
    for absent in ("django", "tensorflow", "drf-spectacular-sidecar"):
        with pytest.raises(PackageNotFoundError):
            distribution(absent)
