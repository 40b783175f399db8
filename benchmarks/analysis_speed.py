"""Speed of pose extraction against its floor: decoding the sampled frames plus running the model.

Run from the project root:  python benchmarks/analysis_speed.py [--repeats 5]
It writes a 60 s 1280x720 30 fps clip into a temporary folder, then measures that clip and the HDR
fixture clip as is, and prints the median of each figure over the repeats.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exercise_tracker.analysis.model import load_pose_estimator
from exercise_tracker.analysis.pose import crop_to_input, extract_pose_track, full_frame_region
from exercise_tracker.analysis.settings import MOVENET_FILE_NAME, AnalysisSettings

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures" / "videos"
LOOPED_SOURCE = FIXTURES / "squat_kshitij_1.mp4"
HDR_CLIP = FIXTURES / "biceps_curl_mrmfit_2.mp4"


def write_looped_clip(source: Path, target: Path, seconds=60, size=(1280, 720), fps=30) -> Path:
    """Loop and scale a fixture clip into a longer, larger one, a frame at a time."""
    writer = cv2.VideoWriter(str(target), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
    capture = cv2.VideoCapture(str(source))
    for _ in range(seconds * fps):
        frame = capture.read()[1]
        if frame is None:  # start the source again
            capture.release()
            capture = cv2.VideoCapture(str(source))
            frame = capture.read()[1]
        writer.write(cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR))
    capture.release()
    writer.release()
    return target


def decode_seconds(path: Path, settings: AnalysisSettings) -> tuple[float, int]:
    """Plain OpenCV decoding of what sampling needs: every frame grabbed, every n-th retrieved."""
    capture = cv2.VideoCapture(str(path), cv2.CAP_FFMPEG)
    step = max(1, round(capture.get(cv2.CAP_PROP_FPS) / settings.analysis_fps))
    started = time.perf_counter()
    index = retrieved = 0
    while capture.grab():
        if index % step == 0:
            capture.retrieve()
            retrieved += 1
        index += 1
    elapsed = time.perf_counter() - started
    capture.release()
    return elapsed, retrieved


def inference_seconds(path: Path, estimator, count: int) -> float:
    """The model alone on ``count`` inputs made from the clip's first frame."""
    capture = cv2.VideoCapture(str(path))
    frame = capture.read()[1]
    capture.release()
    model_input = crop_to_input(frame, full_frame_region(*frame.shape[:2]))
    started = time.perf_counter()
    for _ in range(count):
        estimator.estimate(model_input)
    return time.perf_counter() - started


def measure(path: Path, settings: AnalysisSettings, estimator) -> dict:
    started = time.perf_counter()
    track = extract_pose_track(path, settings, estimator)
    total = time.perf_counter() - started
    decode, retrieved = decode_seconds(path, settings)
    inference = inference_seconds(path, estimator, len(track))
    return {
        "decode ms/frame": 1000 * decode / retrieved,
        "inference ms/frame": 1000 * inference / len(track),
        "total s": total,
        "real-time factor": track.duration_s / total,
        "total / floor": total / (decode + inference),
        "frames": len(track),
    }


def report(name: str, runs: list[dict]) -> None:
    print(f"\n{name} (median of {len(runs)} runs)")
    for key in runs[0]:
        print(f"  {key:20s} {statistics.median(run[key] for run in runs):9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model", type=Path, default=SHARED / "models" / MOVENET_FILE_NAME)
    args = parser.parse_args()
    settings = AnalysisSettings(model_path=args.model)
    estimator = load_pose_estimator(settings)
    print(f"{os.cpu_count()} CPUs, {settings.model_threads} model threads")
    with tempfile.TemporaryDirectory() as folder:
        looped = write_looped_clip(LOOPED_SOURCE, Path(folder) / "looped_720p.mp4")
        for name, path in (("60 s 1280x720 30 fps", looped), ("HDR " + HDR_CLIP.name, HDR_CLIP)):
            report(name, [measure(path, settings, estimator) for _ in range(args.repeats)])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
