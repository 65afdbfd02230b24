"""nps45b: a window id with a space inside (``PW 01``, ``PW　01`` with an ideographic space, ``ｐｗ 01``) was refused as
an unknown window ("did you mean PW01?"), every such respondent with it, though it names exactly one window, while
``pw01`` was read with a warning (survey44).  It is now read the same way where exactly one workspace id matches once
spaces are removed (full-width letters and digits folded, letter case ignored), with the same warning; where two
match (PW01 and PW 01 both in the workspace's list) it stays unknown, refused as before."""
import pandas as pd

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

INS = load_instrument("power_hall")


def _file(tmp_path, spellings):
    b = demo.generate_delivery(INS, 2025, ["PW01", "PW02"], n_per_window=4, seed=3, careless_share=0).astype(str)
    for i, w in enumerate(spellings):
        b.loc[i, "window_id"] = w
    p = tmp_path / "d.csv"
    b.to_csv(p, index=False, encoding="utf-8")
    return p


def test_a_space_inside_a_window_id_is_the_workspaces_window(tmp_path, capsys):
    p = _file(tmp_path, ["PW 01", "PW\u300002", "ｐｗ 01", "pw01"])
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--windows", "PW01,PW02"])
    out = capsys.readouterr().out
    assert rc == 0, out                                               # before: exit 1, "did you mean PW01?"
    assert "PW 01 -> PW01" in out and "按清单中的编号读取" in out and "spaces" in out
    assert "did you mean" not in out
    chk = parse_delivery(p, INS, year=2025, screen=False, windows=["PW01", "PW02"])
    assert chk.errors.empty and chk.valid.window_id.tolist()[:4] == ["PW01", "PW02", "PW01", "PW01"]
    warn = chk.problems[chk.problems.code == "window_case"]
    assert len(warn) == 1 and warn.severity.tolist() == ["warning"]   # said once, for every spelling
    assert "PW 01 -> PW01" in warn.value.iloc[0] and "pw01 -> PW01" in warn.value.iloc[0]


def test_two_windows_alike_but_for_a_space_leave_it_unknown(tmp_path):
    chk = parse_delivery(_file(tmp_path, ["P W01"]), INS, year=2025, screen=False,
                         windows=["PW01", "PW 01", "PW02"])
    assert chk.errors.code.tolist() == ["unknown_window"] and chk.errors.value.tolist() == ["P W01"]


def test_a_space_and_other_case_matching_two_ids_is_refused(tmp_path):
    chk = parse_delivery(_file(tmp_path, ["pw 01"]), INS, year=2025, screen=False, windows=["PW01", "pw01", "PW02"])
    assert chk.errors.code.tolist() == ["unknown_window"] and chk.errors.value.tolist() == ["pw 01"]
