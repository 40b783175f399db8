"""Marshmallow fields for what the API exchanges: ObjectId strings and UTC datetimes; and
validators whose bounds are app settings."""

from collections.abc import Callable
from datetime import UTC

from bson import ObjectId
from flask_smorest.fields import Upload
from marshmallow import fields, validate
from werkzeug.datastructures import FileStorage

from exercise_tracker.models.base import as_stored


class ObjectIdField(fields.Field):
    """A 24-hex ObjectId, as a string on the wire."""

    default_error_messages = {"invalid": "Not a valid id (24 hexadecimal characters)."}

    def __init__(self, **kwargs):
        metadata = {
            "type": "string",
            "pattern": "^[0-9a-fA-F]{24}$",
            "example": "6650c0ffee0ddba11c0ffee0",
        }
        kwargs.setdefault("metadata", {}).update(metadata)
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else str(value)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str) or not ObjectId.is_valid(value):
            raise self.make_error("invalid")
        return ObjectId(value)


class UTCDateTime(fields.AwareDateTime):
    """ISO 8601 with an explicit UTC offset; stored as BSON keeps it (`as_stored`)."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=UTC, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return as_stored(super()._deserialize(value, attr, data, **kwargs))


class UploadedFile(Upload):
    """A file part of a multipart body; a plain form value under the same name is refused."""

    default_error_messages = {"invalid": "Send a file in this field (multipart/form-data)."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise self.make_error("invalid")
        return value


class TrimmedString(fields.String):
    """Text without surrounding spaces; one of spaces only is refused like an empty one."""

    default_error_messages = {"blank": "Must not be blank."}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise self.make_error("blank")
        return text


Bound = int | float | Callable[[], int | float] | None


class _ConfiguredBounds(validate.Validator):
    """Bounds that may be read from the app's settings (a callable) when they are used: when
    input is checked, and when the OpenAPI document is written in the app's context (apispec
    reads `min` and `max`). The contract then states the bound the check applies."""

    check: type[validate.Length] | type[validate.Range]

    def __init__(self, low: Bound = None, high: Bound = None):
        self._low, self._high = low, high

    @property
    def min(self):
        return self._low() if callable(self._low) else self._low

    @property
    def max(self):
        return self._high() if callable(self._high) else self._high

    def __call__(self, value):
        return self.check(self.min, self.max)(value)


class ConfiguredLength(_ConfiguredBounds):
    """`validate.Length` with bounds that may be settings; documented as minLength/maxLength."""

    check = validate.Length
    equal = None  # apispec tells a length from a range by this attribute


class ConfiguredRange(_ConfiguredBounds):
    """`validate.Range` with bounds that may be settings; documented as minimum/maximum."""

    check = validate.Range
