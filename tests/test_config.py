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
