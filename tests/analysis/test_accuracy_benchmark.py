"""The accuracy benchmark's calibration figures: what chance alone gives a calibrated model."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import accuracy  # noqa: E402


def test_calibrated_confidences_show_the_error_chance_gives_on_few_clips():
    rng = np.random.default_rng(1)
    few = list(rng.uniform(0.3, 1.0, 45))
    many = list(rng.uniform(0.3, 1.0, 4000))
    few_median, few_high, _ = accuracy.ece_by_chance(few, 0.0)
    many_median, _, _ = accuracy.ece_by_chance(many, 0.0)
    # Sampling noise alone: large on 45 clips, shrinking as 1/sqrt(n) on thousands.
    assert few_median > 0.05
    assert few_high > few_median
    assert many_median < 0.02


def test_share_of_draws_at_or_above_the_observed_error():
    confidences = [0.95] * 45
    records_all_wrong = [(c, False) for c in confidences]
    observed = accuracy.expected_calibration_error(records_all_wrong)
    assert observed == pytest.approx(0.95)
    assert accuracy.ece_by_chance(confidences, observed)[2] == 0.0
    assert accuracy.ece_by_chance(confidences, 0.0)[2] == 1.0


def test_calibration_error_weighs_each_bin_by_its_clips_and_puts_certainty_in_the_last():
    # A sure wrong answer (bin 10, |0 - 1|) and a right one at 0.25 (bin 3, |1 - 0.25|), half each.
    assert accuracy.expected_calibration_error([(1.0, False), (0.25, True)]) == pytest.approx(
        0.5 * 1.0 + 0.5 * 0.75
    )
    # Right as often as stated in every bin: no error.
    assert accuracy.expected_calibration_error(
        [(1.0, True), (0.5, True), (0.5, False)]
    ) == pytest.approx(0.0)
    assert accuracy.expected_calibration_error([]) == 0.0
