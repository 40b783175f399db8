"""flask-smorest's Api, Blueprint and Page, subclassed once for the whole API."""

import http
import logging
from collections.abc import Mapping

import flask_smorest
import marshmallow as ma
from bson import ObjectId
from flask_smorest.fields import Upload
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.routing import BaseConverter, ValidationError

from exercise_tracker.errors import is_unicode

log = logging.getLogger(__name__)

# A response body that is a file (a video, a picture, a PDF): documented with its media type.
BINARY = {"type": "string", "format": "binary"}


class ObjectIdConverter(BaseConverter):
    """`<objectid:name>`: a malformed id never reaches a view, it is a 404."""

    regex = "[0-9a-fA-F]{24}"

    def to_python(self, value):
        if not ObjectId.is_valid(value):
            raise ValidationError()
        return ObjectId(value)

    def to_url(self, value):
        return str(value)


class Api(flask_smorest.Api):
    """One JSON error shape for every status, with a message, and no internals ever."""

    def init_app(self, app, *args, **kwargs):
        app.url_map.converters["objectid"] = ObjectIdConverter
        super().init_app(app, *args, **kwargs)
        self.register_converter(
            ObjectIdConverter, lambda _: {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
        )
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        )

    def handle_http_exception(self, error):
        payload, code, headers = super().handle_http_exception(error)
        # Keep what the exception itself says in headers (Allow on a 405, for one).
        own = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        headers = {**own, **dict(headers or {})}
        if code >= 500:
            original = getattr(error, "original_exception", None)
            if original is not None:
                log.error("unhandled %s", type(original).__name__, exc_info=original)
            # A server error says nothing of its cause to the client.
            payload["message"] = http.HTTPStatus(code).phrase
            payload.pop("errors", None)
        else:
            payload.setdefault("message", error.description)
        return payload, code, headers


class ArgumentsParser(FlaskParser):
    def load_files(self, req, schema):
        """A multipart body carries form fields beside its files: one schema reads both, and the
        OpenAPI document shows one multipart request body."""
        return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        """Of a multipart body, the form fields' messages are reported under `form`; only the
        files' stay under `files`."""
        messages = error.messages.get("files") if isinstance(error.messages, dict) else None
        if isinstance(messages, dict):
            files = {f.data_key or n for n, f in schema.fields.items() if isinstance(f, Upload)}
            split = {
                "files": {k: v for k, v in messages.items() if k in files},
                "form": {k: v for k, v in messages.items() if k not in files},
            }
            error.messages = {
                **{k: v for k, v in error.messages.items() if k != "files"},
                **{location: found for location, found in split.items() if found},
            }
        super().handle_error(
            error, req, schema, error_status_code=error_status_code, error_headers=error_headers
        )


class Blueprint(flask_smorest.Blueprint):
    """Adds `errors(...)`: documents error responses by status code in one line."""

    ARGUMENTS_PARSER = ArgumentsParser()

    def errors(self, *codes):
        def decorator(func):
            for code in codes:
                func = self.alt_response(code, response=http.HTTPStatus(code).name)(func)
            return func

        return decorator

    def file_response(self, content_type: str, description: str):
        """Documents a file answered with an ETag: 200 with its media type, or 304."""

        def decorator(func):
            func = self.alt_response(304, description="Not modified (`If-None-Match`)")(func)
            return self.response(200, BINARY, content_type=content_type, description=description)(
                func
            )

        return decorator

    def listing(self, query_schema, item_schema, pager, *error_codes):
        """A paginated list filtered by query arguments, for an authenticated caller."""

        def decorator(func):
            func = self.paginate(pager)(func)
            func = self.errors(*error_codes)(func)
            func = self.response(200, item_schema(many=True))(func)
            func = self.arguments(query_schema, location="query")(func)
            return self.authenticated(func)

        return decorator

    def authenticated(self, func):
        """Documents the bearer scheme and the 401 it implies."""
        func = self.doc(security=[{"bearerAuth": []}])(func)
        return self.errors(401)(func)


class QuerySetPage(flask_smorest.Page):
    """Pages a MongoEngine QuerySet with skip/limit and a count, never loading it whole."""

    @property
    def item_count(self):
        return self.collection.count()


class Schema(ma.Schema):
    """Unknown fields are refused, never ignored: a typo or a smuggled field is a 422; so is text
    that is not valid Unicode, wherever it came from (a body, a query, a form field)."""

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_invalid_text(self, data, **kwargs):
        if not isinstance(data, Mapping):
            return data
        invalid = {
            str(name): ["Not valid Unicode text."]
            for name in data
            if not is_unicode(str(name)) or _has_invalid_text(data.get(name))
        }
        if invalid:
            raise ma.ValidationError(
                {
                    name.encode("utf-8", "replace").decode(): messages
                    for name, messages in invalid.items()
                }
            )
        return data


def _has_invalid_text(value) -> bool:
    if isinstance(value, str):
        return not is_unicode(value)
    if isinstance(value, list | tuple):
        return any(_has_invalid_text(item) for item in value)
    return False
