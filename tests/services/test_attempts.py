"""Reading an analysis for progress: null values tolerated, per-frame detail never loaded."""

from bson import ObjectId

from exercise_tracker.models import Exercise, Prediction, Video
from exercise_tracker.services.attempts import Attempt, load_histories
from tests.factories import attempt


def test_values_may_be_null():
    raw = {
        "rep_count": None,
        "range_of_motion": {"unit": "degrees", "sides": [{"side": "left", "excursion": None}]},
        "warnings": [{"code": None, "message": "?"}, {"code": "trunk_lean", "message": None}],
    }
    video = Video(id=ObjectId(), status="Processed")
    prediction = Prediction(predicted_motion="squat", confidence_score=0.5, raw_results=raw)
    summary = Attempt(video, prediction).summary()
    assert (summary["rep_count"], summary["range_of_motion"]) == (None, None)
    assert summary["warnings"] == ["trunk_lean"]
    assert Attempt(video, Prediction(raw_results={"range_of_motion": None})).excursion is None
    assert Attempt(video, None).summary()["confidence"] is None


def test_histories_hold_attempts_oldest_first_without_per_frame_detail(app, exercise_for):
    late = attempt(app, exercise_for, days_ago=1, excursion=70)
    early = attempt(app, exercise_for, days_ago=3, excursion=50)
    [history] = load_histories(Exercise.objects(id=exercise_for["id"]))
    assert [a.video.id for a in history.attempts] == [early.id, late.id]
    assert [a.excursion for a in history.attempts] == [50, 70]  # the wider side
    first = history.attempts[0].result
    assert first.pose == {} and first.primary_angle is None and len(first.repetitions) == 3
