"""Errors that are not raised with `abort`: domain errors, database exceptions and request shapes.

Every one ends as flask-smorest's JSON error body, in this one place.
"""

import logging
import time
from http import HTTPStatus

from flask import request
from flask_smorest import abort
from mongoengine.errors import DoesNotExist, NotUniqueError, OperationError, ValidationError
from pymongo.errors import PyMongoError
from redis.exceptions import RedisError
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from exercise_tracker.extensions import limiter
from exercise_tracker.services.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotAuthenticated,
    NotFound,
    Unavailable,
    Unsupported,
)

log = logging.getLogger(__name__)

MULTIPART_VIEWS_ATTR = "accepts_multipart"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# The one mapping of the domain's errors to HTTP.
DOMAIN_STATUS = {
    NotFound: 404,
    Forbidden: 403,
    NotAuthenticated: 401,
    Conflict: 409,
    Invalid: 422,
    Unsupported: 415,
    Unavailable: 503,
}
# Only these answers say when to come back.
RETRY_STATUSES = frozenset({429, 503})


def error_response(code: int, message: str, errors=None, headers=None):
    """The JSON error body flask-smorest's `abort` gives, for handlers that must return one."""
    payload = {"code": code, "status": HTTPStatus(code).phrase, "message": message}
    if errors:
        payload["errors"] = errors
    return payload, code, headers or {}


def accepts_multipart(view):
    """Marks a view that takes `multipart/form-data` instead of JSON."""
    setattr(view, MULTIPART_VIEWS_ATTR, True)
    return view


def _has_body() -> bool:
    return bool(request.content_length) or "chunked" in request.headers.get("Transfer-Encoding", "")


def check_request_body(app):
    """JSON bodies must say so and stay small; multipart only where a view takes it."""

    def check():
        if request.method not in BODY_METHODS or not _has_body():
            return
        if request.routing_exception is not None:
            return  # no such route or method: that error comes first
        view = app.view_functions.get(request.endpoint)
        view_class = getattr(view, "view_class", None)
        handler = getattr(view_class, request.method.lower(), view)
        if getattr(handler, MULTIPART_VIEWS_ATTR, False):
            if request.mimetype != "multipart/form-data":
                abort(415, message="Send the upload as multipart/form-data.")
            request.max_content_length = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
            return
        if request.mimetype != "application/json":
            abort(415, message="Send the request body as application/json.")
        request.max_content_length = app.config["MAX_JSON_BODY_BYTES"]
        try:
            app.json.loads(request.get_data(cache=True))
        except ValueError as error:  # a decoding error, or StrictJSONProvider's refusal
            abort(400, message=f"The body is not JSON this API can take: {error}.")

    return check


def _domain_error(error: DomainError):
    code = next(status for kind, status in DOMAIN_STATUS.items() if isinstance(error, kind))
    if error.field:
        return error_response(code, error.message, {error.location: {error.field: [error.message]}})
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, Unavailable) else None
    return error_response(code, error.message, headers=headers)


def _too_large(error):
    limit = request.max_content_length
    if limit is None:
        return error_response(413, "The request body is too large.")
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return error_response(413, f"The request body is larger than the limit of {size}.")


def _rate_limited(error):
    """Says which limit was reached and when to come back."""
    breached = limiter.current_limit
    seconds = max(1, int(breached.reset_at - time.time())) if breached else 60
    return error_response(
        429,
        f"Too many requests ({error.description}); try again in {seconds} seconds.",
        headers={"Retry-After": str(seconds)},
    )


def _retry_after_only_when_limited(response):
    """Rate limiting adds `Retry-After` to every answer of a limited route; it means something
    only on a refusal."""
    if response.status_code not in RETRY_STATUSES:
        response.headers.pop("Retry-After", None)
    return response


def register_error_handlers(app):
    app.before_request(check_request_body(app))
    # First in the list, so it runs last: after the rate limiter has added its headers.
    app.after_request_funcs.setdefault(None, []).insert(0, _retry_after_only_when_limited)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(TooManyRequests, _rate_limited)

    @app.errorhandler(NotUniqueError)
    def _not_unique(error):
        return error_response(409, "That already exists (for a user: this email is taken).")

    @app.errorhandler(ValidationError)
    def _invalid(error):
        errors = {field: [str(e)] for field, e in (error.errors or {}).items()}
        return error_response(
            422, "Invalid data.", errors={"json": errors or {"_schema": [error.message]}}
        )

    @app.errorhandler(DoesNotExist)
    def _missing(error):
        return error_response(404, "Not found.")

    @app.errorhandler(PyMongoError)
    def _database_unavailable(error):
        # The driver's message can hold hosts or credentials: log the type only.
        log.error("database error: %s", type(error).__name__)
        return error_response(
            503, "The database is unavailable; try again shortly.", headers={"Retry-After": "5"}
        )

    @app.errorhandler(RedisError)
    def _redis_unavailable(error):
        """Redis (rate limits, the queue) gone mid-request, wherever it was first touched."""
        log.error("redis error: %s", type(error).__name__)
        return error_response(
            503,
            "A service the app needs is briefly unavailable; try again shortly.",
            headers={"Retry-After": "30"},
        )

    @app.errorhandler(OperationError)
    def _operation_failed(error):
        """MongoEngine wraps a server's refusal of a write (a write concern timed out, an
        operation failed on the server) in its own OperationError: the database being
        unavailable, like any driver error, not a fault of the request or a bug."""
        if isinstance(error.__cause__ or error.__context__, PyMongoError):
            return _database_unavailable(error.__cause__ or error.__context__)
        raise error
