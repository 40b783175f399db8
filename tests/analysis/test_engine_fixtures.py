"""The engine on the labelled real clips of LABELS.tsv, judged as it will be on recordings nobody
here has seen: by grouped cross-validation, each source's clips scored by a recogniser fitted
without them. Clips it gets wrong are listed by benchmarks/accuracy.py, not asserted one by one.

Poses come from saved PoseTracks in POSE_CACHE_DIR (<clip stem>.npz) when that variable is set,
otherwise from the real pipeline (MoveNet at MOVENET_MODEL_PATH, else the shared model), each
clip extracted once per session.
"""

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from exercise_tracker.analysis.catalog import MOTION_KEYS, UNKNOWN
from exercise_tracker.analysis.engine import analyze_pose_track, analyze_video
from exercise_tracker.analysis.pose_cache import load_pose_track
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings
from exercise_tracker.analysis.training.fit import features_of, fit_recogniser

REPO_ROOT = Path(__file__).resolve().parents[2]
VIDEOS = REPO_ROOT.parent / "shared" / "fixtures" / "videos"
# Measured by leave-one-source-out on the 45 clips (benchmarks/accuracy.py): recognised 68.9 %,
# is_match recall 63.2 %, false match 8.9 % (4 clips), no off-catalog clip matched. Far from the
# issue's targets; the floors only stop it getting worse, one clip or two below (above) the
# figures so that a borderline clip's rounding on another machine does not fail them.
RECOGNISED_FLOOR = 0.64
MATCH_RECALL_FLOOR = 0.55
FALSE_MATCH_CEILING = 0.12
OFF_CATALOG_MATCHED_CEILING = 0
# Repetitions with the clip's own motion prescribed (counting is not fitted, so all clips score):
# measured exact 94.3 %, within ±1 100 % on the 35 countable clips.
REPS_EXACT_FLOOR = 0.9
REPS_WITHIN_ONE_FLOOR = 0.99  # every clip: one off by two fails
APPROXIMATE_TOLERANCE = 2  # LABELS.tsv: reps_exact=no means counted by eye, ±1 or 2


def _labels() -> list[dict]:
    path = VIDEOS / "LABELS.tsv"
    if not path.is_file():
        return []
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


LABELS = _labels()


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


# Floors of the leave-one-source-out figures, set at or below what benchmarks/accuracy.py reports
# for the committed procedure: a change that makes recognition generalise worse fails here.
FLOORS = {"recognised": RECOGNISED_FLOOR, "is_match_recall": MATCH_RECALL_FLOOR}
MAX_FALSE_MATCH = FALSE_MATCH_CEILING


def _truth(label: dict) -> str:
    return label["motion"] if label["motion"] in MOTION_KEYS else UNKNOWN


@pytest.fixture(scope="module")
def grouped_outcomes(pose_track_of, tmp_path_factory):
    """Each clip analysed by a recogniser fitted without any clip of its source."""
    tracks = {label["file"]: pose_track_of(label) for label in LABELS}
    features = {file: features_of(track) for file, track in tracks.items()}
    cache = tmp_path_factory.mktemp("synthetic") / "features.npz"
    outcomes = []
    for source in sorted({label["source_repo"] for label in LABELS}):
        kept = [label for label in LABELS if label["source_repo"] != source]
        recogniser = fit_recogniser(
            [(tracks[label["file"]], _truth(label)) for label in kept],
            [label["source_repo"] for label in kept],
            cache,
            [features[label["file"]] for label in kept],
        )
        for label in LABELS:
            if label["source_repo"] != source:
                continue
            track, truth = tracks[label["file"]], _truth(label)
            free = analyze_pose_track(track, recogniser=recogniser)
            others = {k: v for k, v in free.scores.items() if k != truth}
            confusable = max(others, key=others.get)
            wrong = analyze_pose_track(track, confusable, recogniser=recogniser)
            own = None
            if truth != UNKNOWN:
                own = analyze_pose_track(track, truth, recogniser=recogniser).match_status
            outcomes.append((truth, free.predicted_motion, own, wrong.match_status))
    return outcomes


@pytest.mark.skipif(not LABELS, reason="labelled clips not found")
def test_grouped_cross_validated_figures_hold_their_floor(grouped_outcomes):
    recognised = np.mean([truth == predicted for truth, predicted, _, _ in grouped_outcomes])
    own = [status for _, _, status, _ in grouped_outcomes if status is not None]
    false_match = np.mean([status == "match" for *_, status in grouped_outcomes])
    off_catalog = [s for truth, _, _, s in grouped_outcomes if truth == UNKNOWN]
    assert recognised >= FLOORS["recognised"]
    assert np.mean([status == "match" for status in own]) >= FLOORS["is_match_recall"]
    assert false_match <= MAX_FALSE_MATCH
    assert off_catalog.count("match") <= OFF_CATALOG_MATCHED_CEILING


@pytest.mark.skipif(not LABELS, reason="labelled clips not found")
def test_analyze_video_runs_the_whole_pipeline():
    try:
        import exercise_tracker.analysis.pose  # noqa: F401
    except ImportError:
        pytest.skip("pose extraction (exercise_tracker.analysis.pose) is not on this branch")
    shortest = min(LABELS, key=lambda label: float(label["duration_s"]))
    result = analyze_video(VIDEOS / shortest["file"], "squat", settings=_settings())
    assert result.frames.sampled > 0
    assert result.match_status in ("match", "mismatch", "cant_tell")
    assert len(result.pose["timestamps"]) > 0


@pytest.mark.skipif(not LABELS, reason="labelled clips not found")
def test_repetitions_counted_on_the_real_clips_hold_their_floor(pose_track_of):
    countable = [label for label in LABELS if label["reps"] and label["motion"] in MOTION_KEYS]
    errors, exact = [], []
    for label in countable:
        counted = analyze_pose_track(pose_track_of(label), label["motion"]).rep_count
        error = abs(counted - int(label["reps"]))
        errors.append(error)
        exact.append(error <= (APPROXIMATE_TOLERANCE if label["reps_exact"] == "no" else 0))
    assert len(countable) >= 30
    assert np.mean(exact) >= REPS_EXACT_FLOOR
    assert np.mean([error <= 1 for error in errors]) >= REPS_WITHIN_ONE_FLOOR
