"""Answers that must not change when a clip is changed in ways that do not change the exercise.

    python benchmarks/robustness.py ../shared/fixtures/videos --pose-cache DIR [--write-cache]

Each clip is analysed as recorded and as eight variants: mirrored, played at 0.7x and 1.4x speed,
with 2 s of standing still added at both ends and looped twice (these four made exactly on the
saved keypoints), and at half resolution, padded to 1.6x with black borders and at 50 %
brightness (these need the real frames run through MoveNet again; their tracks are cached as
``<stem>.<variant>.npz``). It prints how many recognitions, verdicts on the clip's own motion and
repetition counts (doubled for the loop) changed.
"""

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from clips import DEFAULT_MODEL, FRAME_VARIANTS, pose_track_for, read_labels

from exercise_tracker.analysis.catalog import MOTION_KEYS
from exercise_tracker.analysis.engine import analyze_pose_track
from exercise_tracker.analysis.keypoints import KEYPOINT_NAMES
from exercise_tracker.analysis.pose_track import PoseTrack
from exercise_tracker.analysis.settings import AnalysisSettings

STILL_S = 2.0
MIRRORED = [
    KEYPOINT_NAMES.index(n.replace("left", "@").replace("right", "left").replace("@", "right"))
    for n in KEYPOINT_NAMES
]


def _with_frames(track: PoseTrack, times: np.ndarray, keypoints: np.ndarray, pick) -> PoseTrack:
    """The track with new frames; ``pick`` maps new frame indices to the old per-frame values."""
    person = track.person_brightness
    return replace(
        track,
        timestamps=times,
        keypoints=keypoints.astype(np.float32),
        brightness=track.brightness[pick],
        person_brightness=None if person is None else person[pick],
        duration_s=float(times[-1] - times[0]) if len(times) else 0.0,
        frames_sampled=len(times),
    )


def mirrored(track: PoseTrack) -> PoseTrack:
    """Flipped left to right: x mirrored, and each left keypoint becomes the right one, as the
    pose model labels a mirrored person."""
    keypoints = track.keypoints[:, MIRRORED].copy()
    keypoints[:, :, 1] = 1.0 - keypoints[:, :, 1]
    return replace(track, keypoints=keypoints)


def at_speed(track: PoseTrack, speed: float) -> PoseTrack:
    """Played ``speed`` times as fast, sampled at the same rate as the original."""
    step = float(np.median(np.diff(track.timestamps)))
    times = np.arange(track.timestamps[0], track.timestamps[-1] / speed, step)
    source = times * speed
    flat = track.keypoints.reshape(len(track), -1)
    keypoints = np.stack(
        [np.interp(source, track.timestamps, flat[:, j]) for j in range(flat.shape[1])], axis=1
    ).reshape(len(times), 17, 3)
    pick = np.clip(np.searchsorted(track.timestamps, source), 0, len(track) - 1)
    return _with_frames(track, times, keypoints, pick)


def held_still(track: PoseTrack, seconds: float = STILL_S) -> PoseTrack:
    """The first frame held for ``seconds`` before, and the last one after."""
    step = float(np.median(np.diff(track.timestamps)))
    extra = int(round(seconds / step))
    pick = np.concatenate(
        [np.zeros(extra, int), np.arange(len(track)), np.full(extra, len(track) - 1)]
    )
    start, end = track.timestamps[0], track.timestamps[-1] + extra * step
    times = np.concatenate(
        [
            start + step * np.arange(extra),
            track.timestamps + extra * step,
            end + step * np.arange(1, extra + 1),
        ]
    )
    return _with_frames(track, times, track.keypoints[pick], pick)


def looped(track: PoseTrack) -> PoseTrack:
    step = float(np.median(np.diff(track.timestamps)))
    pick = np.concatenate([np.arange(len(track))] * 2)
    second = track.timestamps + (track.timestamps[-1] - track.timestamps[0]) + step
    return _with_frames(
        track, np.concatenate([track.timestamps, second]), track.keypoints[pick], pick
    )


KEYPOINT_VARIANTS = {
    "mirrored": mirrored,
    "speed_0.7x": lambda t: at_speed(t, 0.7),
    "speed_1.4x": lambda t: at_speed(t, 1.4),
    "still_ends": held_still,
    "looped_twice": looped,
}


def answers(track: PoseTrack, motion: str | None) -> tuple[str, str | None, int | None]:
    """(recognised motion, verdict on the clip's own motion, repetitions of it); recognition
    never reads the prescription, so one analysis gives all three."""
    result = analyze_pose_track(track, prescribed_motion=motion)
    if motion is None:
        return result.predicted_motion, None, None
    return result.predicted_motion, result.match_status, result.rep_count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="MoveNet .tflite")
    parser.add_argument("--pose-cache", type=Path, required=True)
    parser.add_argument("--write-cache", action="store_true", help="save extracted tracks")
    parser.add_argument(
        "--one-per-source", action="store_true", help="only the first clip of each source"
    )
    args = parser.parse_args()
    settings = AnalysisSettings(model_path=args.model)
    names = [*KEYPOINT_VARIANTS, *FRAME_VARIANTS]
    changed = {name: [0, 0, 0, 0] for name in names}  # recognition, verdict, reps, clips
    labels = read_labels(args.folder)
    if args.one_per_source:
        labels = list({label["source_repo"]: label for label in reversed(labels)}.values())[::-1]
    for label in labels:
        clip = args.folder / label["file"]
        track = pose_track_for(clip, settings, args.pose_cache, args.write_cache)
        motion = label["motion"] if label["motion"] in MOTION_KEYS else None
        base = answers(track, motion)
        for name in names:
            if name in KEYPOINT_VARIANTS:
                variant = KEYPOINT_VARIANTS[name](track)
            elif args.write_cache or (args.pose_cache / f"{clip.stem}.{name}.npz").is_file():
                variant = pose_track_for(clip, settings, args.pose_cache, args.write_cache, name)
            else:
                continue  # not extracted yet: run with --write-cache to include it
            got = answers(variant, motion)
            expected_reps = (
                None if base[2] is None else base[2] * (2 if name == "looped_twice" else 1)
            )
            diffs = [got[0] != base[0], got[1] != base[1], got[2] != expected_reps]
            counts = changed[name]
            for i, diff in enumerate(diffs):
                counts[i] += diff
            counts[3] += 1
            if any(diffs):
                print(
                    f"{label['file']:<36} {name:<16} motion {base[0]}->{got[0]}, verdict "
                    f"{base[1]}->{got[1]}, reps {expected_reps}->{got[2]}",
                    flush=True,
                )
    print(
        f"\n{'variant':<16} {'recognition':>12} {'own verdict':>12} {'reps':>6}  (changed / clips)"
    )
    totals = [0, 0, 0, 0]
    for name, (rec, verdict, reps, clips) in changed.items():
        print(f"{name:<16} {rec:>8}/{clips:<3} {verdict:>8}/{clips:<3} {reps:>3}/{clips}")
        totals = [a + b for a, b in zip(totals, (rec, verdict, reps, clips), strict=True)]
    rec, verdict, reps, clips = totals
    print(f"{'all':<16} {rec:>8}/{clips:<3} {verdict:>8}/{clips:<3} {reps:>3}/{clips}")
    print(
        f"Recognitions unchanged: {1 - rec / clips:.1%}; repetition counts unchanged "
        f"(doubled for the loop): {1 - reps / clips:.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
