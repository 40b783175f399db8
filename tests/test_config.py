"""Configuration: production refuses to start on missing or default secrets."""

import pytest

from config import DEVELOPMENT_SECRET, ProductionConfig, TestingConfig
from exercise_tracker.app import create_app


def production(**settings):
    return type("Production", (ProductionConfig,), settings)


def test_production_refuses_missing_mongo_uri():
    with pytest.raises(SystemExit, match="MONGO_URI is not set"):
        create_app(production(MONGO_URI=None, JWT_SECRET_KEY="x" * 40))


@pytest.mark.parametrize("secret", [DEVELOPMENT_SECRET, "change-me", ""])
def test_production_refuses_default_secrets(secret):
    with pytest.raises(SystemExit, match="JWT_SECRET_KEY"):
        create_app(production(MONGO_URI="mongodb://db.example:27017", JWT_SECRET_KEY=secret))


def test_production_refuses_short_secret():
    with pytest.raises(SystemExit, match="shorter than 32"):
        create_app(production(MONGO_URI="mongodb://db.example:27017", JWT_SECRET_KEY="short"))


def test_production_reason_is_one_line():
    with pytest.raises(SystemExit) as refused:
        create_app(production(MONGO_URI=None, JWT_SECRET_KEY="change-me"))
    assert "\n" not in str(refused.value)
    assert "MONGO_URI" in str(refused.value) and "JWT_SECRET_KEY" in str(refused.value)


def test_production_starts_with_real_settings():
    config = production(
        MONGO_URI="mongodb://db.example:27017", JWT_SECRET_KEY="s" * 40, MONGO_CLIENT="mongomock"
    )
    assert create_app(config).config["ENV_NAME"] == "production"


def test_testing_defaults():
    assert TestingConfig.PORT == 7860
    assert TestingConfig.DB_NAME


def test_development_generates_its_signing_key_once_owner_only(tmp_path):
    from config import DevelopmentConfig

    config = type(
        "Dev",
        (DevelopmentConfig,),
        {"JWT_SECRET_KEY": None, "INSTANCE_DIR": tmp_path, "MONGO_CLIENT": "mongomock"},
    )
    first = create_app(config).config["JWT_SECRET_KEY"]
    again = create_app(config).config["JWT_SECRET_KEY"]
    key_file = tmp_path / "jwt-secret"
    assert first == again == key_file.read_text().strip()
    assert len(first) >= 48 and first != DEVELOPMENT_SECRET
    assert key_file.stat().st_mode & 0o777 == 0o600
    other = tmp_path / "elsewhere"
    assert (
        create_app(type("Dev2", (config,), {"INSTANCE_DIR": other})).config["JWT_SECRET_KEY"]
        != first
    )


def test_production_refuses_an_unset_secret():
    with pytest.raises(SystemExit, match="JWT_SECRET_KEY is missing"):
        create_app(production(MONGO_URI="mongodb://db.example:27017", JWT_SECRET_KEY=None))


def test_no_forwarded_headers_trusted_outside_production():
    from config import Config, DevelopmentConfig

    assert Config.PROXY_HOPS == DevelopmentConfig.PROXY_HOPS == TestingConfig.PROXY_HOPS == 0
    assert ProductionConfig.PROXY_HOPS == 1
