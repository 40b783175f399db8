"""Web hygiene: security headers on every answer, CORS only for configured origins."""

from flask import Flask, request
from flask_cors import CORS

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
