"""The application factory."""

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_from_environment, instance_secret
from exercise_tracker.cli import register_cli
from exercise_tracker.errors import register_error_handlers
from exercise_tracker.extensions import api, jwt, limiter
from exercise_tracker.extensions.database import init_database
from exercise_tracker.extensions.docs import docs_assets_blueprint
from exercise_tracker.jobs.recovery import recover_on_first_request
from exercise_tracker.json_input import StrictJSONProvider
from exercise_tracker.observability import configure_logging, init_request_logging
from exercise_tracker.resources import BLUEPRINTS
from exercise_tracker.security import init_audit_trail, init_security

log = logging.getLogger(__name__)


def create_app(config_class=None) -> Flask:
    """Builds the app; a configuration that must not serve stops it with a one-line reason."""
    config_class = config_class or config_from_environment()
    problems = config_class.problems()
    if problems:
        raise SystemExit(f"Refusing to start ({config_class.ENV_NAME}): {'; '.join(problems)}")

    app = Flask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    app.config.from_object(config_class)
    if not app.config["JWT_SECRET_KEY"]:  # outside production only: it refuses to start above
        app.config["JWT_SECRET_KEY"] = instance_secret(app.config["INSTANCE_DIR"])
    app.json = StrictJSONProvider(app)
    configure_logging(app.config)
    init_request_logging(app)
    app.wsgi_app = ProxyFix(
        app.wsgi_app,
        x_for=app.config["PROXY_HOPS"],
        x_proto=app.config["PROXY_HOPS"],
        x_host=app.config["PROXY_HOPS"],
    )

    init_database(app)
    jwt.init_app(app)
    limiter.init_app(app)
    init_security(app)
    init_audit_trail(app)  # after the headers' hook, so that it runs before it
    api.init_app(app)
    app.register_blueprint(docs_assets_blueprint())
    # In the app's context: bounds that are settings (the password's minimum length) are read
    # from this app's configuration as its OpenAPI document is written.
    with app.app_context():
        for blueprint in BLUEPRINTS:
            api.register_blueprint(blueprint)
    register_error_handlers(app)
    register_cli(app)
    if not app.config["REDIS_URL"]:
        recover_on_first_request(app)

    if not app.config["DOCTOR_REGISTRATION_CODE"] and app.config["ENV_NAME"] == "development":
        log.warning("DOCTOR_REGISTRATION_CODE is unset: anyone may register as a doctor")
    return app
