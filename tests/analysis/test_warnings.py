"""Every warning code the engine can emit is classified, and the result's dictionary form reads
back into the typed result."""

import ast
from pathlib import Path

import pytest

from exercise_tracker.analysis.result import SCHEMA_VERSION, AnalysisResult, AnalysisWarning
from exercise_tracker.analysis.warnings import WarningCode, WarningKind
from tests.factories import analysis_result

ENGINE = Path(__file__).resolve().parents[2] / "exercise_tracker" / "analysis"


def emitted_codes() -> dict[str, str]:
    """The first argument of every `AnalysisWarning(...)` in the engine: a literal or a member
    of WarningCode (anything else could not be checked, and is reported as such)."""
    found = {}
    for path in sorted(ENGINE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call) and getattr(node.func, "id", None) == "AnalysisWarning"
            ):
                continue
            argument = (
                node.args[0]
                if node.args
                else next((k.value for k in node.keywords if k.arg == "code"), None)
            )
            where = f"{path.name}:{node.lineno}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found[where] = argument.value
            elif (
                isinstance(argument, ast.Attribute)
                and getattr(argument.value, "id", "") == "WarningCode"
            ):
                found[where] = WarningCode[argument.attr].value
            else:
                found[where] = f"<not a literal: {ast.unparse(argument) if argument else None}>"
    return found


def test_the_engine_emits_warnings():
    assert len(set(emitted_codes().values())) >= 10  # the scan finds what it must check


def test_every_code_the_engine_emits_is_classified():
    unclassified = {
        where: code for where, code in emitted_codes().items() if WarningCode.known(code) is None
    }
    assert unclassified == {}


def test_every_code_is_about_the_recording_or_the_movement():
    assert {code.kind for code in WarningCode} == set(WarningKind)
    assert WarningCode.CAMERA_VIEW.kind is WarningKind.RECORDING
    assert WarningCode.TRUNK_LEAN.kind is WarningKind.MOVEMENT


def test_the_dictionary_form_reads_back_typed():
    data = analysis_result(reps=4, warnings=("asymmetry",))
    result = AnalysisResult.from_dict(data)
    assert result.rep_count == 4 and len(result.repetitions) == 4
    assert result.warnings[0] == AnalysisWarning("asymmetry", "Watch the asymmetry.")
    assert result.range_of_motion.sides[0].excursion == 80.0
    assert result.range_of_motion.target_range == (90.0, 175.0)
    again = result.to_dict()
    assert again["schema_version"] == SCHEMA_VERSION
    assert AnalysisResult.from_dict(again) == result


def test_a_reader_may_leave_out_the_per_frame_detail():
    data = analysis_result()
    for heavy in ("pose", "primary_angle", "evidence"):
        del data[heavy]
    result = AnalysisResult.from_dict(data)
    assert (result.pose, result.primary_angle, result.evidence) == ({}, None, {})


def test_a_newer_schema_is_refused():
    with pytest.raises(ValueError, match="newer"):
        AnalysisResult.from_dict({**analysis_result(), "schema_version": SCHEMA_VERSION + 1})


def test_every_form_check_a_motion_may_name_is_judged_and_warns_with_a_movement_code():
    from exercise_tracker.analysis.catalog import MOTIONS
    from exercise_tracker.analysis.form import FORM_CHECKS
    from exercise_tracker.analysis.motions.motion import FormCheck

    assert set(FORM_CHECKS) == set(FormCheck)
    for check in FormCheck:
        assert WarningCode(check.value).kind is WarningKind.MOVEMENT
    named = {check for motion in MOTIONS for check in motion.form_checks}
    assert named == set(FormCheck)  # none is defined without a motion that needs it
