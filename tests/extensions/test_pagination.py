"""Listings count the matching documents only when the page itself cannot tell the total."""

import json

import pytest
from mongoengine.queryset import QuerySet

from tests.factories import due_in_the_past

EXERCISES = "/api/v1/exercises/"


@pytest.fixture
def counted(monkeypatch):
    """How many count queries the listings ran."""
    calls = []
    original = QuerySet.count

    def count(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "count", count)
    return calls


def listing(client, patient, query):
    response = client.get(f"{EXERCISES}patient/{patient.id}?{query}", headers=patient.headers)
    assert response.status_code == 200
    return response.json, json.loads(response.headers["X-Pagination"])


@pytest.mark.parametrize(
    ("query", "names", "needs_count"),
    [
        ("page_size=10", ["E0", "E1", "E2", "E3", "E4"], False),  # partly filled first page
        ("page=2&page_size=3", ["E3", "E4"], False),  # partly filled last page
        ("page=1&page_size=3", ["E0", "E1", "E2"], True),  # full: more may follow
        ("page=1&page_size=5", ["E0", "E1", "E2", "E3", "E4"], True),  # full, exactly all
        ("page=3&page_size=3", [], True),  # past the end: the page shows nothing
    ],
)
def test_the_total_is_right_whether_or_not_it_is_counted(
    client, doctor, patient, assign, counted, query, names, needs_count
):
    for number in range(5):
        assign(doctor, patient, name=f"E{number}", due_date=f"2030-01-0{number + 1}T00:00:00Z")
    counted.clear()
    items, pagination = listing(client, patient, query)
    assert [item["name"] for item in items] == names
    assert pagination["total"] == 5
    assert bool(counted) is needs_count


def test_an_empty_listing_totals_zero_without_counting(client, patient, counted):
    items, pagination = listing(client, patient, "")
    assert items == []
    assert pagination["total"] == 0
    assert counted == []


def test_a_listing_reads_its_query_with_schemas_built_once(
    client, doctor, patient, assign, monkeypatch
):
    """The query's and the pagination's schemas are built once for all requests, not per
    request (building one costs about as much as reading a short query with it); the answer
    still follows each request's own query."""
    import marshmallow

    built = []
    original = marshmallow.Schema.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self).__name__)
        original(self, *args, **kwargs)

    for number in range(3):
        assign(doctor, patient, name=f"E{number}", due_date=f"2030-01-0{number + 1}T00:00:00Z")
    listing(client, patient, "page_size=2")
    monkeypatch.setattr(marshmallow.Schema, "__init__", counting)
    first, _ = listing(client, patient, "page=1&page_size=2&status=Pending")
    second, pagination = listing(client, patient, "page=2&page_size=2")
    assert [item["name"] for item in first] == ["E0", "E1"]
    assert [item["name"] for item in second] == ["E2"] and pagination["page"] == 2
    # flask-smorest builds the metadata's schema itself, once a request
    assert set(built) <= {"PaginationMetadataSchema"}


def test_documents_are_serialised_from_their_attributes(
    client, doctor, patient, assign, monkeypatch
):
    """A listing reads each document's fields and properties (`is_overdue`) as attributes,
    never through the document's mapping interface, whose misses raise on every property."""
    from mongoengine.base import BaseDocument

    looked_up = []
    original = BaseDocument.__getitem__

    def counting(self, name):
        looked_up.append(name)
        return original(self, name)

    due_in_the_past(assign(doctor, patient, name="Past", due_date="2030-01-01T00:00:00Z"))
    assign(doctor, patient, name="Future", due_date="2030-01-01T00:00:00Z")
    monkeypatch.setattr(BaseDocument, "__getitem__", counting)
    items, _ = listing(client, patient, "")
    assert {item["name"]: item["is_overdue"] for item in items} == {"Past": True, "Future": False}
    assert looked_up == []


def test_the_pagination_metadata_is_the_same_as_flask_smorests_for_every_page():
    """Made without building flask-smorest's metadata schema, it is the same metadata."""
    import flask_smorest

    from exercise_tracker.extensions.smorest import Blueprint

    for total in range(13):
        for page_size in range(1, 6):
            for page in range(1, 7):
                ours = Blueprint._make_pagination_metadata(page, page_size, total)
                theirs = flask_smorest.Blueprint._make_pagination_metadata(page, page_size, total)
                assert ours == theirs, (page, page_size, total)
