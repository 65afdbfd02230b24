"""A workbook of one sheet a wave (a quarter, a city) where one sheet has the header and no respondent.

It was read as "read" with no word, the wave's interviews missing from the delivery (a firm that forgot to paste
them): nothing told the client a quarter was empty. Now a warning names the empty sheet(s) and how many sheets were
read; the other sheets' respondents are read as before. Failed before (no warning).
"""
import pandas as pd
import pytest

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import load_instrument
from windoweval.survey.delivery import parse_delivery


@pytest.fixture(scope="module")
def base():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=6, seed=31,
                                  careless_share=0).drop(columns=["comment"])


@pytest.mark.parametrize("empty_at", [0, 2])
def test_an_empty_wave_sheet_is_named(base, tmp_path, empty_at):
    p = tmp_path / "waves.xlsx"
    parts = [base.iloc[:6], base.iloc[6:]]
    parts.insert(empty_at, base.iloc[:0])
    names = ["第一季度", "第二季度", "第三季度"]
    with pd.ExcelWriter(p) as w:
        for n, part in zip(names, parts):
            part.to_excel(w, sheet_name=n, index=False)
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert chk.errors.empty and len(chk.valid) == len(base)
    warn = chk.problems[chk.problems["code"] == "empty_sheet"]
    assert len(warn) == 1 and warn.iloc[0]["severity"] == "warning"
    assert f"「{names[empty_at]}」" in warn.iloc[0]["problem_zh"] and f"'{names[empty_at]}'" in warn.iloc[0]["problem_en"]
    assert "3 个工作表" in warn.iloc[0]["problem_zh"]


def test_no_warning_when_every_wave_has_respondents(base, tmp_path, capsys):
    p = tmp_path / "waves.xlsx"
    with pd.ExcelWriter(p) as w:
        base.iloc[:6].to_excel(w, sheet_name="1月", index=False)
        base.iloc[6:].to_excel(w, sheet_name="2月", index=False)
    rc = main(["survey", "check", str(p), "--instrument", "power_hall", "--year", "2025", "--no-screen"])
    assert rc == 0 and "empty_sheet" not in capsys.readouterr().out
    chk = parse_delivery(p, load_instrument("power_hall"), year=2025)
    assert chk.problems[chk.problems["code"] == "empty_sheet"].empty
