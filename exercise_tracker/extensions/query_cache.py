"""Repeated queries on the embedded store answered from memory, and never stale.

litemongo evaluates every query in Python: it filters, sorts and copies each document a query
could match, which is most of what an exercise list costs the web process. The answers a
collection's connection gave are kept until SQLite says the file changed: `PRAGMA data_version`
moves when any other connection (another thread or process) commits to it, and the connection's
own `total_changes` when it writes. A MongoDB server is not involved: it has its own cache.
"""

from collections import OrderedDict

import bson
from bson.errors import BSONError
from litemongo._vendor.mongomock.collection import Collection
from litemongo._vendor.mongomock.database import Database

MAX_ANSWERS = 64  # per collection and connection (each web thread has its own connections)
MAX_ANSWER_BYTES = 64 * 1024  # a page of a list, not a video's chunks
MAX_TOTAL_BYTES = 1024 * 1024
NOT_BSON = (BSONError, TypeError, ValueError, OverflowError)


class QueryCache:
    """The latest answers one collection's connection gave, all dropped once its file changed.
    A find's answer is kept as its documents' BSON, one after the other, so every hit decodes
    fresh copies its caller may change (in one call, as a MongoDB reply is decoded)."""

    def __init__(self):
        self._answers: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._mark = None

    def get(self, key: bytes, mark: tuple):
        """The answer, or None."""
        self._follow(mark)
        kept = self._answers.get(key)
        if kept is None:
            return None
        self._answers.move_to_end(key)
        return kept[0]

    def put(self, key: bytes, mark: tuple, answer, size: int) -> None:
        self._follow(mark)
        if size > MAX_ANSWER_BYTES:
            return
        if key in self._answers:
            self._bytes -= self._answers.pop(key)[1]
        self._answers[key] = (answer, size)
        self._bytes += size
        while len(self._answers) > MAX_ANSWERS or self._bytes > MAX_TOTAL_BYTES:
            self._bytes -= self._answers.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._answers)

    def _follow(self, mark: tuple) -> None:
        if mark != self._mark:
            self._answers.clear()
            self._bytes = 0
            self._mark = mark


def change_mark(connection) -> tuple:
    """Differs as soon as anyone committed a change to the connection's file."""
    return connection.execute("PRAGMA data_version").fetchone()[0], connection.total_changes


def _query_key(kind: str, **query) -> bytes | None:
    """The query as bytes, or None for one BSON cannot hold (it is then not cached)."""
    try:
        return bson.encode({"kind": kind, **query})
    except NOT_BSON:
        return None


class CachingCollection(Collection):
    """A litemongo collection whose finds and counts are answered from its store's cache."""

    def _cache(self):
        """The store's cache, or None where answers must be computed (the store is not open,
        or has documents that expire with time, which no write announces)."""
        store = self._store
        cache = getattr(store, "answers", None)
        if cache is None or store._connection is None or store._ttl_indexes:
            return None, None
        return cache, change_mark(store._connection)

    def _get_dataset(self, spec, sort, fields, as_class):
        cache, mark = self._cache()
        key = None
        if cache is not None and as_class is dict:
            key = _query_key("find", filter=spec, sort=list(sort or ()), fields=fields)
        if key is None:
            yield from super()._get_dataset(spec, sort, fields, as_class)
            return
        encoded = cache.get(key, mark)
        if encoded is not None:
            yield from bson.decode_all(encoded, codec_options=self._store._codec_options)
            return
        documents = list(super()._get_dataset(spec, sort, fields, as_class))
        try:
            encoded = b"".join(bson.encode(document) for document in documents)
        except NOT_BSON:
            pass
        else:
            cache.put(key, mark, encoded, len(encoded))
        yield from documents

    def count_documents(self, filter, **kwargs):  # noqa: A002 (pymongo's name)
        cache, mark = self._cache()
        key = None if cache is None else _query_key("count", filter=filter, options=kwargs)
        if key is None:
            return super().count_documents(filter, **kwargs)
        count = cache.get(key, mark)
        if count is None:
            count = super().count_documents(filter, **kwargs)
            cache.put(key, mark, count, len(key))
        return count

    def with_options(self, *args, **kwargs):
        return _caching(super().with_options(*args, **kwargs))


class CachingDatabase(Database):
    def get_collection(self, *args, **kwargs):
        return _caching(super().get_collection(*args, **kwargs))


def _caching(collection):
    if type(collection) is Collection:
        collection.__class__ = CachingCollection
    return collection


def caching_database(database):
    """The client's database, its collections answering repeated queries from memory."""
    if type(database) is Database:
        database.__class__ = CachingDatabase
    return database
