"""The ownership registry: removal follows it depth first, files included, and erasure leaves no
document that names the patient or their videos."""

from bson import ObjectId

from exercise_tracker.models import DOCUMENTS, Exercise, Picture, Prediction, User, Video
from exercise_tracker.models.ownership import (
    dependents_of,
    registered_documents,
    remove_with_dependents,
    walk_dependents,
)
from exercise_tracker.pictures.cache import store_png
from tests.conftest import stored_files
from tests.factories import attempt


def test_every_document_but_the_user_and_the_trail_hangs_on_something():
    assert set(DOCUMENTS) - set(registered_documents()) == {User, *_unowned()}


def _unowned():
    from exercise_tracker.models import AuditEvent

    return {AuditEvent}  # kept past erasure, pseudonymised


def test_removing_a_video_takes_its_prediction_pictures_and_file(app, exercise_for):
    exercise = exercise_for
    video = attempt(app, exercise)
    other = attempt(app, exercise)
    store_png(f"video/{video.id}/preview", "f", b"png", video.id)
    assert len(stored_files(app)) == 2

    with app.app_context():  # the file is removed through the app's storage
        removed = remove_with_dependents(Video, id=video.id)

    assert removed == {"videos": 1, "predictions": 1, "pictures": 1}
    assert Video.objects(id=video.id).count() == 0
    assert Prediction.objects(video_id=video.id).count() == 0
    assert Picture.objects(video_id=video.id).count() == 0
    assert Video.objects(id=other.id).count() == 1
    assert len(stored_files(app)) == 1


def test_removing_a_user_cascades_through_exercises_and_videos(app, exercise_for):
    exercise = exercise_for
    attempt(app, exercise)
    patient_id = ObjectId(exercise["assigned_to"])

    with app.app_context():
        removed = remove_with_dependents(User, id=patient_id)

    assert removed["users"] == 1 and removed["exercises"] == 1 and removed["videos"] == 1
    assert removed["predictions"] == 1
    assert Exercise.objects(assigned_to=patient_id).count() == 0
    assert stored_files(app) == []


def test_walk_lists_each_exported_dependent_once(app, exercise_for):
    exercise = exercise_for
    video = attempt(app, exercise)
    patient_id = ObjectId(exercise["assigned_to"])
    store_png(f"video/{video.id}/preview", "f", b"png", video.id, patient_id=patient_id)

    found = list(walk_dependents(User, [patient_id]))

    kinds = [kind for kind, _ in found]
    assert kinds.count(Video) == 1  # reached through the patient and through the exercise
    assert kinds.count(Exercise) == 1 and kinds.count(Prediction) == 1
    assert kinds.count(Picture) == 1  # pictures show the patient: exported (as links)
    assert Picture in {dep.document for dep in dependents_of(Video)}
