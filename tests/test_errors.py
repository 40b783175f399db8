"""Every error is flask-smorest's JSON body; nothing internal leaves the server."""

import pytest
from flask_smorest import Blueprint


def test_wrong_content_type_is_415(client):
    response = client.post(
        "/api/v1/users/login", data="email=a", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json["code"] == 415


def test_missing_body_is_422(client):
    response = client.post("/api/v1/users/login")
    assert response.status_code == 422


def test_malformed_json_is_400(client):
    response = client.post("/api/v1/users/login", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json["code"] == 400


def test_oversized_json_is_413(client):
    big = "x" * (70 * 1024)
    response = client.post("/api/v1/users/login", json={"email": big, "password": big})
    assert response.status_code == 413
    assert response.json["code"] == 413


def test_wrong_method_is_405(client):
    response = client.delete("/api/v1/users/login")
    assert response.status_code == 405
    assert response.json["status"] == "Method Not Allowed"


def test_unknown_path_is_404_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["code"] == 404


def test_unexpected_exception_is_a_bare_500(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    blp = Blueprint("boom", __name__)

    @blp.route("/boom")
    def boom():
        raise RuntimeError("secret detail at /srv/db password=hunter2")

    app.register_blueprint(blp)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.json == {
        "code": 500,
        "status": "Internal Server Error",
        "message": "Internal Server Error",
    }
    assert b"hunter2" not in response.data and b"Traceback" not in response.data


def test_database_failure_is_503_with_retry_after(app, client, patient, monkeypatch):
    from pymongo.errors import ServerSelectionTimeoutError

    from exercise_tracker.models import User

    def unreachable():
        raise ServerSelectionTimeoutError("db.internal:27017 unreachable")

    # The users' collection itself, which raw reads and MongoEngine's queries both go through.
    monkeypatch.setattr(User, "_get_collection", unreachable)
    response = client.get("/api/v1/users/me", headers=patient.headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert b"db.internal" not in response.data


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc"])
def test_documentation_is_public(client, path):
    assert client.get(path).status_code == 200
