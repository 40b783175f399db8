"""What a video answer carries: a few KB without the per-frame detail unless asked, the range in
clinical convention, and how far a `Processing` analysis has got."""

import pytest

from exercise_tracker.jobs.analysis import ProgressReport
from exercise_tracker.models import Video
from tests.factories import attempt


@pytest.fixture
def exercise(doctor, patient, assign):
    return assign(doctor, patient, name="Squats", motion="squat", target_reps=3)


def test_the_pose_track_comes_only_when_asked(app, client, patient, exercise):
    video = attempt(app, exercise, reps=3, duration_s=20.0)
    plain = client.get(f"/api/v1/videos/{video.id}", headers=patient.headers)
    assert plain.status_code == 200
    assert len(plain.data) < 8_000
    raw = plain.json["prediction"]["raw_results"]
    assert "pose" not in raw and "primary_angle" not in raw
    assert raw["rep_count"] == 3
    asked = client.get(f"/api/v1/videos/{video.id}?include=pose", headers=patient.headers)
    assert asked.json["prediction"]["raw_results"]["pose"]["keypoints"]
    assert "primary_angle" not in asked.json["prediction"]["raw_results"]
    both = client.get(
        f"/api/v1/videos/{video.id}?include=pose,primary_angle", headers=patient.headers
    )
    assert len(both.data) > 5 * len(plain.data)
    bad = client.get(f"/api/v1/videos/{video.id}?include=everything", headers=patient.headers)
    assert bad.status_code == 422


def test_the_range_is_in_clinical_convention_with_joint_and_side(app, client, patient, exercise):
    video = attempt(app, exercise, reps=3, excursion=80.0)
    found = client.get(f"/api/v1/videos/{video.id}", headers=patient.headers).json
    rom = found["prediction"]["range_of_motion"]
    # The engine's knee from 175° (nearly straight) to 95° is flexion from 5° to 85°.
    assert (rom["joint"], rom["side"]) == ("knee flexion", "left")
    assert (rom["rest"], rom["furthest"], rom["excursion"]) == (5.0, 85.0, 80.0)


def test_progress_shows_while_processing(app, client, patient, exercise):
    video = attempt(app, exercise, analysed=False)
    url = f"/api/v1/videos/{video.id}"
    assert client.get(url, headers=patient.headers).json["progress"] is None
    Video.objects(id=video.id).update_one(set__status="Processing", set__progress=0.0)
    times = iter([100.0, 100.4, 101.2])
    report = ProgressReport(video.id, clock=lambda: next(times))
    report(0.1)
    assert client.get(url, headers=patient.headers).json["progress"] == 0.1
    report(0.2)  # within a second of the last write: not stored
    assert client.get(url, headers=patient.headers).json["progress"] == 0.1
    report(0.55)
    assert client.get(url, headers=patient.headers).json["progress"] == 0.55
    Video.objects(id=video.id).update_one(set__status="Processed")
    assert client.get(url, headers=patient.headers).json["progress"] is None
