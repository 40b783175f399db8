"""The shipped instruments and a clinic's own: answers checked item by item, scores computed by
each instrument's published rule, and the direction of better read for the MCID."""

import json

import pytest

from exercise_tracker.questionnaires import InstrumentFileError, InvalidAnswers, load_instruments

KOOS_ITEMS = [f"q{i}" for i in range(1, 8)]
HOOS_ITEMS = [f"q{i}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def shipped():
    return load_instruments()


def test_the_four_free_instruments_ship(shipped):
    assert set(shipped) == {"nprs", "psfs", "koos-jr", "hoos-jr"}
    assert shipped["nprs"].loinc == "72514-3"
    assert shipped["nprs"].mcid.value == 2 and "Farrar" in shipped["nprs"].mcid.source


def test_pain_rating_is_the_rating(shipped):
    nprs = shipped["nprs"]
    assert nprs.score(nprs.validate({"pain": 7})).value == 7
    with pytest.raises(InvalidAnswers) as refused:
        nprs.validate({"pain": 11})
    assert refused.value.errors == {"pain": ["Between 0 and 10."]}


def test_psfs_is_the_mean_of_the_rated_activities(shipped):
    psfs = shipped["psfs"]
    answers = {
        "activity_1": "Climbing stairs",
        "activity_1_score": 3,
        "activity_2": "Kneeling",
        "activity_2_score": 5,
        "activity_3": "Running",
        "activity_3_score": 2,
    }
    score = psfs.score(psfs.validate(answers))
    assert score.value == pytest.approx((3 + 5 + 2) / 3, abs=0.005)  # 3.33


def test_psfs_refuses_a_rating_without_its_activity_and_the_reverse(shipped):
    psfs = shipped["psfs"]
    base = {"activity_1": "Stairs", "activity_1_score": 4}
    with pytest.raises(InvalidAnswers) as refused:
        psfs.validate({**base, "activity_2_score": 6})
    assert "activity_2_score" in refused.value.errors
    with pytest.raises(InvalidAnswers) as refused:
        psfs.validate({**base, "activity_3": "Kneeling"})
    assert "activity_3_score" in refused.value.errors


def test_koos_jr_ships_the_raw_sum_and_says_why(shipped):
    koos = shipped["koos-jr"]
    answers = dict(zip(KOOS_ITEMS, [2, 3, 2, 3, 1, 2, 3], strict=True))
    score = koos.score(koos.validate(answers))
    assert (score.value, score.raw) == (16, 16)
    assert koos.score_range == (0, 28) and koos.better == "lower" and koos.mcid is None
    assert "could not be obtained" in koos.notes and "Lyman" in koos.reference
    assert koos.loinc == "82324-5"


def test_hoos_jr_sums_six_items(shipped):
    hoos = shipped["hoos-jr"]
    answers = dict(zip(HOOS_ITEMS, [4, 4, 3, 2, 1, 0], strict=True))
    assert hoos.score(hoos.validate(answers)).value == 14
    assert hoos.score_range == (0, 24)


def test_every_bad_item_is_named(shipped):
    koos = shipped["koos-jr"]
    with pytest.raises(InvalidAnswers) as refused:
        koos.validate({"q1": 5, "q2": "2", "q3": True, "extra": 1})
    errors = refused.value.errors
    assert errors["q1"] == ["One of [0, 1, 2, 3, 4]."]
    assert errors["q2"] == ["Give a whole number."] and errors["q3"] == ["Give a whole number."]
    assert errors["extra"] == ["Not an item of this questionnaire."]
    assert errors["q7"] == ["This item must be answered."]


def test_worse_is_read_with_the_direction_of_better(shipped):
    nprs, psfs = shipped["nprs"], shipped["psfs"]
    assert nprs.worsened(3, 5) and not nprs.worsened(5, 3) and not nprs.worsened(3, 4)
    assert psfs.worsened(6, 4) and not psfs.worsened(4, 6)


def _write(folder, data):
    path = folder / f"{data['code']}.json"
    path.write_text(json.dumps(data))
    return path


TABLE_INSTRUMENT = {
    "code": "clinic-knee",
    "title": "A clinic's licensed knee score",
    "items": [
        {
            "id": "a",
            "text": "A",
            "type": "choice",
            "scored": True,
            "options": [
                {"value": 0, "label": "no"},
                {"value": 1, "label": "some"},
                {"value": 2, "label": "much"},
            ],
        },
        {"id": "b", "text": "B", "type": "integer", "min": 0, "max": 1, "scored": True},
    ],
    "scoring": {"method": "table", "table": {"0": 100, "1": 71.5, "2": 40.25, "3": 0}},
    "score_range": [0, 100],
    "better": "higher",
    "mcid": {"value": 10, "source": "the clinic's licence"},
}


def test_a_clinic_adds_an_instrument_with_a_conversion_table(tmp_path):
    _write(tmp_path, TABLE_INSTRUMENT)
    found = load_instruments(tmp_path)
    assert {"nprs", "clinic-knee"} <= set(found)
    score = found["clinic-knee"].score(found["clinic-knee"].validate({"a": 1, "b": 1}))
    assert (score.value, score.raw) == (40.25, 2)


def test_a_clinic_file_replaces_a_shipped_instrument_of_the_same_code(tmp_path):
    _write(tmp_path, {**TABLE_INSTRUMENT, "code": "nprs", "title": "Our pain scale"})
    assert load_instruments(tmp_path)["nprs"].title == "Our pain scale"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"scoring": {"method": "table", "table": {"0": 100, "1": 50}}},
            r"lacks raw sums \[2, 3\]",
        ),
        ({"better": "up"}, "better is"),
        ({"items": []}, "no item is scored"),
        ({"scoring": {"method": "median"}}, "median"),
    ],
)
def test_a_broken_clinic_file_is_refused_with_its_name_and_reason(tmp_path, change, reason):
    _write(tmp_path, {**TABLE_INSTRUMENT, **change})
    with pytest.raises(InstrumentFileError, match=reason) as refused:
        load_instruments(tmp_path)
    assert "clinic-knee.json" in str(refused.value)
