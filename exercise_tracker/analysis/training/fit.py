"""Fit the recognition model: seeded, re-runnable, from synthetic scenes and optionally real clips.

    python -m exercise_tracker.analysis.training.fit [--pose-cache DIR --clips FOLDER]
        [--synthetic-cache FILE] [--seed N] [--out exercise_tracker/analysis/recogniser.json]

The weights are fitted on synthetic scenes of every catalog motion and of other movements (see
``scenes.py``), plus the real clips given (their saved PoseTracks). The temperature that makes
``confidence_score`` a calibrated probability is fitted on out-of-fold logits: the real clips are
dealt by source into seeded folds, and each fold is scored by a model fitted, as the final one is,
on the synthetic scenes and the other folds' real clips, so the temperature sees how sure such a
model is on sources it never saw. benchmarks/accuracy.py calls ``fit_recogniser`` once per
left-out source for its grouped cross-validation, so that source never touches the temperature.
"""

import argparse
import csv
import dataclasses
import multiprocessing
from pathlib import Path

import numpy as np
from scipy.optimize import minimize, minimize_scalar

from ..catalog import MOTION_KEYS, UNKNOWN
from ..features import clip_features
from ..pose_track import PoseTrack
from ..recogniser import EXCLUDED_FEATURES, MODEL_FILE, MotionRecogniser, design_row
from ..signals import compute_signals
from .postures import CATALOG_MOTIONS
from .scenes import scenes
from .synthetic import make_track

SEED = 20261201
PER_MOTION = 15  # synthetic scenes of each catalog motion
PER_OTHER = 8  # of each movement outside the catalog
REAL_WEIGHT = 5.0  # a real clip counts as this many synthetic scenes
WORKERS = 3  # processes computing the synthetic scenes' features
L2 = 1e-2  # on the standardised weights, per training example
TEMPERATURE_FOLDS = 4  # source-grouped folds of the real clips giving out-of-fold logits
CLASSES = (*MOTION_KEYS, UNKNOWN)


def features_of(track: PoseTrack) -> dict[str, float]:
    return clip_features(compute_signals(track))


def synthetic_features(cache: Path | None = None, seed: int = SEED) -> tuple[list[dict], list[str]]:
    """Features and labels of the synthetic scenes drawn with ``seed``, saved to ``cache`` (an
    ``.npz`` file) once computed; a cache of other scenes (another seed or number) or of other
    features (the code computing them changed) is made again."""
    drawn = {"seed": seed, "per_motion": PER_MOTION, "per_other": PER_OTHER}
    if cache is not None:
        cache = cache.with_name(cache.name.removesuffix(".npz") + ".npz")  # as np.savez names it
    if cache is not None and cache.is_file():
        data = np.load(cache, allow_pickle=False)
        names = [str(n) for n in data["names"]] if "names" in data else []
        same = all(name in data and int(data[name]) == value for name, value in drawn.items())
        if same and set(names) == _feature_names():  # else the code computing them changed
            rows = [dict(zip(names, map(float, row), strict=True)) for row in data["values"]]
            return rows, [str(label) for label in data["labels"]]
    made = list(scenes(seed, PER_MOTION, PER_OTHER))
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        rows = pool.map(features_of, [scene.track for scene in made], chunksize=4)
    labels = [scene.label for scene in made]
    if cache is not None:
        names = sorted(rows[0])
        values = np.array([[row[n] for n in names] for row in rows])
        np.savez(cache, names=np.array(names), values=values, labels=np.array(labels), **drawn)
    return rows, labels


def _feature_names() -> set[str]:
    """The names of the features the code computes now (the same for every clip)."""
    return set(features_of(make_track(CATALOG_MOTIONS[MOTION_KEYS[0]], reps=1)))


def _fit_weights(x: np.ndarray, y: np.ndarray, weight: np.ndarray, classes: int):
    """Multinomial logistic regression by L-BFGS, weighted examples, L2 on the weights."""
    n, d = x.shape
    onehot = np.eye(classes)[y]
    total = weight.sum()

    def loss(theta):
        w, b = theta[: d * classes].reshape(d, classes), theta[d * classes :]
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -(weight * (onehot * log_p).sum(axis=1)).sum() / total
        grad_z = (np.exp(log_p) - onehot) * weight[:, None] / total
        grad_w = x.T @ grad_z + L2 * w
        return nll + 0.5 * L2 * (w**2).sum(), np.concatenate([grad_w.ravel(), grad_z.sum(axis=0)])

    theta = minimize(
        loss, np.zeros(d * classes + classes), jac=True, method="L-BFGS-B", options={"maxiter": 300}
    ).x
    return theta[: d * classes].reshape(d, classes), theta[d * classes :]


def _fit(
    rows: list[dict], labels: list[str], weight: np.ndarray, trained_on: dict
) -> MotionRecogniser:
    names = tuple(sorted(n for n in rows[0] if n not in EXCLUDED_FEATURES))
    raw = np.array([design_row(row, names) for row in rows])
    known = np.isfinite(raw)
    center = np.array(
        [np.median(c[k]) if k.any() else 0.0 for c, k in zip(raw.T, known.T, strict=True)]
    )
    q75 = np.array(
        [np.percentile(c[k], 75) if k.any() else 1.0 for c, k in zip(raw.T, known.T, strict=True)]
    )
    q25 = np.array(
        [np.percentile(c[k], 25) if k.any() else 0.0 for c, k in zip(raw.T, known.T, strict=True)]
    )
    spread = np.maximum(q75 - q25, 1e-3 + 0.1 * np.abs(center))
    draft = MotionRecogniser(
        CLASSES,
        names,
        center,
        spread,
        np.zeros((2 * raw.shape[1], len(CLASSES))),
        np.zeros(len(CLASSES)),
        1.0,
        trained_on,
    )
    x = np.array([draft.inputs(row) for row in rows])
    y = np.array([CLASSES.index(label) for label in labels])
    w, b = _fit_weights(x, y, weight, len(CLASSES))
    return MotionRecogniser(CLASSES, names, center, spread, w, b, 1.0, trained_on)


def _fit_with_real(
    synthetic: tuple[list[dict], list[str]], rows: list[dict], labels: list[str], trained_on: dict
) -> MotionRecogniser:
    """Fit on the synthetic scenes plus real clips, a real clip weighing ``REAL_WEIGHT`` scenes."""
    weight = np.concatenate([np.ones(len(synthetic[0])), np.full(len(rows), REAL_WEIGHT)])
    return _fit(synthetic[0] + rows, synthetic[1] + labels, weight, trained_on)


def _source_folds(sources: list[str], k: int, seed: int = SEED) -> list[list[int]]:
    """Clip indices in at most ``k`` folds, no source split; sources in seeded order, each to the
    fold with fewest clips so far (deterministic, and folds of similar size)."""
    names = sorted(set(sources))
    folds = [[] for _ in range(min(k, len(names)))]
    for name in np.random.default_rng(seed).permutation(names):
        min(folds, key=len).extend(i for i, s in enumerate(sources) if s == name)
    return folds


def _temperature(z: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood of labels ``y`` given logits ``z``."""

    def nll(t):
        s = z / t
        s -= s.max(axis=1, keepdims=True)
        return -(s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))).mean()

    return float(minimize_scalar(nll, bounds=(0.5, 20.0), method="bounded").x)


def _out_of_fold_logits(
    synthetic: tuple[list[dict], list[str]], rows: list[dict], labels: list[str], folds
) -> np.ndarray:
    """Each real clip's logits from a model fitted without its fold's clips."""
    z = np.empty((len(rows), len(CLASSES)))
    for fold in folds:
        kept = [i for i in range(len(rows)) if i not in fold]
        model = _fit_with_real(synthetic, [rows[i] for i in kept], [labels[i] for i in kept], {})
        z[fold] = [model.logits(rows[i]) for i in fold]
    return z


def fit_recogniser(
    real: list[tuple[PoseTrack, str]] = (),
    sources: list[str] = (),
    synthetic_cache: Path | None = None,
    real_features: list[dict] | None = None,
    seed: int = SEED,
) -> MotionRecogniser:
    """Fit on the synthetic scenes plus ``real`` (track, label) clips from ``sources`` (one per
    clip); label UNKNOWN for a movement outside the catalog. ``real_features`` may give those
    clips' features ready. Without real clips from two sources the temperature stays 1.
    ``seed`` draws the synthetic scenes and deals the temperature's folds: another seed is
    another equally valid fit, so how much the figures move with it is their noise."""
    if len(sources) != len(real):
        raise ValueError("one source per real clip")
    synthetic = synthetic_features(synthetic_cache, seed)
    rows = real_features if real_features is not None else [features_of(t) for t, _ in real]
    labels = [label for _, label in real]
    folds = _source_folds(list(sources), TEMPERATURE_FOLDS, seed)
    temperature, fitted_on = 1.0, "nothing: fewer than two sources of real clips"
    if len(folds) > 1:
        z = _out_of_fold_logits(synthetic, rows, labels, folds)
        temperature = _temperature(z, np.array([CLASSES.index(label) for label in labels]))
        fitted_on = (
            f"out-of-fold logits of {len(rows)} real clips in {len(folds)} folds by source "
            f"({len(set(sources))} sources), each fold scored by a model fitted without it"
        )
    trained_on = {
        "seed": seed,
        "synthetic_scenes": len(synthetic[0]),
        "real_clips": len(rows),
        "real_weight": REAL_WEIGHT,
        "temperature_fitted_on": fitted_on,
    }
    model = _fit_with_real(synthetic, rows, labels, trained_on)
    return dataclasses.replace(model, temperature=temperature)


def _real_clips(clips: Path, cache: Path) -> tuple[list[tuple[PoseTrack, str]], list[str]]:
    """The labelled clips' (track, label) pairs and each one's ``source_repo``."""
    from ..pose_cache import load_pose_track

    with open(clips / "LABELS.tsv", newline="") as handle:
        labels = list(csv.DictReader(handle, delimiter="\t"))
    real = [
        (
            load_pose_track(cache / f"{Path(label['file']).stem}.npz"),
            label["motion"] if label["motion"] in MOTION_KEYS else UNKNOWN,
        )
        for label in labels
    ]
    return real, [label["source_repo"] for label in labels]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=Path, help="folder with LABELS.tsv of real clips")
    parser.add_argument("--pose-cache", type=Path, help="their saved <stem>.npz PoseTracks")
    parser.add_argument("--synthetic-cache", type=Path, help="save/reuse synthetic features here")
    parser.add_argument("--seed", type=int, default=SEED, help="of the synthetic scenes and folds")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    real, sources = _real_clips(args.clips, args.pose_cache) if args.clips else ([], [])
    model = fit_recogniser(real, sources, args.synthetic_cache, seed=args.seed)
    import json

    args.out.write_text(json.dumps(model.to_json()) + "\n")
    print(f"wrote {args.out}: {model.trained_on}, temperature {model.temperature:.2f}")


if __name__ == "__main__":
    main()
