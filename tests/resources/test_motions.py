"""The motion catalog, as the analysis engine defines it."""

from exercise_tracker.analysis.catalog import MOTION_KEYS

URL = "/api/v1/motions/"


def test_lists_the_engine_catalog(client, patient):
    response = client.get(URL, headers=patient.headers)
    assert response.status_code == 200
    motions = {m["key"]: m for m in response.json}
    assert list(motions) == list(MOTION_KEYS)
    assert len(motions) >= 16 and "unknown" not in motions
    squat = motions["squat"]
    assert squat["name"] == "Squat" and squat["description"]
    assert squat["joints"][0] == "knee"
    assert set(squat["views"]) <= {"front", "side"} and squat["orientations"] == ["upright"]


def test_every_listed_motion_can_be_prescribed(client, patient, doctor):
    for motion in client.get(URL, headers=doctor.headers).json:
        body = {"name": motion["name"], "assigned_to": patient.id, "motion": motion["key"]}
        assert (
            client.post("/api/v1/exercises/", json=body, headers=doctor.headers).status_code == 201
        )


def test_needs_a_token(client):
    assert client.get(URL).status_code == 401
