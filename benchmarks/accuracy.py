"""Accuracy of the analysis engine on a folder of labelled clips (LABELS.tsv), reported twice: with
the engine's recognition model fitted on all clips, and by grouped cross-validation leaving one
``source_repo`` out at a time (the model refitted without that source's clips, then scored on them).

    python benchmarks/accuracy.py ../shared/fixtures/videos --pose-cache DIR [--plot FILE.png]
        [--synthetic-cache FILE] [--seeds N,N,...]

With --pose-cache, a clip whose <stem>.npz is in DIR is analysed from that saved PoseTrack instead
of running MoveNet; missing ones are extracted and, with --write-cache, saved there. Only real
clips are scored; synthetic sequences may train the model (see analysis/training/fit.py).

The fit is seeded (its synthetic scenes and folds). With --seeds, the grouped cross-validation is
run again with each further seed and the headline figures of every seed are printed with their
median and range: a difference between two fits smaller than that range is noise.
"""

import argparse
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from clips import DEFAULT_MODEL, pose_track_for, read_labels

from exercise_tracker.analysis.catalog import MOTION_KEYS, UNKNOWN
from exercise_tracker.analysis.engine import analyze_pose_track
from exercise_tracker.analysis.settings import AnalysisSettings

APPROXIMATE_TOLERANCE = 2  # LABELS.tsv: reps_exact=no means "counted by eye, ±1 or 2"
ECE_BINS = 10
CHANCE_DRAWS = 2000  # simulated outcomes behind the calibration error expected by chance
MATCH, MISMATCH, CANT_TELL = "match", "mismatch", "cant_tell"
OWN_CANT_TELL, ALL_CANT_TELL = "own can't tell", "can't tell"  # headline names
CHANCE_ECE = "ECE by chance"  # median ECE of a perfectly calibrated model on the same confidences


def truth_of(label: dict) -> str:
    """The answer a clip should get with no prescription: its motion, or unknown off-catalog."""
    return label["motion"] if label["motion"] in MOTION_KEYS else UNKNOWN


def match_status(result) -> str:
    """The verdict on a prescription (older results only have is_match)."""
    status = getattr(result, "match_status", None)
    if status is not None:
        return status
    return {True: MATCH, False: MISMATCH, None: CANT_TELL}[result.is_match]


def most_confusable(result, truth: str) -> str:
    """The catalog motion other than the clip's own that the engine scores highest."""
    others = {k: v for k, v in result.scores.items() if k != truth}
    return max(others, key=others.get)


@dataclass
class ClipOutcome:
    label: dict
    predicted: str
    confidence: float
    own_status: str | None  # prescribed its own motion (None off-catalog)
    confusable: str
    confusable_status: str
    counted: int | None = None


def analyse_clip(label: dict, track, model) -> ClipOutcome:
    truth = truth_of(label)
    free = analyze_pose_track(track, **model)
    other = most_confusable(free, truth)
    outcome = ClipOutcome(
        label,
        free.predicted_motion,
        free.confidence_score,
        None,
        other,
        match_status(analyze_pose_track(track, prescribed_motion=other, **model)),
    )
    if truth == UNKNOWN:
        return outcome
    own = analyze_pose_track(track, prescribed_motion=truth, **model)
    outcome.own_status = match_status(own)
    outcome.counted = own.rep_count
    return outcome


def rep_verdicts(label: dict, counted: int) -> tuple[bool, bool, int]:
    """(exact, within ±1, absolute error); an approximate label's tolerance counts as exact."""
    truth = int(label["reps"])
    error = abs(counted - truth)
    exact = error <= (APPROXIMATE_TOLERANCE if label["reps_exact"] == "no" else 0)
    return exact, error <= 1, error


def calibration_bins(confidences) -> np.ndarray:
    """Each confidence's bin among ECE_BINS equal ones; a confidence of 1 falls in the last."""
    return np.minimum((np.asarray(confidences, float) * ECE_BINS).astype(int), ECE_BINS - 1)


def calibration_errors(confidences, right: np.ndarray) -> np.ndarray:
    """The expected calibration error of each row of ``right`` (whether each clip was right)."""
    c = np.asarray(confidences, float)
    right = np.atleast_2d(right)
    bins = calibration_bins(c)
    errors = np.zeros(len(right))
    for b in np.unique(bins):
        inside = bins == b
        errors += inside.mean() * np.abs(right[:, inside].mean(axis=1) - c[inside].mean())
    return errors


def expected_calibration_error(records: list[tuple[float, bool]]) -> float:
    if not records:
        return 0.0
    confidences, right = zip(*records, strict=True)
    return float(calibration_errors(confidences, np.array(right, bool))[0])


def ece_by_chance(confidences: list[float], observed: float, seed: int = 0) -> tuple:
    """What a perfectly calibrated model would score on these confidences: each clip drawn right
    with the probability its confidence states. On few clips ECE is far from 0 even then, so an
    observed figure is only evidence of miscalibration when chance rarely reaches it.
    Returns (median, 95th percentile, share of draws at or above ``observed``)."""
    rng = np.random.default_rng(seed)
    c = np.asarray(confidences, float)
    draws = calibration_errors(c, rng.random((CHANCE_DRAWS, len(c))) < c)  # a row per draw
    return (
        float(np.median(draws)),
        float(np.percentile(draws, 95)),
        float(np.mean(draws >= observed - 1e-12)),
    )


def reliability_plot(curves: dict[str, list[tuple[float, bool]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(5, 5))
    axis.plot([0, 1], [0, 1], "k:", label="perfect")
    for name, records in curves.items():
        confidences = np.array([c for c, _ in records], float)
        right = np.array([ok for _, ok in records], bool)
        bins = calibration_bins(confidences)
        xs = [confidences[bins == b].mean() for b in np.unique(bins)]
        ys = [right[bins == b].mean() for b in np.unique(bins)]
        ece = expected_calibration_error(records)
        axis.plot(xs, ys, "o-", label=f"{name} (ECE {ece:.3f})")
    axis.set_xlabel("confidence_score")
    axis.set_ylabel("share of clips recognised right")
    axis.set_title("Reliability of confidence_score (no prescription)")
    axis.legend(loc="upper left")
    figure.savefig(path, dpi=100)
    plt.close(figure)


def print_confusion(rows: list[tuple[str, str]]) -> None:
    keys = [k for k in (*MOTION_KEYS, UNKNOWN, "no_person") if any(k in pair for pair in rows)]
    pairs = Counter(rows)
    width = max(len(k) for k in keys) + 1
    print("Confusion matrix (rows: truth, columns: predicted)")
    print(" " * width + " ".join(f"{k[:5]:>5}" for k in keys))
    for truth in keys:
        if any(t == truth for t, _ in rows):
            cells = " ".join(f"{pairs[(truth, p)] or '.':>5}" for p in keys)
            print(f"{truth:<{width}}{cells}")


def share(count: int, total: int) -> str:
    return f"{count}/{total} = {count / total:.1%}" if total else "n/a"


def tallies(outcomes: list[ClipOutcome]) -> dict[str, tuple[int, int]]:
    """(count, out of) for each figure the targets are set on."""
    in_catalog = [o for o in outcomes if o.own_status is not None]
    off = [o for o in outcomes if o.own_status is None]
    prescribed = [o.own_status for o in in_catalog] + [o.confusable_status for o in outcomes]
    return {
        "recognised": (sum(o.predicted == truth_of(o.label) for o in outcomes), len(outcomes)),
        "is_match": (sum(o.own_status == MATCH for o in in_catalog), len(in_catalog)),
        OWN_CANT_TELL: (sum(o.own_status == CANT_TELL for o in in_catalog), len(in_catalog)),
        "false match": (sum(o.confusable_status == MATCH for o in outcomes), len(outcomes)),
        "off-catalog matched": (sum(o.confusable_status == MATCH for o in off), len(off)),
        ALL_CANT_TELL: (prescribed.count(CANT_TELL), len(prescribed)),
    }


def calibration_pairs(outcomes: list[ClipOutcome]) -> list[tuple[float, bool]]:
    """(confidence, whether the recognised motion was right) for each clip."""
    return [(o.confidence, o.predicted == truth_of(o.label)) for o in outcomes]


def headline(outcomes: list[ClipOutcome]) -> dict:
    """The figures the targets are set on, as shares, and the calibration error."""
    shares = {name: count / max(total, 1) for name, (count, total) in tallies(outcomes).items()}
    ece = expected_calibration_error(calibration_pairs(outcomes))
    return {
        **shares,
        "ECE": ece,
        CHANCE_ECE: ece_by_chance([o.confidence for o in outcomes], ece)[0],
    }


def report(title: str, outcomes: list[ClipOutcome]) -> dict:
    """Print every figure for one way of fitting; return the headline figures."""
    print(f"\n=== {title} ===")
    print_confusion([(truth_of(o.label), o.predicted) for o in outcomes])
    recall = defaultdict(lambda: [0, 0])
    for o in outcomes:
        recall[truth_of(o.label)][0] += o.predicted == truth_of(o.label)
        recall[truth_of(o.label)][1] += 1
    print(
        "Per-motion recall (no prescription): "
        + ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in sorted(recall.items()))
    )
    tally, figures = tallies(outcomes), headline(outcomes)
    in_catalog = [o for o in outcomes if o.own_status is not None]
    counted = [o for o in in_catalog if o.label["reps"]]
    verdicts = [rep_verdicts(o.label, o.counted) for o in counted]
    exact, within = sum(v[0] for v in verdicts), sum(v[1] for v in verdicts)
    mae = sum(v[2] for v in verdicts) / len(verdicts) if verdicts else float("nan")
    print(f"Recognised motion, no prescription: {share(*tally['recognised'])}")
    print(
        f"is_match recall (own motion prescribed): {share(*tally['is_match'])}, "
        f"can't tell {share(*tally[OWN_CANT_TELL])}"
    )
    print(f"False match (most confusable other motion prescribed): {share(*tally['false match'])}")
    # Only the most probable motion can be matched (a match needs it to be more likely than
    # not), so prescribing it is the hardest test an off-catalog clip can get.
    print(
        f"Out-of-catalog clips matched (their most confusable motion prescribed): "
        f"{share(*tally['off-catalog matched'])}"
    )
    chance = ece_by_chance([o.confidence for o in outcomes], figures["ECE"])
    print(
        f"Expected calibration error of confidence_score ({ECE_BINS} bins): {figures['ECE']:.3f}; "
        f"a perfectly calibrated model would show {chance[0]:.3f} on these {len(outcomes)} "
        f"confidences by chance (95th percentile {chance[1]:.3f}), this much or more in "
        f"{chance[2]:.1%} of draws"
    )
    print(
        f"Repetitions (own motion prescribed, {len(counted)} countable clips): exact "
        f"{share(exact, len(counted))} (reps_exact=no: within ±{APPROXIMATE_TOLERANCE}), "
        f"within ±1 {share(within, len(counted))}, MAE {mae:.2f}"
    )
    print(f"Can't tell among all prescribed answers: {share(*tally[ALL_CANT_TELL])}")
    wrong = [o for o in outcomes if o.predicted != truth_of(o.label)]
    for o in wrong:
        print(
            f"  misrecognised: {o.label['file']:<36} {truth_of(o.label):<18} -> "
            f"{o.predicted} ({o.confidence:.2f})"
        )
    for o in outcomes:
        if o.confusable_status == MATCH:
            print(f"  false match:   {o.label['file']:<36} prescribed {o.confusable}")
        if o.counted is not None and o.label["reps"] and not rep_verdicts(o.label, o.counted)[0]:
            print(
                f"  reps off:      {o.label['file']:<36} counted {o.counted}, label "
                f"{'~' if o.label['reps_exact'] == 'no' else ''}{o.label['reps']}"
            )
        if o.own_status == CANT_TELL:
            print(f"  can't tell:    {o.label['file']:<36} prescribed {truth_of(o.label)}")
    return {**figures, "calibration": calibration_pairs(outcomes)}


def print_seed_spread(figures: dict[int, dict]) -> None:
    """Each seed's headline figures by source, then their median and range."""
    names = list(next(iter(figures.values())))
    print("\n=== Leave one source_repo out, by seed of the fit ===")
    print(f"{'seed':<10}" + "".join(f"{name:>20}" for name in names))
    for seed, row in figures.items():
        print(f"{seed:<10}" + "".join(f"{row[name]:>20.3f}" for name in names))
    for label, pick in (("median", statistics.median), ("min", min), ("max", max)):
        print(
            f"{label:<10}"
            + "".join(f"{pick(r[n] for r in figures.values()):>20.3f}" for n in names)
        )


def seeded_cache(cache: Path | None, seed: int) -> Path | None:
    """One synthetic-feature cache file per seed."""
    return (
        None if cache is None else cache.with_name(f"{cache.name.removesuffix('.npz')}-{seed}.npz")
    )


def fitting(synthetic_cache: Path | None, seed: int | None = None, features: dict | None = None):
    """The engine's fitting procedure, when it has one: fit(labels, tracks) -> engine kwargs.
    ``synthetic_cache`` keeps the seeded synthetic scenes' features between runs; ``seed`` is
    the fit's (its default when None); ``features`` holds the clips' features, which do not
    depend on the fit, so fits that share it compute them once."""
    try:
        from exercise_tracker.analysis.training.fit import SEED, features_of, fit_recogniser
    except ImportError:
        return None
    seed = SEED if seed is None else seed
    features = {} if features is None else features

    def fit(labels, tracks):
        for label in labels:
            if label["file"] not in features:
                features[label["file"]] = features_of(tracks[label["file"]])
        recogniser = fit_recogniser(
            [(tracks[label["file"]], truth_of(label)) for label in labels],
            [label["source_repo"] for label in labels],
            seeded_cache(synthetic_cache, seed),
            [features[label["file"]] for label in labels],
            seed=seed,
        )
        return {"recogniser": recogniser}

    return fit


def leave_one_source_out(labels: list[dict], tracks: dict, fit) -> list[ClipOutcome]:
    """Each source's clips scored by a model fitted without them, in the labels' order."""
    grouped = []
    for source in sorted({label["source_repo"] for label in labels}):
        kept = [label for label in labels if label["source_repo"] != source]
        model = fit(kept, tracks)
        grouped += [
            analyse_clip(label, tracks[label["file"]], model)
            for label in labels
            if label["source_repo"] == source
        ]
    grouped.sort(key=lambda o: labels.index(o.label))
    return grouped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL, help="MoveNet .tflite")
    parser.add_argument("--pose-cache", type=Path, help="folder of saved <clip stem>.npz tracks")
    parser.add_argument("--write-cache", action="store_true", help="save extracted tracks")
    parser.add_argument(
        "--plot",
        type=Path,
        default=Path(tempfile.gettempdir()) / "reliability.png",
        help="where to write the reliability plot (PNG)",
    )
    parser.add_argument("--synthetic-cache", type=Path, help="save/reuse synthetic features here")
    parser.add_argument(
        "--seeds",
        type=lambda text: [int(each) for each in text.split(",")],
        default=[],
        help="further seeds of the fit to cross-validate, comma-separated (e.g. 11,22,33)",
    )
    args = parser.parse_args()
    settings = AnalysisSettings(model_path=args.model)
    labels = read_labels(args.folder)
    tracks = {
        label["file"]: pose_track_for(
            args.folder / label["file"], settings, args.pose_cache, args.write_cache
        )
        for label in labels
    }
    features = {}
    fit = fitting(args.synthetic_cache, features=features)
    everything = fit(labels, tracks) if fit else {}
    all_clips = [analyse_clip(label, tracks[label["file"]], everything) for label in labels]
    figures = {"all clips": report("All clips (fitted on all of them)", all_clips)}
    if fit is None:
        print(
            "\nNothing in this engine is fitted by a procedure: its thresholds were set by "
            "hand on the clips, so leave-one-source-out figures equal the all-clips ones."
        )
        grouped = all_clips
    else:
        grouped = leave_one_source_out(labels, tracks, fit)
    title = "Leave one source_repo out (fitted without the scored source)"
    figures["leave one source out"] = report(title, grouped)
    if fit is not None and args.seeds:
        from exercise_tracker.analysis.training.fit import SEED

        by_seed = {SEED: headline(grouped)}
        for seed in dict.fromkeys(s for s in args.seeds if s != SEED):
            by_seed[seed] = headline(
                leave_one_source_out(labels, tracks, fitting(args.synthetic_cache, seed, features))
            )
        print_seed_spread(by_seed)
    reliability_plot({k: v["calibration"] for k, v in figures.items()}, args.plot)
    print(f"\nReliability plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
