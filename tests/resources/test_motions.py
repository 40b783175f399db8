"""The motion catalog, as the analysis engine defines it."""

import importlib.util

import pytest

URL = "/api/v1/motions/"


def _catalog_present() -> bool:
    try:
        return importlib.util.find_spec("exercise_tracker.analysis.catalog") is not None
    except ImportError:
        return False


@pytest.mark.skipif(
    not _catalog_present(),
    reason="exercise_tracker.analysis.catalog is built on the engine's branch; run after merging",
)
def test_lists_the_engine_catalog(client, patient):
    from exercise_tracker.analysis import catalog

    response = client.get(URL, headers=patient.headers)
    assert response.status_code == 200
    motions = {m["key"]: m for m in response.json}
    entries = catalog.catalog_entries() if hasattr(catalog, "catalog_entries") else catalog.MOTIONS
    assert set(motions) == {entry.key for entry in entries}
    squat = motions["squat"]
    assert squat["name"] and squat["description"]
    assert "knee" in squat["joints"]
    assert squat["views"] and all(isinstance(view, str) for view in squat["views"])


def test_needs_a_token(client):
    assert client.get(URL).status_code == 401
