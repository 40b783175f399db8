"""Repetitions counted on a motion's primary signal.

Peaks are found with a prominence relative to the excursion the clip actually shows (its whole
range once blips are filtered out, so time spent resting does not change it), so jitter while
getting into position or a hidden limb's noise does not count, and a minimum spacing keeps
one slow repetition from being counted twice.

A repetition cut off by the end of the recording counts when it reached the far end the clip's
complete repetitions reach: the patient was seen doing it, and the same set filmed a moment longer
must not gain one. One cut off by the start does not: only its way back was seen, and a clip that
opens at the far end (already sitting up, arms already raised) shows a starting position.
"""

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks, medfilt

from .catalog import FALLS, CountedSignal, Motion
from .features import PrimarySignal, in_posture, primary_signal
from .signals import MotionSignals

RELATIVE_PROMINENCE = 0.4  # of the clip's observed excursion
REST_BAND = 0.08  # a repetition starts and ends within this share of its excursion from rest


@dataclass(frozen=True)
class Repetition:
    """One repetition: from rest, to the far end of the movement, back to rest."""

    start_s: float
    peak_s: float  # when the movement reached its far end
    end_s: float
    min_value: float  # primary signal over the repetition (degrees for joint angles)
    max_value: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def excursion(self) -> float:
        return self.max_value - self.min_value


def _filled(values: np.ndarray) -> np.ndarray:
    """Linear fill of missing values so peak finding sees one continuous line."""
    seen = np.isfinite(values)
    if seen.all() or not seen.any():
        return values
    index = np.arange(len(values))
    return np.interp(index, index[seen], values[seen])


def _without_blips(values: np.ndarray, samples: float) -> np.ndarray:
    """Median filter over half the shortest repetition: a swing briefer than that is a tracking
    glitch (a limb swap, a missed joint), never a repetition."""
    kernel = int((samples - 1) // 2) * 2 + 1
    if kernel < 3 or len(values) < kernel:
        return values
    padded = np.pad(values, kernel // 2, mode="edge")
    return medfilt(padded, kernel)[kernel // 2 : -(kernel // 2)]


def _leaves_rest(effort: np.ndarray, from_end: bool) -> int:
    """Index (from the peak outwards) where the movement is back near its resting level: close to
    the lowest effort between this peak and the neighbouring one."""
    rest = float(np.min(effort))
    near_rest = np.flatnonzero(effort <= rest + REST_BAND * (effort[0] - rest))
    index = int(near_rest[0]) if len(near_rest) else len(effort) - 1
    return len(effort) - 1 - index if from_end else index


def _peaks(effort: np.ndarray, prominence: float, distance: int) -> np.ndarray:
    """Far ends of the repetitions: complete ones, and the last one when the clip's end cut it
    off once it had reached the shallowest complete repetition's far end. The clip is taken to end
    at rest, so that repetition shows as a peak."""
    complete, _ = find_peaks(effort, prominence=prominence, distance=distance)
    if not len(complete):
        return complete
    rest = float(np.min(effort))
    ended, _ = find_peaks(np.append(effort, rest), prominence=prominence, distance=distance)
    ended = np.minimum(ended, len(effort) - 1)
    # Reached the far end: as far as the shallowest complete repetition, give or take the band
    # that counts as back at rest.
    far_end = float(np.min(effort[complete])) - REST_BAND * (float(np.max(effort)) - rest)
    return ended[np.isin(ended, complete) | (effort[ended] >= far_end)]


def count_motion(signals: MotionSignals, motion: Motion) -> tuple[list[Repetition], PrimarySignal]:
    """Repetitions of a catalog motion, counted on its primary signal (or its fallback), only
    while the body is in the motion's posture: knee bends while walking up to the mat are not
    heel slides."""
    primary = primary_signal(signals, motion)
    values = np.where(in_posture(signals, motion), primary.values, np.nan)
    return count_repetitions(values, signals.times, primary.signal, motion.min_rep_s), primary


def count_repetitions(
    values: np.ndarray, times: np.ndarray, signal: CountedSignal, min_rep_s: float
) -> list[Repetition]:
    """Repetitions in ``values`` (sampled at ``times``) of a signal moving as ``signal`` says,
    none shorter than ``min_rep_s``."""
    step = float(np.median(np.diff(times))) if len(times) > 1 else 0.1
    smoothed = _without_blips(_filled(values), min_rep_s / 2 / step)
    # How far the signal moved, once blips are gone: unlike a percentile range, it does not
    # shrink when the patient rests longer before, between or after the repetitions.
    observed = (
        float(np.nanmax(smoothed) - np.nanmin(smoothed)) if np.isfinite(smoothed).any() else 0.0
    )
    if observed < signal.min_excursion:
        return []
    effort = smoothed * (-1.0 if signal.direction == FALLS else 1.0)
    prominence = max(RELATIVE_PROMINENCE * observed, 0.7 * signal.min_excursion)
    distance = max(1, int(round(min_rep_s / step)))
    peaks = _peaks(effort, prominence, distance)
    repetitions = []
    for i, peak in enumerate(peaks):
        lo = peaks[i - 1] if i > 0 else 0
        hi = peaks[i + 1] if i + 1 < len(peaks) else len(effort) - 1
        start = lo + _leaves_rest(effort[lo : peak + 1][::-1], from_end=True)
        end = peak + _leaves_rest(effort[peak : hi + 1], from_end=False)
        span = values[start : end + 1][np.isfinite(values[start : end + 1])]
        span = span if len(span) else _filled(values)[start : end + 1]
        repetitions.append(
            Repetition(
                float(times[start]),
                float(times[peak]),
                float(times[end]),
                float(np.min(span)),
                float(np.max(span)),
            )
        )
    return repetitions
