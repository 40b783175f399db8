"""Joint angles and positional signals over time, computed in pixels from cleaned keypoints; each
is one of the families of `signal_families`."""

from dataclasses import dataclass

import numpy as np

from .keypoint_cleaning import clean_points, confident_pixels, median_of, nan_reduce
from .keypoints import KEYPOINT_INDEX as K
from .pose_track import PoseTrack
from .signal_families import joint_angles

MIN_SEGMENT = 0.2  # of the trunk length: a shorter limb segment gives no usable angle
MIN_TRUNK_SEGMENT = 0.4
TRUSTED_SIDE_SHARE = 0.8
LIMB_PARTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
MIN_RUN_SAMPLES = 4
SIDES = ("left", "right")
DOWN = np.array([0.0, 1.0])  # image y grows downwards


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

    def side(self, family: str, side: str) -> np.ndarray:
        return self.series[f"{family}_{side}"]

    @property
    def step(self) -> float:
        """Seconds between two samples of the grid (0.1, the engine's rate, when too few)."""
        return float(np.median(np.diff(self.times))) if len(self.times) > 1 else 0.1

    def select(self, frames: np.ndarray) -> "MotionSignals":
        """The same signals on a subset of frames (e.g. only while repetitions happen)."""
        return MotionSignals(
            self.times[frames],
            self.points[frames],
            {name: values[frames] for name, values in self.series.items()},
            self.body_scale,
            self.person_seen[frames],
            self.side_scores,
        )

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
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start < MIN_RUN_SAMPLES:
            out[start:stop] = np.nan
    return out


def vector_angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Angle in degrees between two arrays of (..., 2) vectors."""
    return joint_angle(u, np.zeros_like(u), v)


def _pair_mid(p: dict[str, np.ndarray], part: str) -> np.ndarray:
    """Midpoint of a left/right pair, falling back to whichever side is seen."""
    return nan_reduce(np.nanmean, np.stack([p[f"left_{part}"], p[f"right_{part}"]]), axis=0)


def compute_signals(track: PoseTrack) -> MotionSignals:
    """All signals recognition and counting read."""
    times, points, seen = clean_points(track)
    p = {name: points[:, index] for name, index in K.items()}
    scale = _body_scale(p)
    series = {
        **_limb_signals(p, scale),
        **_body_signals(points, p, scale),
        "keypoint_step": _keypoint_step(track, times, scale),
    }
    limbs = {s: [K[f"{s}_{part}"] for part in LIMB_PARTS] for s in SIDES}
    scores = {
        s: float(track.keypoints[:, limbs[s], 2].mean()) if len(track) else 0.0 for s in SIDES
    }
    return MotionSignals(times, points, series, scale, seen, scores)


def _body_scale(p: dict[str, np.ndarray]) -> float:
    """Median trunk length, or the shoulder width when the trunk is seen end-on."""
    trunk = np.linalg.norm(_pair_mid(p, "shoulder") - _pair_mid(p, "hip"), axis=-1)
    shoulders = median_of(np.linalg.norm(p["left_shoulder"] - p["right_shoulder"], axis=-1), 0.0)
    return max(median_of(trunk, default=shoulders * 2 or 100.0), shoulders, 1.0)


def _limb_signals(p: dict[str, np.ndarray], scale: float) -> dict[str, np.ndarray]:
    """Per-side joint angles and limb positions relative to the body."""
    series = {}
    for family in joint_angles():
        a, b, c = family.angle
        for s in SIDES:
            series[f"{family.name}_{s}"] = limb_angle(
                p[f"{s}_{a}"], p[f"{s}_{b}"], p[f"{s}_{c}"], scale
            )
    for s in SIDES:
        arm = p[f"{s}_wrist"] - p[f"{s}_shoulder"]
        series[f"wrist_height_{s}"] = -arm[:, 1] / scale
        series[f"elbow_height_{s}"] = (p[f"{s}_shoulder"][:, 1] - p[f"{s}_elbow"][:, 1]) / scale
        series[f"wrist_out_{s}"] = np.abs(arm[:, 0]) / scale
        thigh = p[f"{s}_knee"] - p[f"{s}_hip"]
        series[f"thigh_incline_{s}"] = vector_angle(thigh, np.broadcast_to(DOWN, thigh.shape))
        ankle_y = p[f"{s}_ankle"][:, 1]
        series[f"ankle_lift_{s}"] = -(ankle_y - median_of(ankle_y, 0.0)) / scale
    return series


def _body_signals(
    points: np.ndarray, p: dict[str, np.ndarray], scale: float
) -> dict[str, np.ndarray]:
    """Whole-body signals: trunk lean, heights of hips and head, spreads between the sides."""
    shoulder_mid, hip_mid = _pair_mid(p, "shoulder"), _pair_mid(p, "hip")
    trunk = shoulder_mid - hip_mid
    trunk_length = np.linalg.norm(trunk, axis=-1)
    lean = vector_angle(trunk, np.broadcast_to(-DOWN, trunk.shape))
    # A trunk seen end-on (lying, filmed from the feet) has no usable direction.
    lean[trunk_length < MIN_TRUNK_SEGMENT * scale] = np.nan
    hip_y = hip_mid[:, 1]
    head_y = nan_reduce(
        np.nanmin, points[:, [K["nose"], K["left_shoulder"], K["right_shoulder"]], 1], axis=1
    )
    wrists_y = nan_reduce(np.nanmean, points[:, [K["left_wrist"], K["right_wrist"]], 1], axis=1)
    ankle_gap = np.abs(p["left_ankle"] - p["right_ankle"]) / scale
    thighs = (p["left_knee"] - p["left_hip"], p["right_knee"] - p["right_hip"])
    shoulder_line = p["left_shoulder"] - p["right_shoulder"]
    in_trunks = np.maximum(trunk_length, 1.0)  # divides lengths measured against the trunk
    return {
        "trunk_lean": lean,
        "leg_spread": limb_angle(thighs[0], np.zeros_like(thighs[0]), thighs[1], scale),
        "ankle_spread": ankle_gap[:, 0],
        "ankle_stagger": ankle_gap[:, 1],
        "shoulder_height": (wrists_y - shoulder_mid[:, 1]) / scale,
        "wrist_spread": np.abs(p["left_wrist"][:, 0] - p["right_wrist"][:, 0]) / scale,
        "shoulder_width": np.linalg.norm(shoulder_line, axis=-1) / in_trunks,
        "shoulder_stack": np.abs(shoulder_line[:, 1]) / in_trunks,
        "hip_height": -(hip_y - median_of(hip_y, 0.0)) / scale,
        # Height of the hips above the feet: unlike hip_height, a moving camera does not fake it.
        "hips_over_feet": (_pair_mid(p, "ankle")[:, 1] - hip_y) / scale,
        "body_height": -(head_y - median_of(head_y, 0.0)) / scale,
        "hands_low": _hands_low(points),
    }


def _keypoint_step(track: PoseTrack, grid: np.ndarray, scale: float) -> np.ndarray:
    """Median distance the confident keypoints move between two samples, in trunk lengths.

    A real body moves smoothly; keypoints that leap about from frame to frame are noise."""
    xy, _ = confident_pixels(track)
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
