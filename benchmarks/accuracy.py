"""Accuracy of the analysis engine on a folder of labelled clips (LABELS.tsv).

    python benchmarks/accuracy.py ../shared/fixtures/videos [--model PATH] [--pose-cache DIR]

With --pose-cache, a clip whose <stem>.npz is in DIR is analysed from that saved PoseTrack instead
of running MoveNet; missing ones are extracted and, if --write-cache is given, saved there.
"""

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from exercise_tracker.analysis.catalog import MOTION_KEYS, OUTCOME_KEYS  # noqa: E402
from exercise_tracker.analysis.engine import analyze_pose_track  # noqa: E402
from exercise_tracker.analysis.pose_cache import load_pose_track, save_pose_track  # noqa: E402
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings  # noqa: E402

APPROXIMATE_TOLERANCE = 2  # LABELS.tsv: reps_exact=no means "counted by eye, ±1 or 2"
CONFIDENCE_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.01)
DEFAULT_MODEL = REPO_ROOT.parent / "shared" / "models" / MOVENET_FILE_NAME


def read_labels(folder: Path) -> list[dict]:
    with open(folder / "LABELS.tsv", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def pose_track_for(clip: Path, settings: AnalysisSettings, cache: Path | None, write: bool):
    cached = cache / f"{clip.stem}.npz" if cache else None
    if cached and cached.is_file():
        return load_pose_track(cached)
    from exercise_tracker.analysis.pose import extract_pose_track

    track = extract_pose_track(clip, settings)
    if cached and write:
        save_pose_track(track, cached)
    return track


def rep_verdicts(label: dict, counted: int) -> tuple[bool, bool, int]:
    """(exact, within ±1, absolute error); an approximate label's tolerance counts as exact."""
    truth = int(label["reps"])
    error = abs(counted - truth)
    exact = error <= (APPROXIMATE_TOLERANCE if label["reps_exact"] == "no" else 0)
    return exact, error <= 1, error


def print_confusion(rows: list[tuple[str, str]]) -> None:
    keys = [k for k in MOTION_KEYS + OUTCOME_KEYS if any(k in pair for pair in rows)]
    pairs = Counter(rows)
    width = max(len(k) for k in keys) + 1
    short = [k[:7] for k in keys]
    print("\nConfusion matrix (rows: label, columns: predicted)")
    print(" " * width + " ".join(f"{s:>7}" for s in short))
    for truth in keys:
        if any(t == truth for t, _ in rows):
            cells = " ".join(f"{pairs[(truth, p)] or '.':>7}" for p in keys)
            print(f"{truth:<{width}}{cells}")


def print_calibration(records: list[tuple[float, bool]]) -> None:
    print("\nCalibration (confidence bin: clips, accuracy, mean confidence)")
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:], strict=False):
        inside = [(c, ok) for c, ok in records if low <= c < high]
        if inside:
            accuracy = sum(ok for _, ok in inside) / len(inside)
            mean = sum(c for c, _ in inside) / len(inside)
            print(
                f"  {low:.1f}–{min(high, 1.0):.1f}: {len(inside):3d} clips, accuracy "
                f"{accuracy:6.1%}, mean confidence {mean:.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--model",
        type=Path,
        default=DEFAULT_MODEL,
        help=f"MoveNet .tflite (default: {DEFAULT_MODEL})",
    )
    parser.add_argument("--pose-cache", type=Path, help="folder of saved <clip stem>.npz tracks")
    parser.add_argument("--write-cache", action="store_true", help="save extracted tracks")
    args = parser.parse_args()
    settings = AnalysisSettings(model_path=args.model)
    labels = read_labels(args.folder)
    confusion, calibration, exact, within, errors = [], [], 0, 0, []
    print(f"{'clip':<36} {'label':<18} {'predicted':<18} conf  reps/label")
    for label in labels:
        track = pose_track_for(
            args.folder / label["file"], settings, args.pose_cache, args.write_cache
        )
        result = analyze_pose_track(track, prescribed_motion=None)
        ok = result.predicted_motion == label["motion"]
        counted = analyze_pose_track(track, prescribed_motion=label["motion"]).rep_count
        is_exact, is_within, error = rep_verdicts(label, counted)
        exact, within = exact + is_exact, within + is_within
        errors.append(error)
        confusion.append((label["motion"], result.predicted_motion))
        calibration.append((result.confidence_score, ok))
        approx = "~" if label["reps_exact"] == "no" else ""
        print(
            f"{label['file']:<36} {label['motion']:<18} {result.predicted_motion:<18} "
            f"{result.confidence_score:.2f}  {counted}/{approx}{label['reps']}"
            f"{'' if ok else '  MISRECOGNISED'}"
        )
    total = len(labels)
    print_confusion(confusion)
    correct = sum(t == p for t, p in confusion)
    print(f"\nMotion accuracy: {correct}/{total} = {correct / total:.1%}")
    print(
        f"Repetitions (counted for the labelled motion): exact {exact}/{total} = "
        f"{exact / total:.1%} (reps_exact=no clips count as exact within "
        f"±{APPROXIMATE_TOLERANCE}), within ±1 {within}/{total} = {within / total:.1%}, "
        f"mean absolute error {sum(errors) / total:.2f}"
    )
    print_calibration(calibration)
    return 0


if __name__ == "__main__":
    sys.exit(main())
