"""What every document shares: quick loading of plain stored documents, and UTC timestamps kept
up to date on save."""

import functools
from datetime import UTC, datetime

from bson import SON
from mongoengine import DateTimeField, Document, signals
from mongoengine.base import BaseField


def as_stored(moment: datetime) -> datetime:
    """Naive UTC to the millisecond, as BSON stores it, so that what a write answers is what a
    later read gives; the API adds the offset when it serialises."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    return utc.replace(tzinfo=None, microsecond=utc.microsecond // 1000 * 1000)


def utcnow() -> datetime:
    return as_stored(datetime.now(UTC))


@functools.cache
def _quick_keys(cls) -> frozenset[str] | None:
    """The stored keys a document of ``cls`` may hold when it can load the quick way: when every
    field stores its value as given (no lists, embedded documents or references that MongoEngine
    wraps or follows when it sets or reads them); None when it cannot."""
    plain = all(
        type(field).__set__ is BaseField.__set__ and type(field).__get__ is BaseField.__get__
        for field in cls._fields.values()
    )
    if not plain or cls._dynamic or cls.STRICT:
        return None
    return frozenset(field.db_field for field in cls._fields.values()) | {"_cls"}


class StoredDocument(Document):
    """Loads a stored document of plain fields without MongoEngine's general constructor, which
    sets each field through its descriptors and was a fifth of the CPU time of a page of
    exercises. The result is the constructor's, field for field (defaults, conversions, the
    choices' display helpers, nothing marked changed); anything else (a field MongoEngine wraps,
    a key no field knows, a value that does not convert, signal receivers, a subclass's ``_cls``)
    takes MongoEngine's own way, which also raises its errors."""

    meta = {"abstract": True}

    @classmethod
    def _from_son(cls, son, _auto_dereference=True, created=False):
        known = _quick_keys(cls)
        if (
            known is None
            or not _auto_dereference
            or son.get("_cls", cls._class_name) != cls._class_name
            or not known.issuperset(son)
            or signals.pre_init.receivers
            or signals.post_init.receivers
        ):
            return super()._from_son(son, _auto_dereference, created)
        data = {}
        for name, field in cls._fields.items():
            value = son.get(field.db_field)
            if value is not None:
                try:
                    value = field.to_python(value)
                except (AttributeError, ValueError):
                    return super()._from_son(son, _auto_dereference, created)
            elif not field.null and field.default is not None:
                value = field.default() if callable(field.default) else field.default
            data[name] = value
        document = cls.__new__(cls)
        state = {
            "_initialised": True,
            "_created": created,
            "_data": data,
            "_changed_fields": [],
            "_dynamic_fields": SON(),
            "_cls": son.get("_cls", cls._class_name),
        }
        for name, value in state.items():
            object.__setattr__(document, name, value)
        document._BaseDocument__set_field_display()
        return document


class TimestampedDocument(StoredDocument):
    meta = {"abstract": True}

    created_at = DateTimeField(required=True, default=utcnow)
    updated_at = DateTimeField(required=True, default=utcnow)

    def save(self, *args, **kwargs):
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)
