"""The typed analysis result and its JSON-safe, size-bounded dictionary form.

``to_dict()`` keys: predicted_motion (catalog key, ``no_person`` or ``unknown``), confidence_score
(0..1, the calibrated probability that the predicted motion is right), model_name, is_match
(None when nothing was prescribed or the clip cannot tell), match_status ("match", "mismatch" or
"cant_tell"; None without a prescription), match_reason, filming_hint (for a clip that cannot
tell), prescribed_motion, counted_motion (whose repetitions were counted), rep_count,
repetitions (start/peak/end seconds, duration, min/max of the counted signal), range_of_motion
(primary joint per side, degrees, against target_range), scores (every catalog motion),
evidence (camera view, posture, well-seen sides, features and each motion's criteria), warnings
({code, message}), frames (sampled, skipped, fps, source_fps, duration_s, truncated), pose
(subsampled keypoints and timestamps to draw a skeleton) and primary_angle (the counted signal
over time, subsampled, for charts), and schema_version (of this form; ``from_dict`` reads it).
scores are every catalog motion's probability and the evidence's criteria the inputs that moved
each motion's score most.
"""

import dataclasses
import math
import types
from dataclasses import dataclass, field
from typing import Union, get_args, get_origin, get_type_hints

import numpy as np

from .keypoints import KEYPOINT_NAMES

MAX_POSE_FRAMES = 240  # enough to draw the skeleton and replay the motion coarsely
MAX_SERIES_POINTS = 600  # primary angle chart
MAX_REPETITIONS = 400  # a ten-minute clip of fast repetitions stays bounded
# The version of the dictionary form; results stored before it had one are version 1.
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class AnalysisWarning:
    code: str
    message: str


@dataclass(frozen=True)
class RepetitionRecord:
    index: int
    start_s: float
    peak_s: float
    end_s: float
    duration_s: float
    min_value: float
    max_value: float


@dataclass(frozen=True)
class SideRange:
    side: str  # "left", "right", or "both" for whole-body signals
    min_value: float | None
    max_value: float | None
    excursion: float | None


@dataclass(frozen=True)
class RangeOfMotion:
    signal: str  # catalog primary signal family, e.g. "knee"
    unit: str  # "degrees" or "body_scale"
    sides: list[SideRange]
    target_range: tuple[float, float] | None = None
    target_met: bool | None = None
    shortfall: float | None = None  # how far the best side stayed from the target, same unit


@dataclass(frozen=True)
class FrameStats:
    sampled: int
    skipped: int
    fps: float  # analysis sampling rate actually achieved
    source_fps: float
    duration_s: float
    truncated: bool


@dataclass(frozen=True)
class Series:
    """A signal over time, subsampled for charts."""

    name: str
    side: str
    unit: str
    times: list[float]
    values: list[float | None]


@dataclass(frozen=True)
class PoseFrames:
    """The stored skeleton track: per subsampled frame its time and keypoints (y, x, score),
    named in `keypoint_names`' order."""

    keypoint_names: list[str]
    timestamps: list[float]
    keypoints: list[list[list[float]]]


@dataclass(frozen=True)
class AnalysisResult:
    predicted_motion: str
    confidence_score: float
    model_name: str
    is_match: bool | None
    prescribed_motion: str | None
    counted_motion: str | None  # the motion repetitions were counted for
    rep_count: int
    repetitions: list[RepetitionRecord]
    range_of_motion: RangeOfMotion | None
    scores: dict[str, float]
    evidence: dict
    warnings: list[AnalysisWarning]
    frames: FrameStats
    pose: dict = field(repr=False)
    primary_angle: Series | None = field(default=None, repr=False)
    # With a prescription: "match", "mismatch" or "cant_tell" (is_match None), why, and for a
    # clip that could not tell, how to film it next time.
    match_status: str | None = None
    match_reason: str | None = None
    filming_hint: str | None = None

    def to_dict(self) -> dict:
        """Plain JSON types only: no numpy values, no NaN, lists bounded in length."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["repetitions"] = self.repetitions[:MAX_REPETITIONS]
        data["repetitions_truncated"] = len(self.repetitions) > MAX_REPETITIONS
        data["schema_version"] = SCHEMA_VERSION
        return json_safe(data)

    @classmethod
    def from_dict(cls, data: dict) -> "AnalysisResult":
        """The typed result of a stored ``to_dict()``; a part left out (a reader may skip the
        per-frame detail) is empty. Refuses a form newer than this code knows."""
        version = data.get("schema_version", 1)
        if version > SCHEMA_VERSION:
            raise ValueError(f"analysis result schema {version} is newer than {SCHEMA_VERSION}")
        return _from_fields(cls, data)

    @property
    def pose_frames(self) -> PoseFrames:
        """The skeleton track (`pose`) by attribute; empty when a query left it out."""
        pose = self.pose or {}
        return PoseFrames(
            list(pose.get("keypoint_names") or []),
            list(pose.get("timestamps") or []),
            list(pose.get("keypoints") or []),
        )

    @property
    def sides_seen_well(self) -> tuple[str, ...]:
        """The sides the camera saw well (the evidence's `sides_seen_well`); empty when the
        analysis does not say."""
        return tuple((self.evidence or {}).get("sides_seen_well") or ())


def _from_fields(cls, data: dict):
    hints = get_type_hints(cls)
    values = {}
    for each in dataclasses.fields(cls):
        kind = hints[each.name]
        if each.name in data:
            values[each.name] = _decode(kind, data[each.name])
        elif each.default is dataclasses.MISSING and each.default_factory is dataclasses.MISSING:
            values[each.name] = [] if get_origin(kind) is list else {} if kind is dict else None
    return cls(**values)


def _decode(kind, value):
    """A JSON value as the annotated type: dataclasses, lists of them and tuples rebuilt."""
    if value is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = [option for option in get_args(kind) if option is not type(None)]
        return _decode(options[0], value) if len(options) == 1 else value
    if dataclasses.is_dataclass(kind):
        return _from_fields(kind, value)
    if origin is list:
        return [_decode(get_args(kind)[0], item) for item in value]
    if origin is tuple:
        return tuple(value)
    return value


def json_safe(value):
    """Recursively convert dataclasses, numpy values and tuples; NaN and infinities become None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [json_safe(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return round(number, 4) if math.isfinite(number) else None
    return value


def subsample_indices(count: int, limit: int) -> np.ndarray:
    """Evenly spaced indices, at most ``limit`` of them, always keeping the first."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(int))


def compact_pose(timestamps: np.ndarray, keypoints: np.ndarray) -> dict:
    """Subsampled keypoints (y, x, score rounded to 3 decimals) to draw a skeleton later."""
    keep = subsample_indices(len(timestamps), MAX_POSE_FRAMES)
    return {
        "keypoint_names": list(KEYPOINT_NAMES),
        "layout": "y, x in 0..1 of the frame, score",
        "timestamps": [round(float(t), 3) for t in timestamps[keep]],
        "keypoints": np.round(keypoints[keep].astype(float), 3).tolist(),
    }


def chart_series(name: str, side: str, unit: str, times: np.ndarray, values: np.ndarray) -> Series:
    keep = subsample_indices(len(times), MAX_SERIES_POINTS)
    return Series(
        name,
        side,
        unit,
        [round(float(t), 3) for t in times[keep]],
        [round(float(v), 2) if np.isfinite(v) else None for v in values[keep]],
    )
