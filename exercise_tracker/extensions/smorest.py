"""flask-smorest's Api, Blueprint and Page, subclassed once for the whole API."""

import functools
import http
import logging
from collections.abc import Mapping

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from bson import ObjectId
from flask import current_app, request
from flask_smorest.fields import Upload
from mongoengine.base import BaseDocument
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.routing import BaseConverter, ValidationError

from exercise_tracker.json_input import is_unicode

log = logging.getLogger(__name__)

# The query keys smorest's own pagination schema reads, beside a listing's query schema.
PAGINATION_KEYS = ("page", "page_size")
# As marshmallow words it for a key a query schema does not take.
UNKNOWN_QUERY_KEY = "Unknown field."
# A response body that is a file (a video, a picture, a PDF): documented with its media type.
BINARY = {"type": "string", "format": "binary"}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
VERBS = {"get": "get", "post": "create", "put": "update", "patch": "patch", "delete": "delete"}


def header(description: str, **schema) -> dict:
    return {"description": description, "schema": {"type": "string", **schema}}


CACHE_CONTROL = header("`no-store` for JSON; `private, no-cache` for files")
RETRY_AFTER = header("Seconds to wait before trying again", pattern="^[0-9]+$")
ETAG = header("The file's entity tag, for `If-None-Match`")
CONTENT_DISPOSITION = header('`inline; filename="..."`')


def _error(description: str, **headers) -> dict:
    return {
        "description": description,
        "headers": headers,
        "content": {"application/json": {"schema": ERROR_REF}},
    }


class ContractPlugin(BasePlugin):
    """Declares, for every operation, the statuses and headers the app sends whatever the view:
    a generated client then reads every answer it can get."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in (operations or {}).values():
            responses = {str(code): r for code, r in operation.get("responses", {}).items()}
            operation["responses"] = responses
            if "requestBody" in operation:
                # Checked before any view runs: the body's size and media type.
                responses.setdefault("413", _error("The body is too large"))
                responses.setdefault("415", _error("The body is not of the media type asked"))
            if "429" in responses:
                responses["429"] = _error("Too many requests", **{"Retry-After": RETRY_AFTER})
            if path.startswith("/api/"):
                # Any read or write may meet a database or queue outage.
                responses["503"] = _error(
                    "The database or the queue is unavailable", **{"Retry-After": RETRY_AFTER}
                )
                for code, response in responses.items():
                    if isinstance(response, dict) and code[0] in "23":
                        response.setdefault("headers", {}).setdefault(
                            "Cache-Control", CACHE_CONTROL
                        )


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
        spec_kwargs = kwargs.setdefault("spec_kwargs", {})
        spec_kwargs.setdefault("extra_plugins", [ContractPlugin()])
        super().init_app(app, *args, **kwargs)
        self.register_converter(
            ObjectIdConverter, lambda _: {"type": "string", "pattern": "^[0-9a-fA-F]{24}$"}
        )
        api = self

        def nullable_enum_component(converter, field, ret, **kwargs):
            return api._enum_component(field, ret)

        self.ma_plugin.converter.add_attribute_function(nullable_enum_component)
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        )

    def _enum_component(self, field, ret) -> dict:
        """A field of a few allowed values that may be null becomes a reference to one named
        enum, plus `nullable`: generated clients then have one type for it, not three. A
        nullable nested object is likewise its reference plus `nullable`."""
        any_of = ret.get("anyOf") or []
        if len(any_of) == 2 and any_of[1] == {"type": "object", "nullable": True}:
            ret.pop("anyOf")
            return {"nullable": True, "allOf": [any_of[0]]}
        choices = ret.get("enum")
        if not choices or None not in choices or "$ref" in ret:
            return {}
        values = [value for value in choices if value is not None]
        base = "".join(part.title() for part in (field.data_key or field.name or "").split("_"))
        name, number = f"{base}Choice", 1
        schemas = self.spec.components.schemas
        while name in schemas and schemas[name].get("enum") != values:
            number += 1
            name = f"{base}Choice{number}"
        if name not in schemas:
            self.spec.components.schema(name, {"type": ret.get("type", "string"), "enum": values})
        ret.pop("enum")
        ret.pop("type", None)
        return {"nullable": True, "allOf": [{"$ref": f"#/components/schemas/{name}"}]}

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


@functools.cache
def _shared_instance(schema_class: type[ma.Schema]) -> ma.Schema:
    return schema_class()


class SchemaReusingParser(FlaskParser):
    """Parses with one instance of each schema class, shared by every request (a marshmallow
    schema keeps no state between loads; bounds that are settings are read as they are used):
    building a schema costs about as much as loading a query's few arguments with it."""

    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return _shared_instance(argmap)
        return super()._get_schema(argmap, req)


class ArgumentsParser(SchemaReusingParser):
    # A query key no schema field takes is refused by the schema (our `Schema` raises), as a
    # body's is; webargs would otherwise drop it silently.
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": None,
        "querystring": None,
    }

    def load_querystring(self, req, schema):
        """A listing's query schema leaves `page` and `page_size` to smorest's pagination schema,
        which reads them from the same query; any other key it does not take is refused."""
        args = req.args
        if isinstance(schema, PagedQueryArgsSchema):
            args = MultiDict(
                [(k, v) for k, v in args.items(multi=True) if k not in PAGINATION_KEYS]
            )
        return self._makeproxy(args, schema)

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


def _takes_query_arguments(view, method: str) -> bool | None:
    """Whether the operation declares query arguments; None for what is no documented
    operation (an automatic OPTIONS, a route that did not match)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        view = getattr(view_class, method, None) or (
            getattr(view_class, "get", None) if method == "head" else None
        )
    if view is None:
        return None
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return any(p.get("in") == "query" for p in parameters)


def refuse_query_of_operations_without_one():
    """An operation that takes no query argument refuses any query key (422, naming each) rather
    than ignore it; those that take some refuse unknown keys through their query schema."""
    if not request.args:
        return
    view = current_app.view_functions.get(request.endpoint)
    if _takes_query_arguments(view, request.method.lower()) is False:
        flask_smorest.abort(
            422, errors={"query": {key: [UNKNOWN_QUERY_KEY] for key in request.args}}
        )


class Blueprint(flask_smorest.Blueprint):
    """Adds `errors(...)`: documents error responses by status code in one line; `listing(...)`
    for a paginated list; and refuses query keys an operation does not take."""

    ARGUMENTS_PARSER = ArgumentsParser()
    PAGINATION_ARGUMENTS_PARSER = SchemaReusingParser()

    def __init__(self, *args, refuse_unknown_query: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if refuse_unknown_query:
            self.before_request(refuse_query_of_operations_without_one)

    @staticmethod
    def _make_pagination_metadata(page, page_size, item_count):
        """The metadata flask-smorest's PaginationMetadataSchema documents, made without
        building that schema on every request (its fields are all whole numbers, which its dump
        leaves as they are)."""
        if item_count == 0:
            return {"total": 0, "total_pages": 0}
        last_page = (item_count - 1) // page_size + 1
        metadata = {
            "total": item_count,
            "total_pages": last_page,
            "first_page": 1,
            "last_page": last_page,
        }
        if page <= last_page:
            metadata["page"] = page
            if page > 1:
                metadata["previous_page"] = page - 1
            if page < last_page:
                metadata["next_page"] = page + 1
        return metadata

    def errors(self, *codes):
        def decorator(func):
            for code in codes:
                func = self.alt_response(code, response=http.HTTPStatus(code).name)(func)
            return func

        return decorator

    def _store_endpoint_docs(self, endpoint, obj, parameters, tags, **options):
        """Every operation gets an `operationId` from its view's name, so generated clients have
        stable function names: `PatientVideoViews.get` (a list) is `listPatientVideos`,
        `VideoByIdViews.get` is `getVideoById`. A view may still set its own with `doc`."""
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        noun = getattr(obj, "__name__", endpoint).removesuffix("Views")
        for method, doc in self._docs[endpoint].items():
            if method == "parameters":
                continue
            listing = "pagination" in doc
            verb = "list" if listing else VERBS.get(method, method)
            name = f"{verb}{noun[0].upper()}{noun[1:]}{'s' if listing else ''}"
            doc.setdefault("manual_doc", {}).setdefault("operationId", name)

    def _document_pagination_metadata(self, spec, resp_doc):
        """X-Pagination is sent as JSON text: documented as a header whose content is JSON."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "Pagination metadata, as JSON text",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}
            },
        }

    def file_response(
        self, content_types: str | tuple[str, ...], description: str, *, ranges: bool = False
    ):
        """Documents a file: 200 with each media type it may be served as and its headers; with
        `ranges`, 206 for a Range request; else 304 for a matching `If-None-Match`."""
        types = (content_types,) if isinstance(content_types, str) else tuple(content_types)
        content = {media_type: {"schema": BINARY} for media_type in types}
        headers = {"Cache-Control": CACHE_CONTROL, "Content-Disposition": CONTENT_DISPOSITION}
        if ranges:
            headers["Accept-Ranges"] = header("`bytes`")
            partial = {
                "description": "Partial content (a Range request)",
                "content": content,
                "headers": {**headers, "Content-Range": header("`bytes first-last/size`")},
            }
            responses = {"206": partial}
        else:
            headers["ETag"] = ETAG
            not_modified = {
                "description": "Not modified (`If-None-Match`)",
                "headers": {"ETag": ETAG},
            }
            responses = {"304": not_modified}
        responses["200"] = {"description": description, "content": content, "headers": headers}
        return self.doc(responses=responses)

    def listing(self, query_schema, item_schema, pager, *error_codes):
        """A paginated list filtered by query arguments, for an authenticated caller."""
        if not issubclass(query_schema, PagedQueryArgsSchema):
            raise TypeError(f"{query_schema.__name__}: a listing's is a PagedQueryArgsSchema")

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
    """Pages a MongoEngine QuerySet with skip/limit, never loading it whole. The page is read
    first: when it is partly filled it shows the total, and the count query is not needed."""

    def __init__(self, collection, page_params):
        self._items = list(collection[page_params.first_item : page_params.last_item + 1])
        super().__init__(collection, page_params)

    @property
    def items(self):
        return self._items

    @property
    def item_count(self):
        params, found = self.page_params, len(self._items)
        if found < params.page_size and (found or params.first_item == 0):
            return params.first_item + found
        return self.collection.count()


class Schema(ma.Schema):
    """Unknown fields are refused, never ignored: a typo or a smuggled field is a 422; so is text
    that is not valid Unicode, wherever it came from (a body, a query, a form field)."""

    class Meta:
        unknown = ma.RAISE

    def get_attribute(self, obj, attr, default):
        """A stored document's fields and properties are read as its attributes: marshmallow
        would first try its mapping interface, which for a property costs a failed lookup and
        the exception it raises, on every field of every document a list answers."""
        if isinstance(obj, BaseDocument) and "." not in attr:
            return getattr(obj, attr, default)
        return super().get_attribute(obj, attr, default)

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


class PagedQueryArgsSchema(Schema):
    """The query arguments of a listing: its own filters, and `page` and `page_size`, which
    smorest's pagination reads; any other key is refused."""


def _has_invalid_text(value) -> bool:
    if isinstance(value, str):
        return not is_unicode(value)
    if isinstance(value, list | tuple):
        return any(_has_invalid_text(item) for item in value)
    return False
