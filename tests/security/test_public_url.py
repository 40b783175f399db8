"""Absolute links come from PUBLIC_URL, never from the request's Host header."""

import pytest

from tests.conftest import upload


@pytest.fixture
def exported(client, patient, exercise_for):
    assert upload(client, patient, exercise_for["id"]).status_code in (200, 202)

    def export(**headers):
        response = client.get(
            f"/api/v1/users/{patient.id}/export", headers={**patient.headers, **headers}
        )
        return response.json["videos"][0]["file_url"]

    return export


def test_links_are_relative_without_public_url(exported):
    link = exported(Host="evil.example")
    assert link.startswith("/api/v1/videos/") and "evil" not in link


class TestWithPublicUrl:
    @pytest.fixture
    def config_overrides(self):
        return {"PUBLIC_URL": "https://clinic.example"}

    def test_links_start_with_public_url_whatever_the_host(self, exported):
        for host in ("evil.example", "localhost"):
            link = exported(Host=host, **{"X-Forwarded-Host": "evil.example"})
            assert link.startswith("https://clinic.example/api/v1/videos/")
