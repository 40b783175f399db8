"""A clinic's questionnaire folder: its instruments are served beside the shipped ones, and a
broken file makes the questionnaires unavailable (503, reason in the log and the CLI), never a
500 or a half-loaded set."""

import json

import pytest

CLINIC_INSTRUMENT = {
    "code": "clinic-back",
    "title": "Clinic back score",
    "items": [{"id": "a", "text": "A", "type": "integer", "min": 0, "max": 4, "scored": True}],
    "scoring": {"method": "sum"},
    "score_range": [0, 4],
    "better": "lower",
}


@pytest.fixture
def clinic_dir(tmp_path):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "clinic-back.json").write_text(json.dumps(CLINIC_INSTRUMENT))
    return folder


@pytest.fixture
def config_overrides(clinic_dir):
    return {"QUESTIONNAIRES_DIR": clinic_dir}


def test_the_clinic_instrument_is_listed_and_checked(app, client, patient):
    codes = {
        i["code"]
        for i in client.get("/api/v1/questionnaires/instruments", headers=patient.headers).json
    }
    assert {"clinic-back", "nprs", "koos-jr"} <= codes
    result = app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 0 and "clinic-back\tsum\tClinic back score" in result.output


def test_a_broken_file_makes_them_unavailable(app, client, patient, clinic_dir):
    (clinic_dir / "broken.json").write_text('{"code": "broken", "title": "x"}')
    response = client.get("/api/v1/questionnaires/instruments", headers=patient.headers)
    assert response.status_code == 503
    assert "broken.json" not in response.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["questionnaires", "check"])
    assert result.exit_code == 1 and "broken.json: missing 'scoring'" in result.output
