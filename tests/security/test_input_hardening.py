"""Input no view could take (JSON nested far too deep, text that is no Unicode) is a 4xx JSON
error on every operation of the OpenAPI document, with or without a token; never a 500."""

import json

import pytest
from bson import ObjectId

DEEP = ("[" * 1000 + "]" * 1000).encode()
DEEP_OBJECT = ('{"a":' * 1000 + "1" + "}" * 1000).encode()
LONE_SURROGATE = b'{"email": "a@b.example", "password": "\\ud800\\ud800\\ud800", "name": "\\udfff"}'
RAW_SURROGATE_BYTES = b'{"email": "\xed\xa0\x80@b.example", "password": "x"}'
BODIES = {
    "nested 1000 deep": DEEP,
    "object nested 1000 deep": DEEP_OBJECT,
    "lone surrogates": LONE_SURROGATE,
    "surrogate bytes": RAW_SURROGATE_BYTES,
}


def _operations(client):
    spec = client.get("/openapi.json").json
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path


def _url(path, ids):
    for name in ("user_id", "patient_id", "doctor_id", "exercise_id", "video_id"):
        path = path.replace("{" + name + "}", ids.get(name, str(ObjectId())))
    return path


def _assert_refused_cleanly(response, what):
    assert 400 <= response.status_code < 500, (what, response.status_code, response.data[:200])
    assert response.is_json and response.json["code"] == response.status_code, what


@pytest.fixture
def ids(doctor, patient, assign):
    exercise = assign(doctor, patient)
    return {
        "user_id": patient.id,
        "patient_id": patient.id,
        "doctor_id": doctor.id,
        "exercise_id": exercise["id"],
    }


@pytest.mark.parametrize("body_name", BODIES)
def test_every_operation_refuses_bad_json_bodies(client, ids, doctor, patient, body_name):
    body = BODIES[body_name]
    operations = list(_operations(client))
    assert len(operations) > 15
    for method, path in operations:
        for person in (None, patient, doctor):
            headers = {} if person is None else person.headers
            response = client.open(
                _url(path, ids),
                method=method,
                data=body,
                content_type="application/json",
                headers=headers,
            )
            what = f"{method} {path} as {person and person.json['role']}"
            if method in ("GET", "DELETE") and response.status_code < 400:
                continue  # a body where none is read: ignored, as HTTP allows
            _assert_refused_cleanly(response, what)


def test_deep_json_to_login_and_exercises_is_a_400(client, doctor):
    """The two routes the attack was found on: no login needed for the first."""
    for url, headers in (("/api/v1/users/login", {}), ("/api/v1/exercises/", doctor.headers)):
        response = client.post(url, data=DEEP, content_type="application/json", headers=headers)
        assert response.status_code == 400
        assert "nested deeper" in response.json["message"]


@pytest.mark.parametrize(
    "url,body",
    [
        ("/api/v1/users/login", {"email": "a@b.example", "password": "\ud800"}),
        ("/api/v1/users/", {"email": "n@b.example", "full_name": "\ud800", "password": "x" * 12}),
    ],
)
def test_lone_surrogate_without_login_is_a_400(client, url, body):
    response = client.post(url, data=json.dumps(body).encode(), content_type="application/json")
    assert response.status_code == 400
    assert "Unicode" in response.json["message"]


def test_lone_surrogate_in_profile_and_exercise_is_a_400(client, doctor, patient):
    profile = client.put(
        f"/api/v1/users/{patient.id}",
        data=json.dumps({"full_name": "Jo\udc00"}).encode(),
        content_type="application/json",
        headers=patient.headers,
    )
    exercise = client.post(
        "/api/v1/exercises/",
        data=json.dumps({"name": "\ud83d", "assigned_to": patient.id}).encode(),
        content_type="application/json",
        headers=doctor.headers,
    )
    assert profile.status_code == exercise.status_code == 400
    assert client.get("/api/v1/users/me", headers=patient.headers).json["full_name"] != "Jo"


def test_moderate_nesting_is_still_a_validation_error_not_a_parse_error(client, doctor):
    body = {"name": [[["x"]]], "assigned_to": doctor.id}
    response = client.post("/api/v1/exercises/", json=body, headers=doctor.headers)
    assert response.status_code == 422


def test_schemas_refuse_invalid_text_whatever_its_source():
    """Beyond JSON bodies (which never get this far): any mapping a schema loads."""
    from marshmallow import ValidationError

    from exercise_tracker.resources.users.schemas import LoginSchema

    with pytest.raises(ValidationError) as refused:
        LoginSchema().load({"email": "a@b.example", "password": "\ud800"})
    assert "password" in refused.value.messages
