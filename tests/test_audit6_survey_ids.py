"""Two surveys of one instrument and year under different survey ids.

The year's evaluation reads one survey per instrument and year (``evaluation.survey_responses``); with two
ids in the store it silently took the first in id order. Now the import refuses the second id, naming the
survey already there and the command that replaces its delivery instead (exit 3, input refused), and a
store filled before this refusal makes the evaluation stop with both ids named rather than guess.
"""
from pathlib import Path

import pytest
from _workspace import delivery_of_year

from windoweval import evaluation
from windoweval.cli.survey import main
from windoweval.errors import EXIT_INPUT, InputError
from windoweval.survey import store as S
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def snapshot(store_dir):
    root = S.store_root(store_dir)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def test_a_second_survey_id_for_the_same_instrument_and_year_is_refused(tmp_path):
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(S.SurveyExists) as e:
        S.import_delivery(DATA / "zero_weight.csv", INS, 2025, survey="hall_2025_wave2", store_dir=tmp_path)
    msg = str(e.value)
    assert e.value.exit_code == EXIT_INPUT and e.value.existing == "power_hall_2025"
    assert "--survey power_hall_2025 --replace" in msg and "hall_2025_wave2" in msg
    zh, en = msg.split(" / ", 1)
    assert "已在数据仓中" in zh and "already in the store" in en          # Chinese first, English alongside
    assert snapshot(tmp_path) == before                                    # nothing written
    # the fix it names works, and another year or instrument stays free to take its own id
    r = S.import_delivery(DATA / "zero_weight.csv", INS, 2025, survey="power_hall_2025", replace=True,
                          store_dir=tmp_path).iloc[0]
    assert r["status"] == "replaced"
    assert S.import_delivery(delivery_of_year(DATA / "clean_utf8.csv", 2024, tmp_path / "in"), INS, 2024,
                             survey="hall_2024", store_dir=tmp_path).iloc[0]["status"] == "imported"


def test_the_command_line_refuses_with_exit_3_and_no_traceback(tmp_path, capsys):
    base = ["--instrument", "power_hall", "--year", "2025", "--store", str(tmp_path)]
    assert main(["survey", "import", str(DATA / "clean_utf8.csv"), *base]) == 0
    capsys.readouterr()
    assert main(["survey", "import", str(DATA / "zero_weight.csv"), *base, "--survey", "other_id"]) == 3
    err = capsys.readouterr().err
    assert "power_hall_2025" in err and "--replace" in err and "Traceback" not in err
    assert len(S.list_surveys(store_dir=tmp_path)) == 1


def test_an_evaluation_of_a_store_with_two_ids_refuses_to_guess(tmp_path, monkeypatch):
    # a store filled before the import refused a second id
    monkeypatch.setattr(S, "_same_instrument_year", lambda *a, **k: [])
    S.import_delivery(DATA / "zero_weight.csv", INS, 2025, survey="b_first_delivery", store_dir=tmp_path)
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, survey="a_second", store_dir=tmp_path)
    monkeypatch.undo()
    with pytest.raises(InputError) as e:
        evaluation.survey_responses(2025, "power_hall", store_dir=tmp_path)
    msg = str(e.value)
    assert e.value.exit_code == EXIT_INPUT
    assert "a_second" in msg and "b_first_delivery" in msg and "--replace" in msg
    assert msg.index("无法确定") < msg.index("cannot tell")
    got, where = evaluation.survey_responses(2024, "power_hall", store_dir=tmp_path)
    assert got is None and where == ""
