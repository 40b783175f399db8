"""Security headers, CORS and leaks."""

import pytest


def test_api_answers_carry_security_headers(client, patient):
    response = client.get("/api/v1/users/me", headers=patient.headers)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # only in production
    assert "Server" not in headers


def test_docs_policy_lets_the_ui_load_its_own_assets(client):
    policy = client.get("/docs").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "https:" not in policy and "*" not in policy


def test_no_cors_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


class TestCorsOrigins:
    @pytest.fixture
    def config_overrides(self):
        return {"CORS_ORIGINS": ["https://app.clinic.example"]}

    def test_only_configured_origins_are_allowed(self, client):
        allowed = client.options(
            "/api/v1/users/login",
            headers={
                "Origin": "https://app.clinic.example",
                "Access-Control-Request-Method": "POST",
            },
        )
        assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.clinic.example"
        other = client.options(
            "/api/v1/users/login",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert "Access-Control-Allow-Origin" not in other.headers


class TestProduction:
    @pytest.fixture
    def config_overrides(self):
        return {"ENV_NAME": "production"}

    def test_hsts_in_production(self, client):
        assert "max-age" in client.get("/healthz").headers["Strict-Transport-Security"]


def test_errors_never_leak_internals(client, patient):
    for response in (
        client.get("/api/v1/users/" + "f" * 24, headers=patient.headers),
        client.post("/api/v1/users/login", data="{", content_type="application/json"),
        client.get("/nope"),
    ):
        text = response.get_data(as_text=True)
        assert "Traceback" not in text and "/work/" not in text and "werkzeug" not in text.lower()
