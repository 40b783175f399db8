"""The fitted recognition model: clip evidence in, a calibrated probability per motion out.

A multinomial logistic regression on the clip's view- and scale-invariant, left/right symmetric
features (``features.clip_features``: how far each joint moves, over the whole clip and in step
with the repetitions, the body's posture, the camera's view), each standardised, with a flag
where it could not be measured. Its weights, scaling and temperature are data in
``recogniser.json``, written by ``training/fit.py`` (seeded, re-runnable); this module only reads
them. Every contribution to a motion's score can be listed, so the answer stays explainable.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("recogniser.json")
# Whole-clip facts that describe the recording rather than the movement: speed, length, noise.
EXCLUDED_FEATURES = ("duration_s", "keypoint_step", "person_seen_share")
CLIP_LIMIT = 5.0  # standardised values beyond this are outliers, not stronger evidence


def design_row(features: dict[str, float], names: tuple[str, ...]) -> np.ndarray:
    """Raw inputs of the model: the named features, NaN where unknown."""
    return np.array([features.get(name, math.nan) for name in names], dtype=float)


@dataclass(frozen=True)
class MotionRecogniser:
    classes: tuple[str, ...]  # catalog keys and "unknown"
    feature_names: tuple[str, ...]
    center: np.ndarray  # per input: median on the training data
    spread: np.ndarray  # per input: interquartile range (never 0)
    weights: np.ndarray  # (inputs * 2, classes): standardised value, then "was unknown"
    bias: np.ndarray  # (classes,)
    temperature: float  # divides the logits: fitted on real clips the weights never saw
    trained_on: dict  # what the fit saw, for the record

    def inputs(self, features: dict[str, float]) -> np.ndarray:
        raw = design_row(features, self.feature_names)
        missing = ~np.isfinite(raw)
        scaled = np.clip(
            (np.where(missing, self.center, raw) - self.center) / self.spread,
            -CLIP_LIMIT,
            CLIP_LIMIT,
        )
        return np.concatenate([scaled, missing.astype(float)])

    def logits(self, features: dict[str, float]) -> np.ndarray:
        return self.inputs(features) @ self.weights + self.bias

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        z = self.logits(features) / self.temperature
        p = np.exp(z - z.max())
        p /= p.sum()
        return {key: float(value) for key, value in zip(self.classes, p, strict=True)}

    def contributions(self, features: dict[str, float], key: str, top: int = 5) -> dict[str, float]:
        """The inputs that most raise or lower ``key``'s score relative to the average class."""
        x = self.inputs(features)
        column = self.classes.index(key)
        relative = self.weights[:, column] - self.weights.mean(axis=1)
        effect = x * relative / self.temperature
        names = self.input_names
        order = np.argsort(-np.abs(effect))[:top]
        return {names[i]: round(float(effect[i]), 3) for i in order if effect[i] != 0}

    @functools.cached_property
    def input_names(self) -> list[str]:
        names = list(self.feature_names)
        return names + [f"{name} unseen" for name in names]

    def to_json(self) -> dict:
        return {
            "classes": list(self.classes),
            "feature_names": list(self.feature_names),
            "center": self.center.round(6).tolist(),
            "spread": self.spread.round(6).tolist(),
            "weights": self.weights.round(5).tolist(),
            "bias": self.bias.round(5).tolist(),
            "temperature": round(self.temperature, 5),
            "trained_on": self.trained_on,
        }

    @classmethod
    def from_json(cls, data: dict) -> "MotionRecogniser":
        return cls(
            tuple(data["classes"]),
            tuple(data["feature_names"]),
            np.asarray(data["center"], float),
            np.asarray(data["spread"], float),
            np.asarray(data["weights"], float),
            np.asarray(data["bias"], float),
            float(data["temperature"]),
            data["trained_on"],
        )


@functools.cache
def default_recogniser() -> MotionRecogniser:
    """The committed model (``training/fit.py`` writes it)."""
    return MotionRecogniser.from_json(json.loads(MODEL_FILE.read_text()))
