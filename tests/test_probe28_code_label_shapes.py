"""probe28: an answer written as a label with its code, as survey firms' systems and interviewers write it.

Before, only the code written first (``5 非常满意``, ``4=满意``: SPSS's "values and labels") was read; the label
written first with its code in brackets (``满意(4)``, ``满意（4）``, ``非常满意(5分)``) or the code in brackets first
(``[5]非常满意``, ``【5】非常满意``) was "neither a numeric code nor a label" and the whole respondent was refused.
Now every such shape is read the one way the code-first one is: a code and a label that agree with the question's
options are that code, with one warning per spelling naming its columns and rows (as the delivery shows them: a
workbook of a sheet a month names ``2月!3``, never the internal row key); a code and a label that disagree
(``满意(5)``: 满意 is 4) are refused with the row, column, value and the fix, never guessed.
"""
from pathlib import Path

import numpy as np
import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, cells: dict, name="shapes.csv"):
    return clean_delivery(tmp_path, cells, name)


@pytest.mark.parametrize("text, code", [
    ("满意(4)", 4), ("满意（4）", 4), ("[5]非常满意", 5), ("【5】非常满意", 5), ("(5)非常满意", 5),
    ("5-非常满意", 5), ("5 非常满意", 5), ("非常满意(5分)", 5), ("非常满意（5分）", 5), ("5分 非常满意", 5),
    ("非常满意=5", 5), ("一般 3", 3), ("不满意[2]", 2), ("不清楚(9)", 9), ("Satisfied (4)", 4),
])
def test_a_label_with_its_code_that_agree_is_that_code(tmp_path, text, code):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): text, (4, "env1"): text}), INS, year=2025)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]]
    assert chk.rejected_rows == []
    got = chk.responses.set_index("row")
    assert got.loc[2, "env1"] == code and got.loc[5, "env1"] == code
    w = chk.problems[chk.problems["code"] == "code_label_read"]
    assert len(w) == 1 and (w["severity"] == "warning").all()   # once per spelling, its rows named
    assert f"读作代码 {code}" in w["problem_zh"].iloc[0] and f"read as code {code}" in w["problem_en"].iloc[0]
    assert "第 2, 5 行" in w["problem_zh"].iloc[0] and "rows 2, 5" in w["problem_en"].iloc[0]


@pytest.mark.parametrize("text, said, means", [
    ("满意(5)", 5, 4), ("满意（5）", 5, 4), ("[4]非常满意", 4, 5), ("非常满意(4分)", 4, 5), ("不清楚(3)", 3, 9),
])
def test_a_label_and_a_code_that_disagree_are_refused_never_guessed(tmp_path, text, said, means):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): text}), INS, year=2025)
    e = chk.errors
    assert e[["row", "column", "code"]].values.tolist() == [[2, "env1", "code_label_mismatch"]]
    assert chk.rejected_rows == [2]
    assert f"代码是 {means}，不是 {said}" in e["problem_zh"].iloc[0]
    assert f"is code {means}, not {said}" in e["problem_en"].iloc[0]
    assert e["fix_zh"].iloc[0] and e["fix_en"].iloc[0]
    assert not (chk.problems["code"] == "code_label_read").any()


@pytest.mark.parametrize("text", ["很满意(5)", "5/满意", "满意(4)(5)", "(5)", "满意()", "满意(4"])
def test_other_text_with_a_number_is_still_refused(tmp_path, text):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "env1"): text}), INS, year=2025)
    assert chk.rejected_rows == [2], chk.problems[["row", "column", "value", "code"]]
    assert chk.errors["code"].iloc[0] in {"non_numeric", "code_label_mismatch"}


def test_an_agreement_question_reads_its_own_labels_with_codes(tmp_path):
    # staff3 is an agree/disagree question: 同意(4) is its 4; 满意(4), another scale's label, is not read
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "staff3"): "同意(4)", (2, "staff3"): "满意(4)"}), INS,
                           year=2025)
    assert chk.responses.set_index("row").loc[2, "staff3"] == 4
    assert chk.rejected_rows == [3]


def test_a_workbook_of_a_sheet_a_month_names_the_sheets_rows(tmp_path):
    import csv

    import openpyxl

    rows = list(csv.reader((DATA / "clean_utf8.csv").open(encoding="utf-8")))
    env1 = rows[0].index("env1")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "1月"
    for r in [rows[0]] + rows[1:7]:
        ws.append(r)
    ws2 = wb.create_sheet("2月")
    later = [list(r) for r in rows[7:]]
    later[1][env1] = "满意(4)"     # 2月, its row 3
    later[2][env1] = "非常满意"    # 2月, its row 4
    for r in [rows[0]] + later:
        ws2.append(r)
    p = tmp_path / "months.xlsx"
    wb.save(p)
    chk = D.parse_delivery(p, INS, year=2025)
    assert chk.errors.empty
    for code, row in (("code_label_read", "2月!3"), ("label_mapped", "2月!4")):
        w = chk.problems[chk.problems["code"] == code]
        assert len(w) == 1
        assert f"第 {row} 行" in w["problem_zh"].iloc[0] and f"rows {row}" in w["problem_en"].iloc[0]
        assert "10000" not in w["problem_zh"].iloc[0]
    got = chk.valid
    assert np.isin([4.0, 5.0], got["env1"].to_numpy()).all()


def test_a_code_and_label_sheet_agree_with_a_label_written_with_its_code(tmp_path):
    # two sheets of the same answers, one in codes, one in labels with codes: read as the checks read them (agree)
    import csv

    import openpyxl

    rows = list(csv.reader((DATA / "clean_utf8.csv").open(encoding="utf-8")))
    env1 = rows[0].index("env1")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "代码"
    for r in rows:
        ws.append(r)
    ws2 = wb.create_sheet("标签")
    labelled = [list(r) for r in rows]
    for r in labelled[1:]:
        r[env1] = {"1": "非常不满意(1)", "2": "不满意(2)", "3": "一般(3)", "4": "满意(4)", "5": "非常满意(5)",
                   "9": "不清楚(9)"}[r[env1]]
    for r in labelled:
        ws2.append(r)
    p = tmp_path / "two_sheets.xlsx"
    wb.save(p)
    chk = D.parse_delivery(p, INS, year=2025)
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]]
    assert chk.delivery.sheets["代码"] == "read"
