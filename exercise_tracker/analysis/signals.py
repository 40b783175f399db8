"""Joint angles and positional signals over time, computed in pixels from a PoseTrack.

Keypoints below a confidence threshold are masked, short gaps interpolated and the rest smoothed
with a Savitzky-Golay filter, all on a uniform time grid so durations and filters mean the same
thing whatever the sampling was.
"""

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.signal import savgol_filter

from .keypoints import KEYPOINT_INDEX as K
from .pose_track import PoseTrack

MIN_KEYPOINT_SCORE = 0.3
MAX_GAP_S = 0.6  # longer gaps stay missing rather than being invented
SMOOTHING_WINDOW_S = 0.5
MIN_SEGMENT = 0.2  # of the trunk length: a shorter limb segment gives no usable angle
MIN_TRUNK_SEGMENT = 0.4
TRUSTED_SIDE_SHARE = 0.8
LIMB_PARTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
MIN_RUN_SAMPLES = 4
SPIKE_HALF_WINDOW = 3  # samples each side that judge whether one is a glitch
SPIKE_FLOOR = 0.2  # of the trunk length: smaller jumps are never called glitches
SIDES = ("left", "right")

# Per-side angle signals: (first point, vertex, last point). The shoulder angle is the upper arm
# against the trunk, so it is measured at the shoulder between the hip and the elbow.
JOINT_ANGLES = {
    "elbow": ("shoulder", "elbow", "wrist"),
    "shoulder": ("hip", "shoulder", "elbow"),
    "hip": ("shoulder", "hip", "knee"),
    "knee": ("hip", "knee", "ankle"),
}


@dataclass(frozen=True)
class MotionSignals:
    """Signals of one clip on a uniform grid; per-side series are named ``<family>_<side>``."""

    times: np.ndarray  # (T,) seconds
    points: np.ndarray  # (T, 17, 2) smoothed x, y pixels, NaN where not seen
    series: dict[str, np.ndarray]  # name -> (T,) values, NaN where unknown
    body_scale: float  # median trunk length in pixels: divides positional signals
    person_seen: np.ndarray  # (T,) bool: enough of the body detected on that frame
    side_scores: dict[str, float]  # mean keypoint score of each side's limbs over the clip

    @property
    def trusted_sides(self) -> tuple[str, ...]:
        """Sides seen about as well as the best one; from the side, the far limbs are hidden
        and their keypoints are guesses."""
        best = max(self.side_scores.values())
        return tuple(s for s in SIDES if self.side_scores[s] >= TRUSTED_SIDE_SHARE * best)

    @property
    def step_s(self) -> float:
        return float(self.times[1] - self.times[0]) if len(self.times) > 1 else 0.1

    def side(self, family: str, side: str) -> np.ndarray:
        return self.series[f"{family}_{side}"]

    def select(self, frames: np.ndarray) -> "MotionSignals":
        """The same signals on a subset of frames (e.g. only while repetitions happen)."""
        return MotionSignals(self.times[frames], self.points[frames],
                             {name: values[frames] for name, values in self.series.items()},
                             self.body_scale, self.person_seen[frames], self.side_scores)

    def coverage(self, name: str) -> float:
        """Share of frames where a series is known."""
        values = self.series[name]
        return float(np.mean(np.isfinite(values))) if len(values) else 0.0


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle ABC in degrees for arrays of (..., 2) points; NaN where any point is missing."""
    u, v = a - b, c - b
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
        return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def limb_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray, scale: float) -> np.ndarray:
    """Joint angle that is unknown where a limb segment shrinks to a stub (seen end-on or cut by
    the frame edge): the direction of a few pixels says nothing about the joint."""
    angle = joint_angle(a, b, c)
    stub = np.minimum(np.linalg.norm(a - b, axis=-1), np.linalg.norm(c - b, axis=-1))
    with np.errstate(invalid="ignore"):
        angle[stub < MIN_SEGMENT * scale] = np.nan
    return drop_islands(angle)


def drop_islands(values: np.ndarray) -> np.ndarray:
    """Forget runs of known values too short to be tracking: a joint that flickers into view
    for a frame or two is usually a misplaced one."""
    known = np.isfinite(values)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], known.astype(int), [0]))))
    out = values.copy()
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start < MIN_RUN_SAMPLES:
            out[start:stop] = np.nan
    return out


def vector_angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Angle in degrees between two arrays of (..., 2) vectors."""
    return joint_angle(u, np.zeros_like(u), v)


def _uniform_grid(timestamps: np.ndarray) -> np.ndarray:
    if len(timestamps) < 2:
        return timestamps.astype(float)
    step = float(np.median(np.diff(timestamps)))
    step = step if step > 0 else 0.1
    return np.arange(timestamps[0], timestamps[-1] + step / 2, step)


def _fill_and_smooth(times: np.ndarray, grid: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Resample one coordinate to the grid, bridging only short gaps, then smooth each run."""
    known = np.isfinite(values)
    out = np.full(len(grid), np.nan)
    if known.sum() < 2:
        return out
    t_known = times[known]
    out = np.interp(grid, t_known, values[known])
    after = np.searchsorted(t_known, grid)
    before_t = t_known[np.clip(after - 1, 0, len(t_known) - 1)]
    after_t = t_known[np.clip(after, 0, len(t_known) - 1)]
    exact = np.isclose(before_t, grid) | np.isclose(after_t, grid)
    bridged = (after > 0) & (after < len(t_known)) & (after_t - before_t <= MAX_GAP_S)
    out[~(exact | bridged)] = np.nan
    return smooth_runs(out, grid)


def smooth_runs(values: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Savitzky-Golay smoothing of each run of known values; runs too short stay as they are."""
    step = float(grid[1] - grid[0]) if len(grid) > 1 else 0.1
    window = max(5, int(round(SMOOTHING_WINDOW_S / step)) | 1)
    out = values.copy()
    known = np.isfinite(values)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], known.astype(int), [0]))))
    for start, stop in zip(edges[::2], edges[1::2]):
        if stop - start >= window:
            out[start:stop] = savgol_filter(values[start:stop], window, 2)
    return out


def reject_spikes(values: np.ndarray, floor: float) -> np.ndarray:
    """Hampel filter: a sample far from the median of its neighbours, by more than three robust
    deviations and more than ``floor``, is a detection glitch (a swapped or misplaced joint) and
    is dropped so interpolation can bridge it."""
    if len(values) < 2 * SPIKE_HALF_WINDOW + 1:
        return values
    padded = np.pad(values, SPIKE_HALF_WINDOW, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * SPIKE_HALF_WINDOW + 1)
    median = nan_reduce(np.nanmedian, windows, axis=1)
    spread = 1.4826 * nan_reduce(np.nanmedian, np.abs(windows - median[:, None]), axis=1)
    with np.errstate(invalid="ignore"):
        glitch = np.abs(values - median) > np.maximum(3.0 * spread, floor)
    return np.where(glitch, np.nan, values)


def _rough_trunk_length(xy: np.ndarray) -> float:
    trunk = xy[:, [K["left_shoulder"], K["right_shoulder"]]] - xy[:, [K["left_hip"], K["right_hip"]]]
    return _median(np.linalg.norm(trunk, axis=-1).ravel(), 100.0)


def clean_points(track: PoseTrack) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid times, smoothed pixel points (T,17,2) and per-frame detection on the grid."""
    xy = np.stack([track.keypoints[:, :, 1] * track.frame_width,
                   track.keypoints[:, :, 0] * track.frame_height], axis=-1).astype(float)
    confident = track.keypoints[:, :, 2] >= MIN_KEYPOINT_SCORE
    xy[~confident] = np.nan
    floor = SPIKE_FLOOR * _rough_trunk_length(xy)
    for joint in range(17):
        for axis in range(2):
            xy[:, joint, axis] = reject_spikes(xy[:, joint, axis], floor)
    times = np.asarray(track.timestamps, dtype=float)
    grid = _uniform_grid(times)
    points = np.full((len(grid), 17, 2), np.nan)
    for joint in range(17):
        for axis in range(2):
            points[:, joint, axis] = _fill_and_smooth(times, grid, xy[:, joint, axis])
    trunk = [K[f"{s}_{p}"] for s in SIDES for p in ("shoulder", "hip")]
    seen = (confident.sum(axis=1) >= 6) & (confident[:, trunk].sum(axis=1) >= 2)
    seen_on_grid = np.interp(grid, times, seen.astype(float)) >= 0.5 if len(times) else seen
    return grid, points, np.asarray(seen_on_grid, dtype=bool)


def _mid(points: np.ndarray, part: str) -> np.ndarray:
    """Midpoint of a left/right pair, falling back to whichever side is seen."""
    pair = points[:, [K[f"left_{part}"], K[f"right_{part}"]]]
    return nan_reduce(np.nanmean, pair, axis=1)


def nan_reduce(reduce, values: np.ndarray, axis: int) -> np.ndarray:
    """A nan-aware reduction that quietly gives NaN where every value is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return reduce(values, axis=axis)


def _median(values: np.ndarray, default: float) -> float:
    values = values[np.isfinite(values)]
    return float(np.median(values)) if len(values) else default


def compute_signals(track: PoseTrack) -> MotionSignals:
    """All signals the recognition and counting rules read."""
    times, points, seen = clean_points(track)
    p = {name: points[:, index] for name, index in K.items()}
    shoulder_mid, hip_mid = _mid(points, "shoulder"), _mid(points, "hip")
    trunk = shoulder_mid - hip_mid
    trunk_length = np.linalg.norm(trunk, axis=-1)
    shoulder_width = np.linalg.norm(p["left_shoulder"] - p["right_shoulder"], axis=-1)
    scale = _median(trunk_length, default=_median(shoulder_width, 100.0) * 2)
    scale = max(scale, _median(shoulder_width, 0.0), 1.0)
    series: dict[str, np.ndarray] = {}
    for family, (a, b, c) in JOINT_ANGLES.items():
        for s in SIDES:
            series[f"{family}_{s}"] = limb_angle(p[f"{s}_{a}"], p[f"{s}_{b}"], p[f"{s}_{c}"], scale)
    up = np.array([0.0, -1.0])
    series["trunk_lean"] = vector_angle(trunk, np.broadcast_to(up, trunk.shape))
    # A trunk seen end-on (lying, filmed from the feet) has no usable direction.
    series["trunk_lean"][trunk_length < MIN_TRUNK_SEGMENT * scale] = np.nan
    for s in SIDES:
        arm = p[f"{s}_wrist"] - p[f"{s}_shoulder"]
        series[f"wrist_height_{s}"] = -arm[:, 1] / scale
        series[f"elbow_height_{s}"] = (p[f"{s}_shoulder"][:, 1] - p[f"{s}_elbow"][:, 1]) / scale
        series[f"wrist_out_{s}"] = np.abs(arm[:, 0]) / scale
        series[f"arm_reach_{s}"] = np.linalg.norm(arm, axis=-1) / scale
        thigh = p[f"{s}_knee"] - p[f"{s}_hip"]
        series[f"thigh_incline_{s}"] = vector_angle(thigh, np.broadcast_to(-up, thigh.shape))
        series[f"ankle_height_{s}"] = (hip_mid[:, 1] - p[f"{s}_ankle"][:, 1]) / scale
        series[f"ankle_lift_{s}"] = -(p[f"{s}_ankle"][:, 1] - _median(p[f"{s}_ankle"][:, 1], 0))
        series[f"ankle_lift_{s}"] /= scale
    series["leg_spread"] = limb_angle(p["left_knee"] - p["left_hip"], np.zeros((len(times), 2)),
                                      p["right_knee"] - p["right_hip"], scale)
    ankle_gap = np.abs(p["left_ankle"] - p["right_ankle"]) / scale
    series["ankle_spread"], series["ankle_stagger"] = ankle_gap[:, 0], ankle_gap[:, 1]
    wrists_y = nan_reduce(np.nanmean, points[:, [K["left_wrist"], K["right_wrist"]], 1], axis=1)
    series["shoulder_height"] = (wrists_y - shoulder_mid[:, 1]) / scale
    series["wrist_spread"] = np.abs(p["left_wrist"][:, 0] - p["right_wrist"][:, 0]) / scale
    series["shoulder_width"] = shoulder_width / np.maximum(trunk_length, 1.0)
    series["hip_height"] = -(hip_mid[:, 1] - _median(hip_mid[:, 1], 0.0)) / scale
    head_y = nan_reduce(np.nanmin, points[:, [K["nose"], K["left_shoulder"], K["right_shoulder"]], 1],
                        axis=1)
    series["body_height"] = -(head_y - _median(head_y, 0.0)) / scale
    series["hands_low"] = _hands_low(points)
    series["keypoint_step"] = _keypoint_step(track, times, scale)
    limbs = {s: [K[f"{s}_{part}"] for part in LIMB_PARTS] for s in SIDES}
    scores = {s: float(track.keypoints[:, limbs[s], 2].mean()) if len(track) else 0.0
              for s in SIDES}
    return MotionSignals(times, points, series, scale, seen, scores)


def _keypoint_step(track: PoseTrack, grid: np.ndarray, scale: float) -> np.ndarray:
    """Median distance the confident keypoints move between two samples, in trunk lengths.

    A real body moves smoothly; keypoints that leap about from frame to frame are noise."""
    xy = np.stack([track.keypoints[:, :, 1] * track.frame_width,
                   track.keypoints[:, :, 0] * track.frame_height], axis=-1).astype(float)
    xy[track.keypoints[:, :, 2] < MIN_KEYPOINT_SCORE] = np.nan
    if len(xy) < 2:
        return np.full(len(grid), np.nan)
    step = nan_reduce(np.nanmedian, np.linalg.norm(np.diff(xy, axis=0), axis=-1), axis=1) / scale
    return np.interp(grid, track.timestamps[1:], np.nan_to_num(step, nan=0.0))


def _hands_low(points: np.ndarray) -> np.ndarray:
    """Where the wrists sit between the top of the body (0) and the feet (1): ~1 on the floor.

    Unknown when the feet are not seen, since then nothing shows where the floor is."""
    top = nan_reduce(np.nanmin, points[:, :, 1], axis=1)
    bottom = nan_reduce(np.nanmax, points[:, [K["left_ankle"], K["right_ankle"]], 1], axis=1)
    wrists = nan_reduce(np.nanmax, points[:, [K["left_wrist"], K["right_wrist"]], 1], axis=1)
    return (wrists - top) / np.maximum(bottom - top, 1.0)
