"""Every operation of the OpenAPI document refuses a query key it does not take (422, naming
it) rather than ignore it; listings still take `page` and `page_size`. The health probes are
the exception: a monitor's cache-busting key must not make the app look down."""

import tempfile
from pathlib import Path

import pytest
from bson import ObjectId

from exercise_tracker.app import create_app
from tests.conftest import make_config

UNKNOWN = "unexpected_key"
PROBES = ("/healthz", "/readyz")


def _operations():
    """The document's operations, read once as the tests are collected."""
    app = create_app(make_config(Path(tempfile.mkdtemp(prefix="openapi-"))))
    document = app.test_client().get("/openapi.json").json
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete") and path not in PROBES
    ]


OPERATIONS = _operations()


def _url(path: str, query: str) -> str:
    # A well-formed id of nothing: the query is judged before anything is looked up.
    for name in ("user_id", "patient_id", "doctor_id", "exercise_id", "video_id", "message_id"):
        path = path.replace(f"{{{name}}}", str(ObjectId()))
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(ObjectId()) + path[end + 1 :]
    return f"{path}?{query}"


@pytest.mark.parametrize(
    "path, method, operation",
    OPERATIONS,
    ids=[f"{method.upper()} {path}" for path, method, _ in OPERATIONS],
)
def test_an_unknown_query_key_is_refused_naming_it(
    client, doctor, patient, path, method, operation
):
    answers = []
    for caller in (doctor, patient):
        response = client.open(
            _url(path, f"{UNKNOWN}=1"),
            method=method.upper(),
            headers=caller.headers,
            json={}
            if "application/json" in operation.get("requestBody", {}).get("content", {})
            else None,
        )
        assert response.is_json and response.status_code < 500, response.status_code
        answers.append(response)
    # A role-level refusal (403) may come first; whoever is let in is refused for the key.
    refused = [r for r in answers if r.status_code != 403]
    assert refused, "neither role may call it"
    for response in refused:
        assert response.status_code == 422, (response.status_code, response.json)
        assert UNKNOWN in response.json["errors"]["query"], response.json


LISTINGS = [
    (path, op)
    for path, method, op in OPERATIONS
    if any(p["name"] == "page" for p in op.get("parameters", []))
]


def test_listings_are_found():
    assert len(LISTINGS) >= 5


@pytest.mark.parametrize("path, operation", LISTINGS, ids=[path for path, _ in LISTINGS])
def test_a_listing_takes_its_page_arguments(client, doctor, patient, path, operation):
    for caller in (doctor, patient):
        response = client.get(_url(path, "page=1&page_size=5"), headers=caller.headers)
        assert response.status_code != 422, response.json
        if response.status_code == 200:
            assert '"page_size"' not in response.get_data(as_text=True)  # nothing smuggled
        wrong = client.get(_url(path, "page=0"), headers=caller.headers)
        assert wrong.status_code in (403, 404, 422)


@pytest.mark.parametrize("probe", PROBES)
def test_a_health_probe_ignores_a_cache_busting_key(client, probe):
    response = client.get(f"{probe}?_=1733300000000")
    assert response.status_code == 200, response.json
