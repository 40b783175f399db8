"""`flask videos ...`: purge, reprocess and requeue-stale."""

from datetime import timedelta

from exercise_tracker.jobs.queue import analysis_queue
from exercise_tracker.models import Prediction, Video
from exercise_tracker.models.base import utcnow
from tests.conftest import stored_files, upload


def test_purge_removes_old_files_and_keeps_analyses(app, client, patient, exercise_for):
    old = upload(client, patient, exercise_for["id"]).json
    new = upload(client, patient, exercise_for["id"]).json
    Video.objects(id=old["id"]).update_one(set__upload_date=utcnow() - timedelta(days=40))
    Prediction(
        video_id=old["id"],
        exercise_id=exercise_for["id"],
        patient_id=patient.id,
        predicted_motion="squat",
        confidence_score=0.9,
        model_name="m",
    ).save()
    result = app.test_cli_runner().invoke(args=["videos", "purge", "--older-than", "30"])
    assert result.exit_code == 0
    assert "removed 1 file(s) older than 30 days" in result.output
    assert len(stored_files(app)) == 1
    assert Prediction.objects(video_id=old["id"]).count() == 1
    purged = client.get(f"/api/v1/videos/{old['id']}", headers=patient.headers).json
    assert purged["file_available"] is False
    assert (
        client.get(f"/api/v1/videos/{old['id']}/file", headers=patient.headers).status_code == 404
    )
    kept = client.get(f"/api/v1/videos/{new['id']}/file", headers=patient.headers)
    assert kept.status_code == 200
    again = app.test_cli_runner().invoke(args=["videos", "purge", "--older-than", "30"])
    assert "removed 0 file(s)" in again.output


def test_purge_defaults_to_the_retention_setting(app, client, patient, exercise_for):
    video = upload(client, patient, exercise_for["id"]).json
    days = app.config["VIDEO_RETENTION_DAYS"]
    Video.objects(id=video["id"]).update_one(set__upload_date=utcnow() - timedelta(days=days - 1))
    result = app.test_cli_runner().invoke(args=["videos", "purge"])
    assert f"removed 0 file(s) older than {days} days" in result.output


def test_reprocess_failed_requeues_only_failed_videos(app, client, patient, exercise_for):
    failed = upload(client, patient, exercise_for["id"]).json
    fine = upload(client, patient, exercise_for["id"]).json
    analysis_queue(app).empty()
    Video.objects(id=failed["id"]).update_one(set__status="Failed", set__failure_reason="x")
    Video.objects(id=fine["id"]).update_one(set__status="Processed")
    result = app.test_cli_runner().invoke(args=["videos", "reprocess", "--failed"])
    assert result.exit_code == 0 and "queued 1 video" in result.output
    assert [job.args for job in analysis_queue(app).jobs] == [(failed["id"],)]
    assert Video.objects(id=failed["id"]).first().status == "Uploaded"
    assert Video.objects(id=failed["id"]).first().failure_reason is None


def test_reprocess_needs_exactly_one_choice(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["videos", "reprocess"]).exit_code != 0
    unknown = runner.invoke(args=["videos", "reprocess", "--video-id", "0" * 24])
    assert unknown.exit_code != 0 and "no video" in unknown.output


def test_requeue_stale_command(app, client, patient, exercise_for):
    video = upload(client, patient, exercise_for["id"]).json
    analysis_queue(app).empty()
    long_ago = utcnow() - timedelta(hours=2)
    Video.objects(id=video["id"]).update_one(
        set__status="Processing", set__processing_started_at=long_ago
    )
    result = app.test_cli_runner().invoke(args=["videos", "requeue-stale"])
    assert "requeued 1 video(s)" in result.output and video["id"] in result.output
    assert Video.objects(id=video["id"]).first().status == "Uploaded"
    assert len(analysis_queue(app).jobs) == 1


def test_batch_commands_show_a_bar_on_a_terminal_only(
    app, client, patient, exercise_for, monkeypatch
):
    from exercise_tracker.cli import progress

    for _ in range(2):
        video = upload(client, patient, exercise_for["id"]).json
        Video.objects(id=video["id"]).update_one(
            set__status="Failed", set__upload_date=utcnow() - timedelta(days=40)
        )
    runner = app.test_cli_runner()
    quiet = runner.invoke(args=["videos", "reprocess", "--failed"])
    assert "Queuing" not in quiet.output and "queued 2 video(s)" in quiet.output
    monkeypatch.setattr(progress, "on_terminal", lambda: True)
    Video.objects(exercise_id=exercise_for["id"]).update(set__status="Failed")
    shown = runner.invoke(args=["videos", "reprocess", "--failed"])
    assert "Queuing" in shown.stderr and "queued 2 video(s)" in shown.stdout
    purged = runner.invoke(args=["videos", "purge", "--older-than", "30"])
    assert "Purging" in purged.stderr and "removed 2 file(s)" in purged.stdout
