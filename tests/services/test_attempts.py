"""Reading an analysis for progress: null values tolerated, per-frame detail never loaded."""

from bson import ObjectId

from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.jobs.analysis import store_prediction
from exercise_tracker.models import Exercise, Prediction, Video
from exercise_tracker.services.attempts import Attempt, load_histories
from tests.factories import analysis_result, attempt, stored_video


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


def test_the_range_is_read_on_the_side_the_stored_analysis_saw_well(app, exercise_for):
    # Loaded without the per-frame detail, the evidence still says which side to trust.
    data = analysis_result(excursion=80)
    data["evidence"] = {"sides_seen_well": ["right"], "features": {"knee_excursion": 80.0}}
    video = stored_video(app, exercise_for)
    with app.app_context():
        store_prediction(video, AnalysisResult.from_dict(data))
    [history] = load_histories(Exercise.objects(id=exercise_for["id"]))
    [seen] = history.attempts
    assert seen.result.sides_seen_well == ("right",)
    assert (seen.clinical_range.side, seen.excursion) == ("right", 76.0)
