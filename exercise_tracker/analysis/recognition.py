"""Which catalog motion a clip shows, how sure the engine is, and whether it matches a prescription.

Recognition never looks at the prescribed motion: every motion is scored from the same evidence,
so a clip of another exercise cannot be talked into a match.
"""

from dataclasses import dataclass

import numpy as np

from .catalog import MOTION_KEYS, NO_PERSON, UNKNOWN, get_motion
from .features import clip_features
from .repetitions import count_motion
from .rules import below, motion_criteria
from .signals import MotionSignals

MIN_PERSON_SEEN_SHARE = 0.5
MIN_MOTION_SCORE = 0.35  # below this no motion has enough evidence and the clip is "unknown"
NO_REPETITION_FACTOR = 0.35  # a movement that never goes out and back is weak evidence
SINGLE_REPETITION_FACTOR = 0.9  # one movement may be incidental; a repeated one is an exercise
MAX_CONFIDENCE = 0.95
SPAN_MARGIN_S = 1.0
# How the person spends the whole clip (e.g. resting seated or standing), not the movement itself.
WHOLE_CLIP_FEATURES = ("hips_low_share", "person_seen_share", "duration_s")


@dataclass(frozen=True)
class Recognition:
    predicted_motion: str
    confidence_score: float
    scores: dict[str, float]  # every catalog motion, 0..1
    criteria: dict[str, dict[str, float]]  # per motion, the criteria its score multiplies
    features: dict[str, float]


def smooth_tracking(features: dict[str, float]) -> float:
    """Keypoints that jump a large part of the body between samples are not following a body."""
    return below(features["keypoint_step"], 0.5, 0.8, unseen=0.0)


def _motion_criteria(signals: MotionSignals, key: str, whole_clip: dict) -> dict[str, float]:
    """Judge a motion on the span where its own repetitions happen (with the rest around them),
    so walking into place or leaving the frame does not count against it; on the whole clip
    when it shows none."""
    motion = get_motion(key)
    repetitions, _ = count_motion(signals, motion)
    if not repetitions:
        return {
            **motion_criteria(key, whole_clip),
            "goes_out_and_back": NO_REPETITION_FACTOR,
            "smooth_tracking": smooth_tracking(whole_clip),
        }
    first, last = repetitions[0].start_s - SPAN_MARGIN_S, repetitions[-1].end_s + SPAN_MARGIN_S
    active = (signals.times >= first) & (signals.times <= last)
    features = clip_features(signals.select(active))
    features.update({name: whole_clip[name] for name in WHOLE_CLIP_FEATURES})
    repeated = 1.0 if len(repetitions) > 1 else SINGLE_REPETITION_FACTOR
    return {
        **motion_criteria(key, features),
        "goes_out_and_back": repeated,
        "smooth_tracking": smooth_tracking(whole_clip),
    }


def _confidence(best: float, runner_up: float, seen_share: float) -> float:
    """High only when the best motion is well supported and clearly ahead of the next one."""
    margin = (best - runner_up) / best if best > 0 else 0.0
    visibility = min(1.0, seen_share / 0.8)
    return min(MAX_CONFIDENCE, best * (0.5 + 0.5 * margin) * visibility)


def recognise(signals: MotionSignals) -> Recognition:
    """Score every catalog motion and pick the best, or ``unknown`` / ``no_person``."""
    features = clip_features(signals)
    criteria = {key: _motion_criteria(signals, key, features) for key in MOTION_KEYS}
    scores = {key: round(float(np.prod(list(criteria[key].values()))), 4) for key in MOTION_KEYS}
    seen = features["person_seen_share"]
    if seen < MIN_PERSON_SEEN_SHARE:
        return Recognition(NO_PERSON, round(1.0 - seen, 3), scores, criteria, features)
    ranked = sorted(scores.values(), reverse=True)
    best_key = max(scores, key=scores.get)
    if ranked[0] < MIN_MOTION_SCORE:
        # Often the movement is real but hidden from this camera position, so stay modest.
        confidence = 0.35 + 0.25 * (1.0 - ranked[0] / MIN_MOTION_SCORE)
        return Recognition(UNKNOWN, round(confidence, 3), scores, criteria, features)
    confidence = _confidence(ranked[0], ranked[1], seen)
    return Recognition(best_key, round(confidence, 3), scores, criteria, features)


def is_match(predicted_motion: str, prescribed_motion: str | None) -> bool | None:
    """None when nothing was prescribed; otherwise whether the clip shows the prescribed motion."""
    if prescribed_motion is None:
        return None
    return predicted_motion == prescribed_motion
