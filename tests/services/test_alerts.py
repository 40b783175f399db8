"""Alerts from a patient's attempts: each rule fires on the data that should raise it, says why,
and closes when a later attempt no longer shows the problem."""

from datetime import timedelta

import pytest

from exercise_tracker.models import Exercise
from exercise_tracker.models.base import utcnow
from exercise_tracker.services.alerts import AlertThresholds, patient_alerts
from exercise_tracker.services.attempts import load_histories
from tests.factories import attempt


@pytest.fixture
def exercise(doctor, patient, assign):
    return assign(doctor, patient, name="Squats", motion="squat", target_reps=5)


def alerts(app, *exercises):
    histories = load_histories(Exercise.objects(id__in=[e["id"] for e in exercises]))
    return patient_alerts(histories, AlertThresholds.from_config(app.config), utcnow())


def codes(app, *exercises):
    return sorted(a.code for a in alerts(app, *exercises))


@pytest.mark.parametrize(
    "pains, expected",
    [
        ([3, 7], ["pain_high", "pain_rising"]),
        ([2, 4], ["pain_rising"]),
        ([5, 6], []),
        ([8, 3], []),  # the latest attempt hurt less: nothing open
        ([9], ["pain_high"]),
        ([4, None], []),  # no pain reported on the latest: the earlier report stands
    ],
)
def test_pain(app, exercise, pains, expected):
    for days_ago, pain in zip(range(len(pains), 0, -1), pains, strict=True):
        attempt(app, exercise, days_ago=days_ago, pain=pain)
    assert codes(app, exercise) == expected


def test_pain_reasons_name_the_exercise_and_levels(app, exercise):
    attempt(app, exercise, days_ago=2, pain=3)
    video = attempt(app, exercise, days_ago=1, pain=7)
    found = {a.code: a for a in alerts(app, exercise)}
    assert found["pain_high"].reason.startswith("Squats: reported pain 7/10 on ")
    assert "from 3/10 to 7/10" in found["pain_rising"].reason
    assert found["pain_high"].severity == "high"
    assert found["pain_high"].video_id == video.id


@pytest.mark.parametrize("before, after, fires", [(80, 60, True), (80, 75, False), (60, 80, False)])
def test_range_of_motion_falling(app, exercise, before, after, fires):
    attempt(app, exercise, days_ago=2, excursion=before)
    attempt(app, exercise, days_ago=1, excursion=after)
    attempt(app, exercise, analysed=False)  # a video not analysed yet changes nothing
    found = [a for a in alerts(app, exercise) if a.code == "range_falling"]
    assert bool(found) is fires
    if fires:
        assert "from 80° to 60° (25% less)" in found[0].reason


def test_repeated_form_warnings_but_not_quality_ones(app, exercise):
    attempt(app, exercise, days_ago=3, warnings=("trunk_lean", "too_dark"))
    attempt(app, exercise, days_ago=2, warnings=("trunk_lean", "asymmetry", "too_dark"))
    [form] = alerts(app, exercise)
    assert form.code == "form_warnings"
    assert "(trunk_lean): Watch the trunk lean." in form.reason
    attempt(app, exercise, days_ago=1, warnings=("asymmetry",))
    assert codes(app, exercise) == ["form_warnings"]  # now asymmetry, twice in a row
    assert "asymmetry" in alerts(app, exercise)[0].reason


def test_a_video_of_another_motion(app, exercise):
    attempt(app, exercise, days_ago=2, predicted_motion="lunge")
    [mismatch] = alerts(app, exercise)
    assert mismatch.code == "motion_mismatch"
    assert "looked like lunge, not squat" in mismatch.reason
    attempt(app, exercise, days_ago=1)
    assert codes(app, exercise) == []


def _assigned_days_ago(exercise, days):
    Exercise.objects(id=exercise["id"]).update(set__assigned_date=utcnow() - timedelta(days=days))


def test_no_upload_while_exercises_are_pending(app, exercise):
    _assigned_days_ago(exercise, 10)
    [idle] = alerts(app, exercise)
    assert idle.code == "inactive"
    assert idle.reason == "No upload for 10 days while 1 exercise is pending."
    attempt(app, exercise, days_ago=8)
    assert "No upload for 8 days" in alerts(app, exercise)[0].reason
    attempt(app, exercise, days_ago=2)
    assert codes(app, exercise) == []


def test_no_alert_for_a_new_or_finished_exercise(app, exercise):
    _assigned_days_ago(exercise, 3)
    assert codes(app, exercise) == []
    _assigned_days_ago(exercise, 30)
    Exercise.objects(id=exercise["id"]).update(set__status="Completed")
    assert codes(app, exercise) == []


class TestThresholdsFromConfig:
    @pytest.fixture
    def config_overrides(self):
        return {"ALERT_INACTIVE_DAYS": 14, "ALERT_PAIN_LEVEL": 9}

    def test_configured_thresholds_apply(self, app, exercise):
        _assigned_days_ago(exercise, 10)
        attempt(app, exercise, days_ago=12, pain=8)
        assert codes(app, exercise) == []
        attempt(app, exercise, days_ago=11, pain=9)
        assert codes(app, exercise) == ["pain_high"]


def test_most_serious_first(app, exercise, doctor, patient, assign):
    other = assign(doctor, patient, name="Lunges", motion="lunge")
    attempt(app, other, days_ago=1, motion="lunge", predicted_motion="squat")
    attempt(app, exercise, days_ago=3, pain=8)
    assert [a.code for a in alerts(app, exercise, other)] == ["pain_high", "motion_mismatch"]


@pytest.mark.parametrize("code", ["camera_view", "out_of_frame", "person_partly_unseen"])
def test_recording_warnings_the_engine_emits_never_raise_a_form_alert(app, exercise, code):
    for days_ago in (2, 1):
        attempt(app, exercise, days_ago=days_ago, warnings=(code,))
    assert codes(app, exercise) == []


def test_a_movement_warning_on_every_recent_attempt_raises_a_form_alert(app, exercise):
    for days_ago in (2, 1):
        attempt(app, exercise, days_ago=days_ago, warnings=("trunk_lean", "camera_view"))
    [alert] = alerts(app, exercise)
    assert alert.code == "form_warnings" and "(trunk_lean)" in alert.reason


def test_cant_tell_never_raises_a_mismatch_alert(app, exercise):
    attempt(app, exercise, predicted_motion="lunge", is_match=None)
    assert codes(app, exercise) == []
    attempt(app, exercise, predicted_motion="lunge")
    assert codes(app, exercise) == ["motion_mismatch"]
