"""survey44, as a firm: a window id written in another letter case than the workspace's (pw01 for PW01) was refused
as an unknown window, every such respondent with it (exit 1), though it names exactly one window; the full-width
ＰＷ０１ and a trailing space were read already.  Now it is read as the workspace's id and said once; two workspace
ids alike but for case leave it unknown."""
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
    b.to_csv(p, index=False)
    return p


def test_other_case_full_width_and_a_space_are_the_workspaces_window(tmp_path, capsys):
    p = _file(tmp_path, ["pw01", "Pw02", "ＰＷ０１", "PW02 "])
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--windows", "PW01,PW02"])
    out = capsys.readouterr().out
    assert rc == 0, out                                                 # before: exit 1, two rows unknown
    assert "pw01 -> PW01" in out and "Pw02 -> PW02" in out and "按清单中的编号读取" in out and "letter case" in out
    chk = parse_delivery(p, INS, year=2025, screen=False, windows=["PW01", "PW02"])
    assert chk.errors.empty and chk.valid.window_id.tolist()[:4] == ["PW01", "PW02", "PW01", "PW02"]
    assert (chk.problems.code == "window_case").sum() == 1


def test_two_windows_alike_but_for_case_leave_it_unknown(tmp_path):
    chk = parse_delivery(_file(tmp_path, ["pw01"]), INS, year=2025, screen=False, windows=["PW01", "Pw01", "PW02"])
    assert chk.errors.code.tolist() == ["unknown_window"] and chk.errors.value.tolist() == ["pw01"]
