"""Issue's end-to-end case: two patients upload real clips, the worker analyses them, and the
doctor's overview, the patient's progress, the pictures and the PDF all reflect it."""

import io

from pypdf import PdfReader

from tests.conftest import fixture_video, upload
from tests.pictures.images import assert_not_blank, decoded_png

RAISE = "front_raise_kshitij_2.mp4"
SQUAT = "squat_kaiakol_1.mp4"


def test_two_patients_progress_after_real_uploads(client, doctor, register, assign, run_worker):
    ann, bob = register("Patient", full_name="Ann Able"), register("Patient", full_name="Bob Best")
    ann_raises = assign(doctor, ann, name="Raises", motion="front_raise", target_reps=2)
    bob_squats = assign(doctor, bob, name="Squats", motion="squat", target_reps=1)
    bob_raises = assign(doctor, bob, name="More raises", motion="front_raise")
    first = upload(client, ann, ann_raises["id"], pain_level=2).json
    upload(client, ann, ann_raises["id"], pain_level=8)  # pain ≥ 7: an alert
    squat = fixture_video(SQUAT).read_bytes()
    upload(client, bob, bob_squats["id"], data=squat, pain_level=1)
    upload(client, bob, bob_raises["id"], data=squat)  # the wrong motion: an alert
    run_worker()

    overview = client.get(f"/api/v1/progress/doctor/{doctor.id}", headers=doctor.headers)
    assert overview.status_code == 200
    rows = {row["patient"]["full_name"]: row for row in overview.json}
    assert set(rows) == {"Ann Able", "Bob Best"}
    assert rows["Ann Able"]["exercises"]["completed"] == 1
    assert rows["Bob Best"]["exercises"]["completed"] == 1
    assert rows["Bob Best"]["exercises"]["pending"] == 1
    assert {a["code"] for a in rows["Ann Able"]["alerts"]} >= {"pain_high"}
    assert {a["code"] for a in rows["Bob Best"]["alerts"]} >= {"motion_mismatch"}

    progress = client.get(f"/api/v1/progress/patient/{ann.id}", headers=ann.headers).json
    [raises] = progress["exercises"]
    assert len(raises["attempts"]) == 2
    assert [a["pain_level"] for a in raises["attempts"]] == [2, 8]
    assert raises["repetitions"]["latest"] is not None

    for url in (
        f"/api/v1/videos/{first['id']}/preview.png",
        f"/api/v1/videos/{first['id']}/chart.png",
        f"/api/v1/progress/patient/{ann.id}/chart.png",
    ):
        picture = client.get(url, headers=doctor.headers)
        assert picture.status_code == 200, url
        assert picture.mimetype == "image/png"
        assert_not_blank(decoded_png(picture.data))
    report = client.get(f"/api/v1/progress/patient/{bob.id}/report.pdf", headers=doctor.headers)
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.data)).pages)
    assert "Bob Best" in text and "Squats" in text
