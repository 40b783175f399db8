"""The fit's seeded parts: folds by source and synthetic scenes, the same for the same seed."""

import itertools

import numpy as np

from exercise_tracker.analysis.training import fit
from exercise_tracker.analysis.training.fit import _source_folds
from exercise_tracker.analysis.training.scenes import scenes


def test_temperature_folds_keep_each_source_whole_and_are_reproducible():
    sources = [f"source{i % 9}" for i in range(30)]
    folds = _source_folds(sources, 4)
    assert len(folds) == 4
    assert sorted(i for fold in folds for i in fold) == list(range(30))
    fold_of = {i: n for n, fold in enumerate(folds) for i in fold}
    assert all(fold_of[i] == fold_of[i % 9] for i in range(30))
    assert folds == _source_folds(sources, 4)


def test_a_single_source_gives_nothing_to_cross_validate():
    assert len(_source_folds(["only"] * 5, 4)) == 1


def test_synthetic_feature_cache_is_reused_only_for_its_own_seed(tmp_path, monkeypatch):
    drawn = []

    def few_scenes(seed, per_motion, per_other):
        drawn.append(seed)
        return itertools.islice(scenes(seed, 1, 0), 3)

    monkeypatch.setattr(fit, "scenes", few_scenes)
    cache = tmp_path / "synthetic"  # np.savez adds the suffix; the cache must still be found

    def values(features):
        rows, labels = features
        return np.array([[row[name] for name in sorted(row)] for row in rows]), labels

    first, first_labels = values(fit.synthetic_features(cache, seed=1))
    again, again_labels = values(fit.synthetic_features(cache, seed=1))
    assert drawn == [1]  # read back from the file, not drawn again
    np.testing.assert_array_equal(first, again)
    assert first_labels == again_labels
    other, _ = values(fit.synthetic_features(cache, seed=2))
    assert drawn == [1, 2]  # another seed's scenes are other scenes
    assert not np.allclose(first, other, equal_nan=True)
    assert int(np.load(tmp_path / "synthetic.npz")["seed"]) == 2
    monkeypatch.setattr(fit, "PER_MOTION", fit.PER_MOTION + 1)
    fit.synthetic_features(cache, seed=2)
    assert drawn == [1, 2, 2]  # as many scenes again would not be the same scenes
    saved = dict(np.load(tmp_path / "synthetic.npz"))
    saved["names"] = np.array([*saved["names"][:-1], "a_feature_no_longer_computed"])
    np.savez(tmp_path / "synthetic.npz", **saved)
    rows, _ = fit.synthetic_features(cache, seed=2)
    assert drawn == [1, 2, 2, 2]  # features saved by older code are computed again
    assert "a_feature_no_longer_computed" not in rows[0]


def test_the_seed_deals_the_temperature_folds():
    sources = [f"source{i}" for i in range(12)]
    assert _source_folds(sources, 4, seed=1) != _source_folds(sources, 4, seed=2)
    assert _source_folds(sources, 4, seed=1) == _source_folds(sources, 4, seed=1)
