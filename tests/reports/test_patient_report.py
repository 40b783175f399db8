"""The PDF report as a physiotherapist reads it: every script printed, sets with repetitions and
frequency, plurals right, ranges named by joint and side, same-day attempts told apart, and the
chart placed under its heading rather than floating on a half-empty page."""

import io
import shutil
import subprocess
from datetime import datetime

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.factories import attempt

NAME = "山田 太郎 💪 Zoë"


@pytest.fixture
def report(app, client, doctor, register, assign):
    patient = register("Patient", full_name=NAME)
    squats = assign(
        doctor,
        patient,
        name="Squats against the wall, slowly, with a pause at the bottom of every repetition",
        motion="squat",
        target_reps=1,
        sets=3,
        frequency_per_week=1,
        target_range_of_motion=90,
    )
    for hour, excursion in ((9, 70), (17, 80)):  # two attempts on one day
        video = attempt(app, squats, reps=1, excursion=excursion)
        video.update(set__upload_date=datetime(2026, 3, 2, hour))
    response = client.get(
        f"/api/v1/progress/patient/{patient.id}/report.pdf", headers=doctor.headers
    )
    assert response.status_code == 200
    return response.data


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_script_of_a_name_prints(report):
    text = _text(report).replace(" ", "").replace("\x00", "")
    for part in ("山田", "太郎", "💪", "Zoë"):
        assert part in text, part


def test_prescription_and_ranges_read_right(report):
    text = " ".join(_text(report).split())
    assert "3 sets of 1 repetition, once a week" in text
    assert "target knee flexion excursion 90° from rest" in text
    assert "1 exercise:" in text
    assert "80° left" in text and "70° left" in text
    assert "knee flexion excursion, side" in text
    assert "repetitions" not in text.split("3 sets of 1 ")[1][:12]


def test_same_day_attempts_are_told_apart(report):
    text = _text(report)
    assert "02 Mar 2026 09:00" in " ".join(text.split())
    assert "02 Mar 2026 17:00" in " ".join(text.split())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_chart_sits_under_its_heading(report, tmp_path):
    (tmp_path / "report.pdf").write_bytes(report)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    last = sorted(tmp_path.glob("page-*.png"))[-1]
    page = np.asarray(Image.open(last).convert("L"))
    inked = np.flatnonzero(page.min(axis=1) < 200)
    # Between the first and the last inked row, no blank stretch of a fifth of the page.
    assert np.diff(inked).max() < page.shape[0] / 5
