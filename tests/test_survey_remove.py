"""``windoweval survey remove``: a survey id taken out of the store as one commit.

Before, a store holding two survey ids for one instrument and year (filled before the import refused a second
id) could only be mended by editing ``surveys/manifest.json`` by hand, which is what the evaluation's message
told the user to do. The store now removes an id itself, under its lock, manifest first.
"""
import re
import shlex
from pathlib import Path

import pandas as pd
from _workspace import delivery_of_year
import pytest

from windoweval import evaluation
from windoweval.cli.survey import main
from windoweval.errors import EXIT_INPUT, InputError
from windoweval.survey import store as S
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _files(store_dir):
    root = S.store_root(store_dir)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.name not in (".lock", ".remoded"))   # claims46: the re-mode marker


def test_removing_one_id_keeps_the_others_byte_for_byte(tmp_path):
    S.import_delivery(delivery_of_year(DATA / "clean_utf8.csv", 2024, tmp_path / "in"), INS, 2024, survey="hall_2024",
                      store_dir=tmp_path)
    keep = {p: (S.store_root(tmp_path) / p).read_bytes() for p in _files(tmp_path) if p != "manifest.json"}
    S.import_delivery(DATA / "zero_weight.csv", INS, 2025, survey="hall_2025", store_dir=tmp_path)
    rows = S.load_responses("hall_2024", store_dir=tmp_path)
    gone = S.remove_survey("hall_2025", store_dir=tmp_path)
    assert gone["survey"].tolist() == ["hall_2025"] and gone["year"].tolist() == [2025]
    assert S.list_surveys(store_dir=tmp_path)["survey"].tolist() == ["hall_2024"]
    assert {p for p in _files(tmp_path) if p != "manifest.json"} == set(keep)      # its files gone, no others
    assert all((S.store_root(tmp_path) / p).read_bytes() == b for p, b in keep.items())
    pd.testing.assert_frame_equal(S.load_responses("hall_2024", store_dir=tmp_path), rows)


def test_an_unknown_id_is_refused_naming_the_ids_there(tmp_path, capsys):
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, store_dir=tmp_path)
    before = _files(tmp_path)
    with pytest.raises(InputError) as e:
        S.remove_survey("power_hall_2052", store_dir=tmp_path)
    assert e.value.exit_code == EXIT_INPUT and "power_hall_2025" in str(e.value)
    assert main(["survey", "remove", "power_hall_2052", "--store", str(tmp_path)]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "没有调查编号" in err and "no survey id" in err and "Traceback" not in err
    assert _files(tmp_path) == before


def test_the_evaluation_names_the_remove_command_and_it_mends_the_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(S, "_same_instrument_year", lambda *a, **k: [])   # a store filled before the refusal
    S.import_delivery(DATA / "zero_weight.csv", INS, 2025, survey="b_first", store_dir=tmp_path)
    S.import_delivery(DATA / "clean_utf8.csv", INS, 2025, survey="a_second", store_dir=tmp_path)
    monkeypatch.undo()
    with pytest.raises(InputError) as e:
        evaluation.survey_responses(2025, "power_hall", store_dir=tmp_path)
    msg = str(e.value)
    assert "manifest.json" not in msg
    cmd = re.search(r"`(windoweval survey remove [^`]+)`", msg).group(1)
    assert main(shlex.split(cmd)[1:]) == 0          # the command as the message gives it, run as written
    capsys.readouterr()
    got, where = evaluation.survey_responses(2025, "power_hall", store_dir=tmp_path)
    assert where == "store" and len(got) == len(S.load_responses("a_second", store_dir=tmp_path))


def test_survey_list_shows_what_remove_takes(tmp_path, capsys):
    store = ["--store", str(tmp_path)]
    assert main(["survey", "list", *store]) == 0
    assert "没有调查" in capsys.readouterr().out
    main(["survey", "import", str(DATA / "clean_utf8.csv"), "--instrument", "power_hall", "--year", "2025",
          "--survey", "hall_typo", *store])
    capsys.readouterr()
    assert main(["survey", "list", *store]) == 0
    out = capsys.readouterr().out
    assert "调查编号 survey" in out and "hall_typo" in out and "clean_utf8.csv" in out
    assert main(["survey", "remove", "hall_typo", *store]) == 0
    capsys.readouterr()
    main(["survey", "list", *store])
    assert "hall_typo" not in capsys.readouterr().out
