"""Angles as a physiotherapist reads them: flexion from straight, elevation from the side of the
body, named with joint and side, on the side the camera saw well."""

from exercise_tracker.analysis import clinical
from exercise_tracker.analysis.result import AnalysisResult


def _result(signal, sides, target=None, seen_well=("left", "right")):
    """A result of just a range and the sides seen well, read as a stored one is."""
    return AnalysisResult.from_dict(
        {
            "range_of_motion": {
                "signal": signal,
                "unit": "degrees",
                "sides": [
                    {"side": side, "min_value": low, "max_value": high, "excursion": high - low}
                    for side, (low, high) in sides.items()
                ],
                "target_range": target,
            },
            "evidence": {"sides_seen_well": list(seen_well)},
        }
    )


def test_knee_and_elbow_read_as_flexion_from_straight():
    assert clinical.clinical_value("knee", 180.0) == 0.0  # straight
    assert clinical.clinical_value("knee", 61.0) == 119.0  # "knee 61°" was a deep bend
    assert clinical.clinical_value("elbow", 150.0) == 30.0
    assert clinical.clinical_value("shoulder", 20.0) == 20.0  # elevation from the side
    assert clinical.label("knee", "left") == "left knee flexion"
    assert clinical.label("shoulder", "both") == "shoulder elevation (both sides)"


def test_squat_range_starts_at_rest_and_names_the_side():
    found = clinical.measured_range(
        _result("knee", {"left": (85.0, 175.0), "right": (95.0, 175.0)})
    )
    assert (found.joint, found.side) == ("knee flexion", "left")
    assert (found.rest, found.furthest, found.excursion) == (5.0, 95.0, 90.0)


def test_a_hidden_far_arm_is_not_the_range():
    # From the side, the far elbow is a guess: "bent to 18°" (162° of flexion) is no reading.
    result = _result("elbow", {"left": (80.0, 170.0), "right": (18.0, 170.0)}, seen_well=("left",))
    found = clinical.measured_range(result)
    assert found.side == "left"
    assert found.furthest == 100.0 and found.excursion == 90.0


def test_target_is_the_prescribed_excursion_from_the_patients_rest():
    # A jumping jack: arms rest at 20°, rise to 138°, 150° of excursion prescribed (20..170).
    result = _result(
        "shoulder", {"left": (20.0, 138.0), "right": (22.0, 135.0)}, target=(20.0, 170.0)
    )
    found = clinical.measured_range(result)
    assert found.rest == 20.0 and found.furthest == 138.0
    assert found.target == (20.0, 170.0)
    assert found.shortfall == 32.0 and found.target_met is False


def test_knee_target_band_turns_with_the_convention():
    # The engine's band (85..175 inner) is 5..95 of flexion, from rest at 5°.
    result = _result("knee", {"left": (100.0, 175.0)}, target=(85.0, 175.0), seen_well=("left",))
    found = clinical.measured_range(result)
    assert found.target == (5.0, 95.0)
    assert found.rest == 5.0 and found.furthest == 80.0
    assert found.shortfall == 15.0
    assert clinical.turning_point("knee", rises=True) == "deepest bend"
    assert clinical.turning_point("shoulder", rises=True) == "highest"


def test_the_target_tolerance_is_the_engines():
    from exercise_tracker.analysis.range_of_motion import TARGET_TOLERANCE_DEG

    assert clinical.TARGET_TOLERANCE_DEG == TARGET_TOLERANCE_DEG
