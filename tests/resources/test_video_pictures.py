"""A video's contact sheet and angle chart: drawn once per analysis, private, for its readers."""

import pytest

from exercise_tracker.jobs.analysis import store_prediction
from exercise_tracker.models import Picture, Video
from exercise_tracker.pictures import video_pictures
from exercise_tracker.pictures.contact_sheet import KEY_BAND
from exercise_tracker.services.videos import purge_files
from exercise_tracker.storage import video_storage
from tests.factories import attempt, stored_video, typed_result
from tests.pictures.images import assert_not_blank, decoded_png

PICTURES = ("preview.png", "chart.png")


@pytest.fixture
def exercise(doctor, patient, assign):
    return assign(doctor, patient, name="Squats", motion="squat", target_reps=3)


def url(video, picture):
    return f"/api/v1/videos/{video.id}/{picture}"


@pytest.mark.parametrize(
    "picture, size",
    [
        # 3 reps, each by its start and deepest bend: 6 tiles of 320 x 180 (the clip is
        # 640 x 360), and the key of the skeleton's colours below them
        ("preview.png", (960, 360 + KEY_BAND)),
        ("chart.png", (1000, 420)),  # the angle over time, reps marked
    ],
)
def test_pictures_of_an_analysed_video(app, client, patient, exercise, picture, size):
    video = attempt(app, exercise, reps=3)
    response = client.get(url(video, picture), headers=patient.headers)
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "private" in response.headers["Cache-Control"]
    image = decoded_png(response.data)
    assert image.size == size
    assert_not_blank(image)


def test_chart_without_a_measured_angle_says_so(app, client, patient, exercise):
    video = attempt(app, exercise, reps=0, with_angle=False)
    response = client.get(url(video, "chart.png"), headers=patient.headers)
    assert response.status_code == 200
    assert_not_blank(decoded_png(response.data), min_variance=5)


@pytest.mark.parametrize("picture", PICTURES)
def test_not_analysed_is_409(app, client, patient, exercise, picture):
    video = attempt(app, exercise, analysed=False)
    response = client.get(url(video, picture), headers=patient.headers)
    assert response.status_code == 409
    assert "not analysed yet" in response.json["message"]
    video.update(set__status="Failed", set__failure_reason="No person was seen.")
    failed = client.get(url(video, picture), headers=patient.headers)
    assert failed.status_code == 409
    assert "No person was seen." in failed.json["message"]


@pytest.mark.parametrize("picture", PICTURES)
def test_who_sees_the_pictures(app, client, register, assign, doctor, patient, exercise, picture):
    video = attempt(app, exercise)
    assert client.get(url(video, picture), headers=doctor.headers).status_code == 200
    # A doctor treating the same patient for something else does not see this exercise's videos.
    colleague = register("Doctor")
    assign(colleague, patient, name="Lunges")
    for outsider in (colleague, register("Doctor"), register("Patient")):
        assert client.get(url(video, picture), headers=outsider.headers).status_code == 404
    assert client.get(url(video, picture)).status_code == 401
    missing = f"/api/v1/videos/{'0' * 24}/{picture}"
    assert client.get(missing, headers=patient.headers).status_code == 404


def test_drawn_once_then_again_after_reprocessing(app, client, patient, exercise, monkeypatch):
    drawn = []
    draw = video_pictures.render_contact_sheet
    monkeypatch.setattr(
        video_pictures, "render_contact_sheet", lambda *a: drawn.append(1) or draw(*a)
    )
    video = attempt(app, exercise, reps=3)
    first = client.get(url(video, "preview.png"), headers=patient.headers)
    again = client.get(url(video, "preview.png"), headers=patient.headers)
    assert len(drawn) == 1 and again.data == first.data
    unchanged = client.get(
        url(video, "preview.png"),
        headers={**patient.headers, "If-None-Match": first.headers["ETag"]},
    )
    assert unchanged.status_code == 304
    # Reprocessing replaces the prediction, as the worker stores it: a new picture.
    with app.app_context():
        store_prediction(video, typed_result(reps=1))
    redrawn = client.get(url(video, "preview.png"), headers=patient.headers)
    assert len(drawn) == 2
    # one rep: its start and deepest bend, and the colour key
    assert decoded_png(redrawn.data).size == (640, 180 + KEY_BAND)
    assert Picture.objects(key=f"video/{video.id}/preview").count() == 1


def test_worker_can_draw_both_ahead(app, client, patient, exercise):
    video = stored_video(app, exercise)
    with app.app_context():
        prediction = store_prediction(video, typed_result())
        assert video_pictures.render_video_pictures(video, prediction) is True
    assert Picture.objects(video_id=video.id).count() == 2
    for picture in PICTURES:  # served as drawn, not drawn again
        served = client.get(url(video, picture), headers=patient.headers).data
        assert served == bytes(Picture.objects(key=f"video/{video.id}/{picture[:-4]}").first().data)


def test_worker_drawing_never_fails_the_analysis(app, client, patient, exercise):
    video = stored_video(app, exercise)
    with app.app_context():
        prediction = store_prediction(video, typed_result())
        video_storage().delete(video.file_path)  # the file vanished under the worker
        assert video_pictures.render_video_pictures(video, prediction) is False
    assert Picture.objects(key=f"video/{video.id}/chart").count() == 1
    assert client.get(url(video, "chart.png"), headers=patient.headers).status_code == 200


def test_purged_file_has_no_preview_but_keeps_its_chart(app, client, patient, exercise):
    video = attempt(app, exercise, days_ago=30)
    assert client.get(url(video, "preview.png"), headers=patient.headers).status_code == 200
    with app.app_context():
        assert purge_files(older_than_days=10) == (1, video.file_size)
    assert Picture.objects(video_id=video.id).count() == 0  # the frames went with the file
    gone = client.get(url(video, "preview.png"), headers=patient.headers)
    assert gone.status_code == 404
    assert "removed" in gone.json["message"]
    assert client.get(url(video, "chart.png"), headers=patient.headers).status_code == 200


def test_deleting_a_video_removes_its_pictures(app, client, patient, exercise):
    video = attempt(app, exercise)
    for picture in PICTURES:
        assert client.get(url(video, picture), headers=patient.headers).status_code == 200
    assert Picture.objects(video_id=video.id).count() == 2
    client.delete(f"/api/v1/videos/{video.id}", headers=patient.headers)
    assert Picture.objects.count() == 0
    assert Video.objects.count() == 0
    assert [p for p in app.config["UPLOAD_DIR"].iterdir() if p.is_file()] == []
