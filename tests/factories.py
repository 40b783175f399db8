"""Analysed attempts: real videos (shared fixture clips, stored through the storage API) and
engine results, typed, stored through the worker's own `store_prediction`."""

import math
from datetime import timedelta

from exercise_tracker.analysis.keypoints import KEYPOINT_NAMES
from exercise_tracker.analysis.result import AnalysisResult
from exercise_tracker.jobs.analysis import store_prediction
from exercise_tracker.models import Exercise, Prediction, Video
from exercise_tracker.models.base import utcnow
from exercise_tracker.storage import video_storage
from tests.conftest import fixture_video

CLIP = "front_raise_kshitij_2.mp4"  # 640 x 360, 6.3 s
FPS = 10.0

# A standing person facing the camera: (y, x) of each keypoint, normalised to the frame.
STANDING = {
    "nose": (0.15, 0.50),
    "left_eye": (0.13, 0.52),
    "right_eye": (0.13, 0.48),
    "left_ear": (0.14, 0.54),
    "right_ear": (0.14, 0.46),
    "left_shoulder": (0.25, 0.57),
    "right_shoulder": (0.25, 0.43),
    "left_elbow": (0.38, 0.60),
    "right_elbow": (0.38, 0.40),
    "left_wrist": (0.50, 0.61),
    "right_wrist": (0.50, 0.39),
    "left_hip": (0.52, 0.55),
    "right_hip": (0.52, 0.45),
    "left_knee": (0.70, 0.56),
    "right_knee": (0.70, 0.44),
    "left_ankle": (0.88, 0.56),
    "right_ankle": (0.88, 0.44),
}


def _pose(depth: float) -> list[list[float]]:
    """Keypoints with the body lowered by `depth` (0..1 of a squat), knees and ankles planted."""
    points = []
    for name in KEYPOINT_NAMES:
        y, x = STANDING[name]
        if "knee" not in name and "ankle" not in name:
            y += 0.15 * depth
        points.append([round(y, 4), x, 0.8])
    return points


def analysis_result(
    *,
    motion="squat",
    reps=3,
    excursion=80.0,
    duration_s=6.0,
    confidence=0.9,
    predicted_motion=None,
    warnings=(),
    unit="degrees",
    target_range=(90.0, 175.0),
    with_angle=True,
    is_match=...,
) -> dict:
    """A realistic `AnalysisResult.to_dict()`: reps spread evenly, a knee angle falling by
    `excursion` at each rep's peak, a pose per sampled frame, and the given warnings."""
    predicted = predicted_motion or motion
    top = 175.0
    times = [round(i / FPS, 2) for i in range(int(duration_s * FPS))]
    period = duration_s / max(reps, 1)

    def depth(moment):
        return math.sin(math.pi * (moment % period) / period) ** 2 if reps else 0.0

    values = [round(top - excursion * depth(t), 1) for t in times]
    repetitions = [
        {
            "index": i,
            "start_s": round(i * period, 2),
            "peak_s": round((i + 0.5) * period, 2),
            "end_s": round((i + 1) * period, 2),
            "duration_s": round(period, 2),
            "min_value": top - excursion,
            "max_value": top,
        }
        for i in range(reps)
    ]
    return {
        "predicted_motion": predicted,
        "confidence_score": confidence,
        "model_name": "movenet_singlepose_lightning_int8_4",
        "is_match": predicted == motion if is_match is ... else is_match,
        "prescribed_motion": motion,
        "counted_motion": predicted,
        "rep_count": reps,
        "repetitions": repetitions,
        "range_of_motion": {
            "signal": "knee",
            "unit": unit,
            "sides": [
                {
                    "side": "left",
                    "min_value": top - excursion,
                    "max_value": top,
                    "excursion": excursion,
                },
                {
                    "side": "right",
                    "min_value": top - excursion + 4,
                    "max_value": top,
                    "excursion": excursion - 4,
                },
            ],
            "target_range": list(target_range) if target_range else None,
            "target_met": None,
            "shortfall": None,
        },
        "scores": {predicted: confidence},
        "evidence": {},
        "warnings": [
            {"code": code, "message": f"Watch the {code.replace('_', ' ')}."} for code in warnings
        ],
        "frames": {
            "sampled": len(times),
            "skipped": 0,
            "fps": FPS,
            "source_fps": 30.0,
            "duration_s": duration_s,
            "truncated": False,
        },
        "pose": {
            "keypoint_names": list(KEYPOINT_NAMES),
            "layout": "yx_score",
            "timestamps": times,
            "keypoints": [_pose(depth(t)) for t in times],
        },
        "primary_angle": {
            "name": "knee",
            "side": "left",
            "unit": "degrees",
            "times": times,
            "values": values,
        }
        if with_angle
        else None,
    }


def stored_video(app, exercise: dict, *, days_ago=0.0, pain=None, difficulty=None) -> Video:
    """A video of an exercise (its JSON from the API), with a real clip stored through the
    app's storage, as uploaded `days_ago`."""
    with app.app_context():
        stored = video_storage().save(fixture_video(CLIP), ".mp4")
        backend = video_storage().name
    return Video(
        patient_id=exercise["assigned_to"],
        exercise_id=exercise["id"],
        file_path=stored.location,
        file_name=CLIP,
        file_size=stored.size,
        content_type="video/mp4",
        sha256=stored.sha256,
        storage=backend,
        pain_level=pain,
        difficulty=difficulty,
        upload_date=utcnow() - timedelta(days=days_ago),
    ).save()


def typed_result(**result) -> AnalysisResult:
    """The engine's typed result, read back from its dictionary form as the web reads it."""
    return AnalysisResult.from_dict(analysis_result(**result))


def analyse(app, video: Video, **result) -> Prediction:
    """Stores an analysis of the video as the worker does (which also marks it processed and
    derives its exercise's status)."""
    with app.app_context():
        prediction = store_prediction(video, typed_result(**result))
    video.reload()
    return prediction


def stored_result(app, exercise: dict, data: dict | None = None, **result) -> AnalysisResult:
    """An analysis of a fresh video stored by the worker's `store_prediction` and read back
    from the database, as pictures, progress and the API read it: `data` (an
    `analysis_result()`, perhaps changed) or one made of the given fields."""
    video = stored_video(app, exercise)
    with app.app_context():
        store_prediction(video, AnalysisResult.from_dict(data or analysis_result(**result)))
    return Prediction.objects.get(video_id=video.id).result


def attempt(app, exercise: dict, *, days_ago=0.0, pain=None, difficulty=None, **result) -> Video:
    """An analysed attempt; `analysed=False` leaves it waiting for the worker."""
    video = stored_video(app, exercise, days_ago=days_ago, pain=pain, difficulty=difficulty)
    if result.pop("analysed", True):
        analyse(app, video, **result)
    return video


def due_in_the_past(exercise: dict, *, days=30) -> dict:
    """Moves an exercise's due date `days` into the past (the API refuses one at creation)."""
    Exercise.objects(id=exercise["id"]).update(set__due_date=utcnow() - timedelta(days=days))
    return exercise
