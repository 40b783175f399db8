"""Labelled clips and their saved pose tracks, shared by the accuracy and robustness benchmarks.

A clip's PoseTrack is saved as ``<stem>.npz`` (``<stem>.<variant>.npz`` for a variant made from
changed frames) in a cache folder outside the repository, so recognition can be iterated on
without rerunning MoveNet.
"""

import csv
import sys
from pathlib import Path

import cv2
import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script from anywhere

from exercise_tracker.analysis.pose_cache import load_pose_track, save_pose_track  # noqa: E402
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings  # noqa: E402

DEFAULT_MODEL = REPO_ROOT.parent / "shared" / "models" / MOVENET_FILE_NAME
DEFAULT_CLIPS = REPO_ROOT.parent / "shared" / "fixtures" / "videos"


def half_resolution(image: np.ndarray) -> np.ndarray:
    height, width = image.shape[:2]
    return cv2.resize(
        image, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA
    )


def padded(image: np.ndarray, factor: float = 1.6) -> np.ndarray:
    """The frame centred on black borders 1.6 times its size."""
    height, width = image.shape[:2]
    pad_y, pad_x = round(height * (factor - 1) / 2), round(width * (factor - 1) / 2)
    return cv2.copyMakeBorder(image, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT, value=0)


def half_brightness(image: np.ndarray) -> np.ndarray:
    return (image >> 1).astype(np.uint8)


# Variants that need real frames: they change what the pose model sees.
FRAME_VARIANTS = {
    "half_resolution": half_resolution,
    "padded": padded,
    "half_brightness": half_brightness,
}


def read_labels(folder: Path) -> list[dict]:
    with open(folder / "LABELS.tsv", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def pose_track_for(
    clip: Path,
    settings: AnalysisSettings,
    cache: Path | None,
    write: bool,
    variant: str | None = None,
    estimator=None,
):
    """The clip's PoseTrack (of its frames changed by ``variant``), from the cache when saved."""
    name = clip.stem if variant is None else f"{clip.stem}.{variant}"
    cached = cache / f"{name}.npz" if cache else None
    if cached and cached.is_file():
        return load_pose_track(cached)
    from exercise_tracker.analysis.pose import extract_pose_track

    transform = FRAME_VARIANTS[variant] if variant else None
    track = extract_pose_track(clip, settings, estimator=estimator, frame_transform=transform)
    if cached and write:
        cache.mkdir(parents=True, exist_ok=True)
        save_pose_track(track, cached)
    return track


def main() -> int:
    """Fill a pose cache: every clip, and with --variants every frame variant too."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--folder", type=Path, default=DEFAULT_CLIPS)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args()
    from exercise_tracker.analysis.model import load_pose_estimator

    settings = AnalysisSettings(model_path=args.model, model_threads=1)
    estimator = load_pose_estimator(settings)
    variants = [None, *FRAME_VARIANTS] if args.variants else [None]
    for variant in variants:
        for label in read_labels(args.folder):
            pose_track_for(
                args.folder / label["file"], settings, args.cache, True, variant, estimator
            )
            print(label["file"], variant or "original", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
