"""Listings count the matching documents only when the page itself cannot tell the total."""

import json

import pytest
from mongoengine.queryset import QuerySet

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
