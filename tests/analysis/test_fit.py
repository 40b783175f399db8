"""The temperature's inner cross-validation: folds by source, the same on every run."""

from exercise_tracker.analysis.training.fit import _source_folds


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
