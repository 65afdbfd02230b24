"""A design column (weight, stratum, PSU) delivered under a misspelled name: the fix says what the column is for and
what the estimates lose without it, both languages (survey48).

Before: the fix said only "rename 'wieght' to 'weight'", so a firm could not tell whether the column mattered, nor
that writing 1 in every row makes the estimates unweighted.  An answer column's fix is the rename alone, as before.
"""
from pathlib import Path

import pytest

from windoweval.cli.survey import main
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _renamed(tmp_path, old, new):
    text = (DATA / "clean_utf8.csv").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    cols = head.split(",")
    assert old in cols
    p = tmp_path / f"{new}.csv"
    p.write_text(",".join(new if c == old else c for c in cols) + "\n" + rest, encoding="utf-8")
    return p


@pytest.mark.parametrize("col, typo, zh, en", [
    ("weight", "wieght", ["抽样权重", "交付被拒", "整列填 1", "不加权"],
     ["sampling weight", "delivery is refused", "writes 1 in every row", "unweighted"]),
    ("stratum", "stratun", ["抽样层", "交付被拒", "整列填同一个值", "不分层"],
     ["sampling stratum", "delivery is refused", "one value in every row", "unstratified"]),
    ("psu", "pus", ["初级抽样单元", "交付被拒", "受访者编号", "标准误偏小"],
     ["primary sampling unit", "delivery is refused", "respondent id", "too small"]),
])
def test_a_misspelled_design_column_says_what_it_is_for(tmp_path, col, typo, zh, en):
    p = D.check_delivery(_renamed(tmp_path, col, typo), INS, year=2025)
    m = p[(p["code"] == "misspelled_column") & (p["column"] == col)]
    assert len(m) == 1
    fz, fe = m["fix_zh"].item(), m["fix_en"].item()
    assert fz.startswith(f"请把列 '{typo}' 改名为 '{col}' 后重新交付") and fe.startswith(
        f"rename the column '{typo}' to '{col}' and deliver again")
    for w in zh:
        assert w in fz, (w, fz)
    for w in en:
        assert w in fe, (w, fe)


def test_an_answer_column_keeps_the_rename_alone():
    p = D.check_delivery(DATA / "misspelled_column.csv", INS, year=2025)
    o = p[(p["code"] == "misspelled_column") & (p["column"] == "overall")]
    assert o["fix_zh"].item() == "请把列 'overal' 改名为 'overall' 后重新交付；若它不是这一列，请在表头加上 'overall' 列"


def test_survey_check_prints_the_role_in_one_line(capsys):
    rc = main(["survey", "check", str(DATA / "misspelled_column.csv"), "--instrument", "power_hall",
               "--year", "2025"])
    out = capsys.readouterr().out
    assert rc == 1
    line = next(s for s in out.splitlines() if "列 column weight " in s)
    assert "不加权" in line and "unweighted" in line
    assert line.index("不加权") < line.index("unweighted")


def test_the_delivery_without_the_column_is_refused_as_the_fix_says(tmp_path, capsys):
    """'without the column the delivery is refused': the import of the misspelled file exits 3, nothing stored."""
    rc = main(["survey", "import", str(DATA / "misspelled_column.csv"), "--instrument", "power_hall",
               "--year", "2025", "--store", str(tmp_path / "store")])
    capsys.readouterr()
    assert rc == 3
