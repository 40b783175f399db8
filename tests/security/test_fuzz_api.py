"""The API fuzzed from its own OpenAPI document: no 500, and every answer as documented; and
hostile JSON beyond what the document can describe."""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_headers_conformance,
)

from exercise_tracker.json_input import JSON_MAX_DEPTH, is_unicode

schema = schemathesis.pytest.from_fixture("api_schema")
# Bounded in the suite; `make fuzz` runs many more.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
# The suite's bounded run draws the same examples every time, so it passes or fails for the code,
# not for the draw; `make fuzz` (FUZZ_EXAMPLES set) explores afresh on each run.
DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


@pytest.fixture
def config_overrides():
    """Many logins from one test address: its limit is not under test here."""
    return {"LOGIN_LIMIT_PER_IP": "100000 per minute"}


@pytest.fixture
def callers(doctor, patient, assign):
    assign(doctor, patient)  # a relation exists, as in real data
    return {"Doctor": doctor, "Patient": patient}


# A period whose `from` is after its `to` is refused (422), a rule between two fields that the
# OpenAPI schema cannot state; such operations are spared the "valid data accepted" check.
CROSS_FIELD_RULES = ("/api/v1/progress/patient/", "/api/v1/reminders/preferences")
# So are a questionnaire's answers (checked against the instrument's items), a start-and-end
# schedule without an end, and a contact without its mode.
CROSS_FIELD_RULES += ("/api/v1/questionnaires/", "/api/v1/clinician-time/")
# X-Pagination holds JSON, which schemathesis reads as OpenAPI's comma-separated "simple" style;
# spared where a random request gets a page (elsewhere a random id answers 404 first).
PAGED_FOR_ANYONE = ("/api/v1/reminders/deliveries",)
# A due date in the past is refused when an exercise is assigned or its due date changed (422):
# a rule of time that the schema cannot state either.
TIME_RULES = ("/api/v1/exercises/",)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_contract(case, callers):
    """Each generated request is sent as a doctor and as a patient."""
    excluded = (
        [positive_data_acceptance]
        if case.path.startswith(CROSS_FIELD_RULES) or case.path.startswith(TIME_RULES)
        else []
    )
    if case.path.startswith(PAGED_FOR_ANYONE):
        excluded.append(response_headers_conformance)
    for person in callers.values():
        case.call_and_validate(
            headers={"Authorization": person.headers["Authorization"]}, excluded_checks=excluded
        )


# Hostile JSON the OpenAPI document cannot describe: text that is no Unicode (lone surrogates,
# which the database cannot store) anywhere in a body, and nesting deeper than any body needs.
LONE_SURROGATES = st.text(
    alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=4
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | LONE_SURROGATES,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=6) | LONE_SURROGATES, children, max_size=3)
    ),
    max_leaves=12,
)
DEEP_BODIES = st.builds(
    lambda depth, opener: (opener * depth + "1" + ("]" if opener == "[" else "}") * depth).encode(),
    st.integers(min_value=JSON_MAX_DEPTH + 1, max_value=5000),
    st.sampled_from(["[", '{"a":']),
)
JSON_OPERATIONS = (
    ("POST", "/api/v1/users/login", None),
    ("POST", "/api/v1/users/", None),
    ("POST", "/api/v1/exercises/", "Doctor"),
    ("PUT", "/api/v1/users/{patient}", "Patient"),
)


def _has_invalid_text(value) -> bool:
    if isinstance(value, str):
        return not is_unicode(value)
    if isinstance(value, dict):
        return any(_has_invalid_text(k) or _has_invalid_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_invalid_text(item) for item in value)
    return False


@given(
    # Judged as the server reads it: "\ud800\udc00" escaped in JSON is one valid character.
    value=JSON_VALUES.filter(lambda v: _has_invalid_text(json.loads(json.dumps(v)))) | DEEP_BODIES,
    operation=st.sampled_from(JSON_OPERATIONS),
)
@settings(
    max_examples=EXAMPLES * 4,
    deadline=None,
    derandomize=DERANDOMIZE,
    suppress_health_check=list(HealthCheck),
)
def test_hostile_json_is_a_400_everywhere(client, callers, value, operation):
    method, path, role = operation
    body = value if isinstance(value, bytes) else json.dumps(value).encode()  # \\uXXXX escapes
    headers = callers[role].headers if role else {}
    url = path.format(patient=callers["Patient"].id)
    response = client.open(
        url, method=method, data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 400, (body[:80], response.json)
    assert response.json["code"] == 400
