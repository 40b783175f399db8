"""Which catalog motion a clip shows and how sure the engine is.

Recognition never looks at the prescribed motion: every motion is scored from the same evidence
by the fitted model (``recogniser.py``), so a clip of another exercise cannot be talked into a
match. Whether the clip shows a prescription is decided afterwards (``verification.py``).
"""

from dataclasses import dataclass

from .catalog import MOTION_KEYS, NO_PERSON, UNKNOWN
from .features import clip_features, shows_movement
from .recogniser import MotionRecogniser, default_recogniser
from .signals import MotionSignals

MIN_PERSON_SEEN_SHARE = 0.5


@dataclass(frozen=True)
class Recognition:
    predicted_motion: str
    confidence_score: float  # calibrated probability that predicted_motion is right
    scores: dict[str, float]  # every catalog motion: its probability
    criteria: dict[str, dict[str, float]]  # per motion, the evidence that moved its score most
    features: dict[str, float]
    probabilities: dict[str, float]  # every catalog motion and "unknown", summing to 1


def recognise(signals: MotionSignals, recogniser: MotionRecogniser | None = None) -> Recognition:
    """Score every catalog motion and pick the most probable, or ``unknown`` / ``no_person``."""
    model = recogniser or default_recogniser()
    features = clip_features(signals)
    probabilities = model.probabilities(features)
    scores = {key: round(probabilities[key], 4) for key in MOTION_KEYS}
    criteria = {key: model.contributions(features, key) for key in MOTION_KEYS}
    seen = features["person_seen_share"]
    if seen < MIN_PERSON_SEEN_SHARE:
        return Recognition(
            NO_PERSON, round(1.0 - seen, 3), scores, criteria, features, probabilities
        )
    if not shows_movement(features):
        # No joint was seen to move (or too few frames to measure one): no evidence favours
        # one answer over another, and no exercise was shown.
        even = {key: 1.0 / len(probabilities) for key in probabilities}
        scores = {key: round(even[key], 4) for key in MOTION_KEYS}
        return Recognition(UNKNOWN, round(even[UNKNOWN], 3), scores, criteria, features, even)
    best = max(probabilities, key=probabilities.get)
    confidence = round(probabilities[best], 3)
    return Recognition(best, confidence, scores, criteria, features, probabilities)


def is_match(predicted_motion: str, prescribed_motion: str | None) -> bool | None:
    """None when nothing was prescribed; otherwise whether the clip shows the prescribed motion."""
    if prescribed_motion is None:
        return None
    return predicted_motion == prescribed_motion
