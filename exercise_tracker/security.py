"""Web hygiene: security headers on every answer, CORS only for configured origins, and the
audit trail of every request that touched a patient's data, with the answer it got."""

import logging

from flask import Flask, g, request
from flask_cors import CORS
from pymongo.errors import PyMongoError

from exercise_tracker.errors import error_response
from exercise_tracker.models import AuditAction
from exercise_tracker.services import audit

log = logging.getLogger(__name__)

METHOD_ACTIONS = {
    "GET": AuditAction.READ,
    "HEAD": AuditAction.READ,
    "POST": AuditAction.CREATE,
    "PUT": AuditAction.UPDATE,
    "PATCH": AuditAction.UPDATE,
    "DELETE": AuditAction.DELETE,
}

DOCS_PATHS = ("/docs", "/redoc")
# The API answers JSON, pictures and videos: nothing in it may run or be framed.
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc run our own scripts (and one inline bootstrap script) and ReDoc
# uses a blob worker; everything comes from this origin.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "frame-ancestors 'none'"
)


def init_security(app: Flask) -> None:
    if app.config["CORS_ORIGINS"]:
        CORS(
            app,
            resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
            expose_headers=["Location", "X-Pagination", "X-Request-ID", "Retry-After"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
        )
    production = app.config["ENV_NAME"] == "production"

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        docs = request.path.startswith(DOCS_PATHS) or request.path.startswith("/docs-assets")
        headers["Content-Security-Policy"] = DOCS_POLICY if docs else API_POLICY
        if request.path.startswith("/api/"):
            headers.setdefault("Cache-Control", "no-store")
        if production:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        headers.pop("Server", None)
        return response


def init_audit_trail(app: Flask) -> None:
    """Each request acts as its (anonymous, until its token is checked) caller; the permission
    checks note whose data it concerns, and the answer's status is recorded with each."""

    @app.before_request
    def _begin():
        audit.begin(audit.Actor(address=request.remote_addr, request_id=g.get("request_id")))

    @app.after_request
    def _finish(response):
        action = METHOD_ACTIONS.get(request.method, AuditAction.READ)
        try:
            audit.finish(response.status_code, action, request.endpoint)
        except PyMongoError as error:
            # Patient data is not handed out unrecorded: fail closed.
            log.error("audit trail not written: %s", type(error).__name__)
            if response.status_code < 400:
                body, code, headers = error_response(
                    503,
                    "The database is unavailable; try again shortly.",
                    headers={"Retry-After": "5"},
                )
                return app.response_class(
                    app.json.dumps(body), code, headers, mimetype="application/json"
                )
        return response
