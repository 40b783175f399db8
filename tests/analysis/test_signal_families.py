"""One table of signal families: what signals computes, quality checks, range of motion reports
in and the clinical reading names all come from it."""

import numpy as np
import pytest

from exercise_tracker.analysis import clinical, quality
from exercise_tracker.analysis.catalog import get_motion
from exercise_tracker.analysis.keypoints import KEYPOINT_INDEX
from exercise_tracker.analysis.motions.motion import Motion
from exercise_tracker.analysis.range_of_motion import unit_of
from exercise_tracker.analysis.signal_families import SIGNAL_FAMILIES, Unit, signal_family
from exercise_tracker.analysis.signals import SIDES, compute_signals
from exercise_tracker.analysis.training.postures import squat
from exercise_tracker.analysis.training.synthetic import make_track

PARTS = {name.split("_", 1)[1] for name in KEYPOINT_INDEX if "_" in name} | {"nose"}


def test_the_signals_computed_are_exactly_the_table_s_families():
    computed = set(compute_signals(make_track(squat, reps=2)).series)
    expected = set()
    for family in SIGNAL_FAMILIES.values():
        expected |= {f"{family.name}_{s}" for s in SIDES} if family.per_side else {family.name}
    assert computed == expected


@pytest.mark.parametrize("family", SIGNAL_FAMILIES.values(), ids=lambda f: f.name)
def test_a_family_is_read_from_real_body_parts(family):
    assert set(family.parts) <= PARTS
    if family.angle:
        assert family.per_side and family.unit == Unit.DEGREES
        assert family.parts == family.angle


def test_an_angle_is_reported_in_degrees_and_a_position_in_trunk_lengths():
    assert unit_of("knee") == unit_of("leg_spread") == unit_of("thigh_incline") == "degrees"
    assert unit_of("wrist_height") == unit_of("body_height") == "body_scale"
    for family in SIGNAL_FAMILIES.values():
        shown = clinical.measure_of(family.name).unit
        assert (shown == "degrees") == (family.unit == Unit.DEGREES), family.name


def test_flexion_is_read_from_straight_and_named_by_its_joint():
    knee = clinical.measure_of("knee")
    assert (knee.name, knee.from_straight, knee.more) == ("knee flexion", True, "deepest bend")
    assert clinical.clinical_value("knee", 100.0) == 80.0
    assert clinical.clinical_value("shoulder", 100.0) == 100.0
    assert clinical.measure_of("hips_over_feet").name == "hips over feet"


def test_the_recogniser_reads_the_movement_of_exactly_the_families_of_evidence():
    from exercise_tracker.analysis.features import clip_features
    from exercise_tracker.analysis.recogniser import default_recogniser

    features = clip_features(compute_signals(make_track(squat, reps=2)))
    assert set(default_recogniser().feature_names) <= set(features)
    moving = {name.removesuffix("_excursion") for name in features if name.endswith("_excursion")}
    assert moving == {family.name for family in SIGNAL_FAMILIES.values() if family.evidence}


def test_a_motion_naming_an_unknown_family_is_refused_when_defined():
    squat_motion = get_motion("squat")
    fields = {name: getattr(squat_motion, name) for name in Motion.__dataclass_fields__}
    with pytest.raises(ValueError, match="kneee"):
        Motion(**{**fields, "secondary_signals": ("kneee",)})
    with pytest.raises(KeyError, match="see signal_families"):
        signal_family("kneee")


def test_the_recording_check_looks_at_the_parts_of_the_motion_s_signal():
    joints = quality.motion_joints(get_motion("calf_raise"))  # body height: shoulders to ankles
    names = {name for name, index in KEYPOINT_INDEX.items() if index in joints}
    assert names == {f"{s}_{p}" for s in SIDES for p in ("shoulder", "hip", "ankle")}
    elbow = np.array(quality.motion_joints(get_motion("biceps_curl")))
    assert sorted(elbow) == sorted(
        KEYPOINT_INDEX[f"{s}_{p}"] for s in SIDES for p in ("shoulder", "elbow", "wrist")
    )
