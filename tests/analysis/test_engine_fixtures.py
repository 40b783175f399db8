"""The engine on the labelled real clips of LABELS.tsv: recognised motion, repetition count and
match against a prescription.

Poses come from saved PoseTracks in POSE_CACHE_DIR (<clip stem>.npz) when that variable is set,
otherwise from the real pipeline (MoveNet at MOVENET_MODEL_PATH, else the shared model), each
clip extracted once per session.
"""

import csv
import os
from pathlib import Path

import pytest

from exercise_tracker.analysis.engine import analyze_pose_track, analyze_video
from exercise_tracker.analysis.pose_cache import load_pose_track
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings

REPO_ROOT = Path(__file__).resolve().parents[2]
VIDEOS = REPO_ROOT.parent / "shared" / "fixtures" / "videos"
APPROXIMATE_TOLERANCE = 2  # reps_exact=no: counted by eye, "±1 or 2"


def _labels() -> list[dict]:
    path = VIDEOS / "LABELS.tsv"
    if not path.is_file():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


LABELS = _labels()
CLIPS = [pytest.param(label, id=Path(label["file"]).stem) for label in LABELS]


def _settings() -> AnalysisSettings:
    model = os.environ.get("MOVENET_MODEL_PATH") or VIDEOS.parents[1] / "models" / MOVENET_FILE_NAME
    return AnalysisSettings(model_path=Path(model))


def _extract(file: str):
    cache_dir = os.environ.get("POSE_CACHE_DIR")
    if cache_dir:
        saved = Path(cache_dir) / f"{Path(file).stem}.npz"
        if not saved.is_file():
            pytest.skip(f"{saved} is not in the pose cache")
        return load_pose_track(saved)
    try:
        from exercise_tracker.analysis.pose import extract_pose_track
    except ImportError:
        pytest.skip(
            "pose extraction (exercise_tracker.analysis.pose) is not on this branch; "
            "set POSE_CACHE_DIR to a folder of saved PoseTracks"
        )
    return extract_pose_track(VIDEOS / file, _settings())


@pytest.fixture(scope="session")
def pose_track_of():
    tracks = {}

    def get(label: dict):
        if label["file"] not in tracks:
            tracks[label["file"]] = _extract(label["file"])
        return tracks[label["file"]]

    return get


@pytest.mark.parametrize("label", CLIPS)
def test_motion_is_recognised(label, pose_track_of):
    result = analyze_pose_track(pose_track_of(label))
    assert result.predicted_motion == label["motion"], result.scores


@pytest.mark.parametrize("label", CLIPS)
def test_repetitions_are_counted(label, pose_track_of):
    result = analyze_pose_track(pose_track_of(label), prescribed_motion=label["motion"])
    tolerance = 1 if label["reps_exact"] == "yes" else APPROXIMATE_TOLERANCE
    assert abs(result.rep_count - int(label["reps"])) <= tolerance
    assert result.is_match is True


@pytest.mark.parametrize("label", CLIPS)
def test_another_prescribed_exercise_is_not_a_match(label, pose_track_of):
    other = "biceps_curl" if label["motion"] == "squat" else "squat"
    result = analyze_pose_track(pose_track_of(label), prescribed_motion=other)
    assert result.is_match is False
    assert result.predicted_motion == label["motion"]


@pytest.mark.skipif(not LABELS, reason="labelled clips not found")
def test_analyze_video_runs_the_whole_pipeline():
    try:
        import exercise_tracker.analysis.pose  # noqa: F401
    except ImportError:
        pytest.skip("pose extraction (exercise_tracker.analysis.pose) is not on this branch")
    shortest = min(LABELS, key=lambda label: float(label["duration_s"]))
    result = analyze_video(VIDEOS / shortest["file"], settings=_settings())
    assert result.predicted_motion == shortest["motion"]
    assert result.frames.sampled > 0
