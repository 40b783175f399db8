"""Time of a patient's FHIR export and monitoring summary, on the in-memory store.

    python benchmarks/clinical_records.py [--days 90] [--exercises 4]

A patient with `exercises` exercises, one analysed upload of each every day for `days` days, a
weekly pain rating and clinician time: prints the bundle's entries and size, and the time to build
and validate it (first export, with the models' import, and a warm one) and the summary's.
"""

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from config import TestingConfig  # noqa: E402
from exercise_tracker.app import create_app  # noqa: E402
from exercise_tracker.models import (  # noqa: E402
    ClinicianTime,
    Exercise,
    Prediction,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    User,
    Video,
    VideoStatus,
)
from exercise_tracker.models.base import utcnow  # noqa: E402
from exercise_tracker.services.fhir import patient_bundle  # noqa: E402
from exercise_tracker.services.monitoring import MonitoringRules, summarise  # noqa: E402
from tests.factories import analysis_result  # noqa: E402


def populate(days: int, exercises: int) -> User:
    start = utcnow() - timedelta(days=days)
    doctor = User(email="d@b.example", full_name="Dr B", role="Doctor", hashed_password="x").save()
    patient = User(
        email="p@b.example", full_name="Pat B", role="Patient", hashed_password="x"
    ).save()
    raw = analysis_result()
    for raw_key in ("pose", "primary_angle", "evidence"):
        raw.pop(raw_key)
    for number in range(exercises):
        exercise = Exercise(
            name=f"Exercise {number}",
            motion="squat",
            assigned_by=doctor.id,
            assigned_to=patient.id,
            assigned_date=start,
            target_reps=10,
            sets=3,
            frequency_per_week=7,
        ).save()
        for day in range(days):
            video = Video(
                patient_id=patient.id,
                exercise_id=exercise.id,
                file_path="none",
                file_name="c.mp4",
                file_size=1,
                content_type="video/mp4",
                upload_date=start + timedelta(days=day, hours=9),
                pain_level=day % 10,
                status=VideoStatus.PROCESSED.value,
            ).save()
            Prediction(
                video_id=video.id,
                exercise_id=exercise.id,
                patient_id=patient.id,
                predicted_motion="squat",
                confidence_score=0.9,
                model_name="m",
                is_match=True,
                raw_results=raw,
            ).save()
    weekly = QuestionnaireAssignment(
        patient_id=patient.id,
        assigned_by=doctor.id,
        instrument="nprs",
        schedule="weekly",
        start_date=start,
    ).save()
    for week in range(days // 7):
        QuestionnaireAnswer(
            patient_id=patient.id,
            assignment_id=weekly.id,
            instrument="nprs",
            instrument_version="1",
            answers={"pain": week % 10},
            score=week % 10,
            raw_score=week % 10,
            answered_at=start + timedelta(days=7 * week),
        ).save()
        ClinicianTime(
            patient_id=patient.id,
            doctor_id=doctor.id,
            kind="management",
            date=start + timedelta(days=7 * week),
            minutes=10,
        ).save()
    return patient


def timed(action):
    began = time.perf_counter()
    result = action()
    return result, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--exercises", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    config = type("Bench", (TestingConfig,), {"INSTANCE_DIR": folder, "REDIS_URL": None})
    app = create_app(config)
    with app.test_request_context():
        patient = populate(args.days, args.exercises)
        bundle, first = timed(lambda: patient_bundle(patient, patient))
        _, warm = timed(lambda: patient_bundle(patient, patient))
        rules = MonitoringRules.from_config(app.config)
        summary, summary_s = timed(lambda: summarise(patient.id, rules))
    size = len(json.dumps(bundle).encode())
    print(
        f"uploads: {args.days * args.exercises}, bundle entries: {len(bundle['entry'])}, "
        f"size: {size / 1e6:.2f} MB"
    )
    print(f"FHIR export: first {first:.2f} s (models imported), warm {warm:.2f} s")
    print(f"monitoring summary: {summary_s * 1000:.0f} ms for {len(summary['periods'])} periods")


if __name__ == "__main__":
    main()
