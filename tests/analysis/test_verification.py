"""The verdict on a prescription, from handmade recognitions: these rules are not fitted, so each
is checked exactly."""

import pytest

from exercise_tracker.analysis.catalog import MOTION_KEYS, NO_PERSON, UNKNOWN
from exercise_tracker.analysis.recognition import Recognition
from exercise_tracker.analysis.verification import CANT_TELL, MATCH, MISMATCH, verify


def recognition(predicted: str, **probabilities: float) -> Recognition:
    """A recognition whose probabilities are those given, the rest spread evenly."""
    keys = (*MOTION_KEYS, UNKNOWN)
    rest = (1.0 - sum(probabilities.values())) / (len(keys) - len(probabilities))
    spread = {key: probabilities.get(key, rest) for key in keys}
    scores = {key: spread[key] for key in MOTION_KEYS}
    return Recognition(
        predicted, spread[predicted] if predicted in spread else 0.9, scores, {}, {}, spread
    )


def test_a_likely_prescribed_motion_with_counted_repetitions_is_a_match():
    verdict = verify(recognition("squat", squat=0.8), "squat", 3, "side", False, False)
    assert (verdict.status, verdict.is_match, verdict.filming_hint) == (MATCH, True, None)


def test_without_a_complete_repetition_a_likely_motion_is_cant_tell_not_a_match():
    verdict = verify(recognition("squat", squat=0.8), "squat", 0, "side", False, False)
    assert (verdict.status, verdict.is_match) == (CANT_TELL, None)
    assert "No complete repetition of Squat" in verdict.reason
    assert "full range" in verdict.filming_hint


def test_another_catalog_motion_clearly_shown_is_a_mismatch_whatever_was_counted():
    for counted in (0, 4):
        verdict = verify(
            recognition("biceps_curl", biceps_curl=0.9), "squat", counted, "front", False, False
        )
        assert (verdict.status, verdict.is_match) == (MISMATCH, False)
        assert "Biceps" in verdict.reason


def test_nothing_known_from_a_view_that_hides_the_motion_is_cant_tell():
    hidden = recognition(UNKNOWN, unknown=0.9)
    verdict = verify(hidden, "lateral_raise", 0, "side", False, False)
    assert verdict.status == CANT_TELL
    assert "front" in verdict.filming_hint
    # From the view that shows it, the same evidence says another movement was done.
    assert verify(hidden, "lateral_raise", 0, "front", False, False).status == MISMATCH


@pytest.mark.parametrize(
    ("too_dark", "out_of_frame", "reason", "hint_start"),
    [
        (True, False, "too dark", "Add light"),
        (False, True, "out of frame", "Step back"),
        (False, False, "not clear enough", "Film from the"),
    ],
)
def test_an_unclear_clip_is_cant_tell_with_a_reason_and_hint_for_its_cause(
    too_dark, out_of_frame, reason, hint_start
):
    verdict = verify(recognition("squat", squat=0.3), "squat", 2, "side", too_dark, out_of_frame)
    assert (verdict.status, verdict.is_match) == (CANT_TELL, None)
    assert reason in verdict.reason
    assert verdict.filming_hint.startswith(hint_start)


def test_no_person_is_cant_tell_even_with_counted_repetitions():
    verdict = verify(recognition(NO_PERSON, squat=0.9), "squat", 3, "side", False, False)
    assert verdict.status == CANT_TELL
    assert "whole body" in verdict.filming_hint
