"""Keypoints made fit for measuring: unsure ones masked, glitches dropped, short gaps bridged,
jitter smoothed with a Savitzky-Golay filter, all on a uniform time grid so durations and filters
mean the same thing whatever the sampling was."""

import warnings

import numpy as np
from scipy.signal import savgol_filter

from .keypoints import KEYPOINT_INDEX as K
from .pose_track import PoseTrack

MIN_KEYPOINT_SCORE = 0.3
MAX_GAP_S = 0.6  # longer gaps stay missing rather than being invented
SMOOTHING_WINDOW_S = 0.5
SPIKE_HALF_WINDOW = 3  # samples each side that judge whether one is a glitch
SPIKE_FLOOR = 0.2  # of the trunk length: smaller jumps are never called glitches
SWAP_LIMBS = (("elbow", "wrist"), ("knee", "ankle"))
SWAP_GAIN = 0.4  # relabel only when the swap fits the recent frames this much better
SWAP_MEMORY = 5  # frames


def nan_reduce(reduce, values: np.ndarray, axis: int) -> np.ndarray:
    """A nan-aware reduction that quietly gives NaN where every value is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return reduce(values, axis=axis)


def median_of(values: np.ndarray, default: float) -> float:
    """Median of the known values, or ``default`` when none is known."""
    values = values[np.isfinite(values)]
    return float(np.median(values)) if len(values) else default


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
    for start, stop in zip(edges[::2], edges[1::2], strict=True):
        if stop - start >= window:
            out[start:stop] = savgol_filter(values[start:stop], window, 2)
    return out


def row_nanmedian(rows: np.ndarray) -> np.ndarray:
    """Median of the known values of each row of a (N, W) array, NaN for an empty row; what
    ``np.nanmedian(rows, axis=1)`` gives, without its slow path for small arrays."""
    ordered = np.sort(rows, axis=1)  # NaNs sort last
    count = np.isfinite(rows).sum(axis=1)
    index = np.arange(len(rows))
    low = ordered[index, np.maximum(count - 1, 0) // 2]
    high = ordered[index, np.maximum(count, 1) // 2 - (count == 0)]
    return np.where(count > 0, (low + high) / 2, np.nan)


def reject_spikes(values: np.ndarray, floor: float) -> np.ndarray:
    """Hampel filter: a sample far from the median of its neighbours, by more than three robust
    deviations and more than ``floor``, is a detection glitch (a swapped or misplaced joint) and
    is dropped so interpolation can bridge it."""
    if len(values) < 2 * SPIKE_HALF_WINDOW + 1:
        return values
    padded = np.pad(values, SPIKE_HALF_WINDOW, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * SPIKE_HALF_WINDOW + 1)
    median = row_nanmedian(windows)
    spread = 1.4826 * row_nanmedian(np.abs(windows - median[:, None]))
    with np.errstate(invalid="ignore"):
        glitch = np.abs(values - median) > np.maximum(3.0 * spread, floor)
    return np.where(glitch, np.nan, values)


def unswap_limbs(xy: np.ndarray) -> np.ndarray:
    """Undo left/right label swaps of a limb between frames (MoveNet trades them, mostly when the
    person is seen from the side): relabel when the swapped labels continue the recent frames
    much better than the given ones. Legs that really cross fit both ways and are left alone."""
    out = xy.copy()
    if len(out) < 2:
        return out
    for parts in SWAP_LIMBS:
        joints = [K[f"{side}_{part}"] for side in ("left", "right") for part in parts]
        crossed = joints[len(parts) :] + joints[: len(parts)]
        for t in range(1, len(out)):
            # The recent frames' median, so one mislabelled or missing frame does not mislead.
            recent = out[max(0, t - SWAP_MEMORY) : t][:, joints]
            finite = np.isfinite(recent).all()
            last = np.median(recent, axis=0) if finite else nan_reduce(np.nanmedian, recent, 0)
            current, swapped = out[t, joints], out[t, crossed]
            if np.isfinite(current).all() and np.isfinite(last).all():
                kept_gap = np.linalg.norm(current - last, axis=-1).sum()
                swapped_gap = np.linalg.norm(swapped - last, axis=-1).sum()
                if swapped_gap < SWAP_GAIN * kept_gap:
                    out[t, joints] = swapped
    return out


def _rough_trunk_length(xy: np.ndarray) -> float:
    shoulders, hips = [K["left_shoulder"], K["right_shoulder"]], [K["left_hip"], K["right_hip"]]
    trunk = xy[:, shoulders] - xy[:, hips]
    return median_of(np.linalg.norm(trunk, axis=-1).ravel(), 100.0)


def confident_pixels(track: PoseTrack) -> tuple[np.ndarray, np.ndarray]:
    """Keypoints as (N, 17, 2) x, y pixels, NaN where the model is unsure; and that mask."""
    xy = np.stack(
        [
            track.keypoints[:, :, 1] * track.frame_width,
            track.keypoints[:, :, 0] * track.frame_height,
        ],
        axis=-1,
    ).astype(float)
    confident = track.keypoints[:, :, 2] >= MIN_KEYPOINT_SCORE
    xy[~confident] = np.nan
    return xy, confident


def clean_points(track: PoseTrack) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid times, smoothed pixel points (T,17,2) and per-frame detection on the grid."""
    xy, confident = confident_pixels(track)
    xy = unswap_limbs(xy)
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
    trunk = [K[f"{s}_{p}"] for s in ("left", "right") for p in ("shoulder", "hip")]
    seen = (confident.sum(axis=1) >= 6) & (confident[:, trunk].sum(axis=1) >= 2)
    seen_on_grid = np.interp(grid, times, seen.astype(float)) >= 0.5 if len(times) else seen
    return grid, points, np.asarray(seen_on_grid, dtype=bool)
