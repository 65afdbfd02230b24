"""survey38: an SPSS file whose value labels run the scale the other way (1 = 很满意 … 5 = 很不满意, the firm's
system coding from most satisfied down) was refused only when its labels were the instrument's very words
(1 = 非常满意).  Worded otherwise (很满意, 十分满意, 很好 … 很差, "5分 非常满意" on code 1, Very satisfied … in English
beside 非常满意 in the instrument: any wording the instrument does not use) it was read as coded, with no error and no
warning: every satisfied respondent counted dissatisfied, every figure turned around in silence.  Now the direction
of a question's value labels is told by their words of (dis)satisfaction -- the rule the instrument's own labels are
held to (instrument._polarity) -- and a file whose labels run against the instrument's scale is refused, naming the
variable, the labels and the fix, Chinese first, exit 3 on import; labels worded otherwise in the instrument's
direction (很不满意 … 很满意, 不太满意, 比较满意) still read as before."""
from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest

from windoweval.survey.delivery import parse_delivery
from windoweval.survey.instrument import load_instrument

from pathlib import Path

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
SAT = [c for c in INS.coded_columns if INS.question(c).labels == "satisfaction"]
AGR = [c for c in INS.coded_columns if INS.question(c).labels == "agreement"]


def _sav(tmp_path, labels: dict, reverse: bool, agree: dict | None = None):
    df = pd.read_csv(DATA / "clean_utf8.csv", dtype=str, keep_default_na=False)
    for c in INS.coded_columns:
        df[c] = df[c].astype(float)
        if reverse and (c in AGR if agree else c in SAT):
            df[c] = df[c].where(df[c] == 9, 6 - df[c])
    for c in ("weight", "duration_s"):
        df[c] = df[c].astype(float)
    p = tmp_path / "交付.sav"
    vl = {c: labels for c in SAT}
    if agree:
        vl.update({c: agree for c in AGR})
    pyreadstat.write_sav(df, str(p), variable_value_labels=vl)
    return p


REVERSED = {
    "很满意": {1: "很满意", 2: "比较满意", 3: "一般", 4: "不太满意", 5: "很不满意", 9: "不清楚"},
    "十分满意": {1: "十分满意", 2: "比较满意", 3: "一般", 4: "比较不满意", 5: "十分不满意"},
    "很好": {1: "很好", 2: "较好", 3: "一般", 4: "较差", 5: "很差"},
    "分": {1: "5分 非常满意", 5: "1分 非常不满意"},
}


@pytest.mark.parametrize("words", list(REVERSED))
def test_labels_reversed_in_other_words_are_refused(tmp_path, words):
    checked = parse_delivery(_sav(tmp_path, REVERSED[words], reverse=True), INS, year=2025, screen=False)
    bad = checked.errors[checked.errors.code == "label_mismatch"]
    assert not checked.file_ok                                       # before: file_ok, every answer turned around
    assert set(bad.column) == set(SAT) and bad.row.isna().all()
    zh, en = bad.problem_zh.iloc[0], bad.problem_en.iloc[0]
    label1 = REVERSED[words][1]
    assert f"1={label1}" in zh and "方向" in zh and "非常满意" in zh
    assert f"1={label1}" in en and "direction" in en
    assert "6 − 代码" in bad.fix_zh.iloc[0] and "6 - code" in bad.fix_en.iloc[0]


def test_agreement_labels_reversed_are_refused_too(tmp_path):
    agree = {1: "很同意", 2: "比较同意", 3: "一般", 4: "不太同意", 5: "很不同意"}
    sat = {1: "很不满意", 2: "不太满意", 3: "一般", 4: "比较满意", 5: "很满意"}
    checked = parse_delivery(_sav(tmp_path, sat, reverse=True, agree=agree), INS, year=2025, screen=False)
    assert set(checked.errors.loc[checked.errors.code == "label_mismatch", "column"]) == set(AGR)   # before: none
    assert not checked.file_ok


@pytest.mark.parametrize("labels", [
    {1: "很不满意", 2: "不太满意", 3: "一般", 4: "比较满意", 5: "很满意", 9: "不清楚"},
    {1: "很差", 2: "较差", 3: "一般", 4: "较好", 5: "很好"},
    {1: "1分 非常不满意", 5: "5分 非常满意"},
    {3: "一般", 9: "不适用"},                                     # no direction told: read as coded
])
def test_other_words_in_the_instruments_direction_still_read(tmp_path, labels):
    checked = parse_delivery(_sav(tmp_path, labels, reverse=False), INS, year=2025, screen=False)
    want = parse_delivery(DATA / "clean_utf8.csv", INS, year=2025, screen=False)
    assert checked.file_ok and len(checked.errors) == 0
    assert checked.responses[list(SAT)].equals(want.responses[list(SAT)])


def test_import_refuses_it_with_exit_3(tmp_path, capsys):
    from windoweval.cli import main

    p = _sav(tmp_path, REVERSED["很满意"], reverse=True)
    code = main(["survey", "import", str(p), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 3 and "很满意" in err and "Traceback" not in err
