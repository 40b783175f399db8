"""Adherence weighs whole prescribed sessions, and a period is checked as a whole."""

import pytest

from tests.factories import attempt

API = "/api/v1/progress"


def test_a_new_exercise_asks_its_whole_weekly_sessions(app, client, doctor, patient, assign):
    fresh = assign(doctor, patient, motion="squat", frequency_per_week=5)  # assigned just now
    attempt(app, fresh)
    adherence = client.get(f"{API}/patient/{patient.id}", headers=patient.headers).json["adherence"]
    *before, this_week = adherence["weeks"]
    assert [w["prescribed"] for w in before] == [0, 0, 0]  # not yet assigned: nothing asked
    assert (this_week["prescribed"], this_week["videos"]) == (5, 1)
    assert adherence["rate"] == 0.2


def test_without_a_frequency_there_is_no_rate(app, client, doctor, patient, assign):
    attempt(app, assign(doctor, patient, motion="squat"))
    adherence = client.get(f"{API}/patient/{patient.id}", headers=patient.headers).json["adherence"]
    assert adherence["rate"] is None


def test_a_mismatched_video_is_not_a_session(app, client, doctor, patient, assign):
    squats = assign(doctor, patient, motion="squat", frequency_per_week=2)
    attempt(app, squats)
    attempt(app, squats, predicted_motion="lunge")
    adherence = client.get(f"{API}/patient/{patient.id}", headers=patient.headers).json["adherence"]
    assert adherence["weeks"][-1]["videos"] == 2
    assert adherence["rate"] == 0.5


@pytest.mark.parametrize(
    "period",
    [
        {"from": "2030-01-01T00:00:00Z"},  # `to` is now
        {"from": "2030-01-01T00:00:00Z", "to": "2031-01-01T00:00:00Z"},  # later than now: now
        {"from": "2026-03-02T00:00:00Z", "to": "2026-03-01T00:00:00Z"},
    ],
)
@pytest.mark.parametrize("path", ["", "/chart.png", "/report.pdf"])
def test_a_backwards_period_is_refused(client, patient, period, path):
    response = client.get(
        f"{API}/patient/{patient.id}{path}", query_string=period, headers=patient.headers
    )
    assert response.status_code == 422
    assert list(response.json["errors"]["query"]) == ["from"]


def test_the_weeks_of_a_period_stay_within_it(client, patient):
    period = {"from": "2026-01-01T00:00:00Z", "to": "2026-01-10T00:00:00Z"}
    progress = client.get(
        f"{API}/patient/{patient.id}", query_string=period, headers=patient.headers
    ).json
    weeks = progress["adherence"]["weeks"]
    assert weeks[0]["start"] == "2026-01-01T00:00:00+00:00"
    assert weeks[-1]["end"] == "2026-01-10T00:00:00+00:00"
