"""Errors that are not raised with `abort`: database exceptions and request shapes.

Every one ends as flask-smorest's JSON error body, through `abort`, in this one place.
"""

import logging
from http import HTTPStatus

from flask import request
from flask_smorest import abort
from mongoengine.errors import DoesNotExist, NotUniqueError, OperationError, ValidationError
from pymongo.errors import PyMongoError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

MULTIPART_VIEWS_ATTR = "accepts_multipart"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


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

    return check


def register_error_handlers(app):
    app.before_request(check_request_body(app))

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
