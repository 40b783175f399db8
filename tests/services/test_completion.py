"""What `Completed` and `Not Completed` mean, through the worker's store path and the API."""

from datetime import timedelta

import pytest

from exercise_tracker.models import Exercise, ExerciseStatus
from exercise_tracker.models.base import utcnow
from exercise_tracker.services.completion import close_overdue
from tests.factories import attempt, due_in_the_past


def settle(app) -> int:
    with app.app_context():
        return close_overdue()


def status(exercise) -> str:
    return Exercise.objects(id=exercise["id"]).first().status


@pytest.fixture
def recurring(doctor, patient, assign):
    """3 × 10 squats, 5 a week until 2030."""
    return assign(
        doctor,
        patient,
        motion="squat",
        sets=3,
        target_reps=10,
        frequency_per_week=5,
        due_date="2030-01-01T00:00:00Z",
    )


def test_one_short_video_does_not_complete_a_recurring_prescription(app, recurring):
    attempt(app, recurring, reps=5)
    assert status(recurring) == ExerciseStatus.PENDING
    attempt(app, recurring, reps=30)  # a whole session, but the period is not over
    assert status(recurring) == ExerciseStatus.PENDING


def test_a_one_off_completes_only_when_the_target_is_met(app, doctor, patient, assign):
    one_off = assign(doctor, patient, motion="squat", sets=3, target_reps=10)
    attempt(app, one_off, reps=5)
    assert status(one_off) == ExerciseStatus.PENDING
    attempt(app, one_off, reps=10)  # one set of three
    assert status(one_off) == ExerciseStatus.PENDING
    attempt(app, one_off, reps=30)
    assert status(one_off) == ExerciseStatus.COMPLETED


def test_a_matching_video_short_of_the_target_range_does_not_complete(app, doctor, patient, assign):
    one_off = assign(doctor, patient, motion="squat", target_reps=3, target_range_of_motion=90)
    attempt(app, one_off, reps=3, excursion=60)
    assert status(one_off) == ExerciseStatus.PENDING
    attempt(app, one_off, reps=3, excursion=95)
    assert status(one_off) == ExerciseStatus.COMPLETED


def test_removing_the_attempt_that_completed_it_derives_the_status_again(
    app, client, patient, doctor, assign
):
    one_off = assign(doctor, patient, motion="squat", target_reps=5)
    video = attempt(app, one_off, reps=5)
    assert status(one_off) == ExerciseStatus.COMPLETED
    deleted = client.delete(f"/api/v1/videos/{video.id}", headers=patient.headers)
    assert deleted.status_code == 200
    assert status(one_off) == ExerciseStatus.PENDING
    answer = client.get(f"/api/v1/exercises/{one_off['id']}", headers=doctor.headers)
    assert answer.json["status"] == "Pending"


def _period(exercise, *, days: int):
    """An exercise assigned `days` ago and due now: its period is over."""
    Exercise.objects(id=exercise["id"]).update(
        set__assigned_date=utcnow() - timedelta(days=days),
        set__due_date=utcnow() - timedelta(minutes=1),
    )


def test_a_recurring_prescription_completes_when_its_period_is_over_with_the_sessions_done(
    app, doctor, patient, assign
):
    done = assign(doctor, patient, name="Done", motion="squat", frequency_per_week=2)
    short = assign(doctor, patient, name="Short", motion="squat", frequency_per_week=2)
    for exercise in (done, short):
        _period(exercise, days=14)  # two weeks: four sessions
    for days_ago in (13, 9, 6, 2):
        attempt(app, done, days_ago=days_ago, reps=1)
    for days_ago in (13, 9, 6):
        attempt(app, short, days_ago=days_ago, reps=1)
    attempt(app, short, days_ago=2, predicted_motion="lunge")  # another exercise: no session
    settle(app)
    assert status(done) == ExerciseStatus.COMPLETED
    assert status(short) == ExerciseStatus.NOT_COMPLETED


def test_cant_tell_never_marks_an_exercise_not_completed(app, doctor, patient, assign):
    one_off = due_in_the_past(assign(doctor, patient, motion="squat", target_reps=5))
    attempt(app, one_off, reps=5, is_match=None)  # the analysis could not tell
    assert status(one_off) == ExerciseStatus.PENDING
    assert settle(app) == 0
    assert status(one_off) == ExerciseStatus.PENDING
    nothing = due_in_the_past(assign(doctor, patient, name="Nothing done"))
    assert settle(app) == 1
    assert status(nothing) == ExerciseStatus.NOT_COMPLETED
