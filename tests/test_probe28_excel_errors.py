"""probe28: a spreadsheet's error value in a delivery's cell (#N/A from a VLOOKUP that found nothing, #DIV/0! from a
weighting formula, #REF!, #VALUE!), as firms fill PSUs, strata and weights by formula.

Before, #N/A in a PSU, stratum, window or respondent id column was taken as the value itself: every respondent whose
lookup failed one PSU named "#N/A" (a cluster nobody drew, in the variance), one stratum, one window; in a weight it
was "weight is not a number", in an answer "neither a code nor a label", neither saying a formula failed.  Now such a
cell is refused with its own code (``excel_error``) in every fixed and coded column: the row refused, the message
naming the error value, what gives it and the fix (correct the formula or enter the value), Chinese first.
"""
from pathlib import Path

import pytest

from tests._workspace import clean_delivery
from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")


def _delivery(tmp_path, cells: dict, xlsx=False):
    """The clean delivery with ``cells`` written over it: as CSV text, or an XLSX whose cells are error cells as
    Excel saves them (t="e"), not text."""
    if not xlsx:
        return clean_delivery(tmp_path, cells, "errors.csv")
    import openpyxl

    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    rows = [x.split(",") for x in lines[1:]]
    for (i, col), v in cells.items():
        rows[i - 1][head.index(col)] = v
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for r in [head] + rows:
        ws.append(r)
    for (i, col), v in cells.items():
        c = ws.cell(row=i + 1, column=head.index(col) + 1)
        c.value, c.data_type = v, "e"
    p = tmp_path / "errors.xlsx"
    wb.save(p)
    return p


@pytest.mark.parametrize("xlsx", [False, True])
@pytest.mark.parametrize("col", ["psu", "stratum", "window_id", "respondent_id", "weight", "interview_date", "env1",
                                 "overall"])
@pytest.mark.parametrize("err", ["#N/A", "#DIV/0!", "#REF!"])
def test_a_spreadsheet_error_is_refused_naming_it(tmp_path, col, err, xlsx):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, col): err}, xlsx), INS, year=2025)
    assert chk.rejected_rows == [2]
    e = chk.errors[chk.errors["row"] == 2]
    assert e[["column", "code"]].values.tolist() == [[col, "excel_error"]], e[["column", "value", "code"]]
    assert e["value"].iloc[0] == err
    zh, en = e["problem_zh"].iloc[0], e["problem_en"].iloc[0]
    assert f"「{err}」" in zh and "公式" in zh and f"'{err}'" in en and "formula" in en
    assert e["fix_zh"].iloc[0] and "formula" in e["fix_en"].iloc[0]


def test_the_rows_psus_are_not_one_psu_named_by_the_error(tmp_path):
    chk = D.parse_delivery(_delivery(tmp_path, {(1, "psu"): "#N/A", (2, "psu"): "#N/A"}), INS, year=2025)
    assert "#N/A" not in set(chk.valid["psu"].dropna())
    assert chk.rejected_rows == [2, 3]
