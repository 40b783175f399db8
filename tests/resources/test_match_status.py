"""The API shows whether a video matched, could not tell, and what its warnings are about."""

from tests.factories import attempt


def test_a_video_the_analysis_cannot_judge_reads_cant_tell(app, client, doctor, patient, assign):
    exercise = assign(doctor, patient, motion="squat")
    video = attempt(app, exercise, is_match=None, warnings=("camera_view", "trunk_lean"))
    prediction = client.get(f"/api/v1/videos/{video.id}", headers=doctor.headers).json["prediction"]
    assert (prediction["is_match"], prediction["match_status"]) == (None, "cant_tell")
    assert [(w["code"], w["kind"]) for w in prediction["warnings"]] == [
        ("camera_view", "recording"),
        ("trunk_lean", "movement"),
    ]
    assert prediction["rep_count"] == 3


def test_match_and_mismatch_in_lists_and_progress(app, client, doctor, patient, assign):
    exercise = assign(doctor, patient, motion="squat")
    attempt(app, exercise, days_ago=2)
    attempt(app, exercise, days_ago=1, predicted_motion="lunge")
    listed = client.get(
        f"/api/v1/predict/exercise/{exercise['id']}/videos", headers=patient.headers
    ).json
    assert [v["prediction"]["match_status"] for v in listed] == ["mismatch", "match"]
    progress = client.get(f"/api/v1/progress/patient/{patient.id}", headers=patient.headers).json
    [squats] = progress["exercises"]
    assert [a["match_status"] for a in squats["attempts"]] == ["match", "mismatch"]
