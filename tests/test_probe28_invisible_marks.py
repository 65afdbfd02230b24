"""probe28: a byte-order mark or a zero-width space inside a delivery's cell (a value pasted from a web page or a
UTF-8 text into an XLSX cell, or a CSV joined from several UTF-8 files, each with its BOM), as survey firms' files
carry them.

Before, an answer ``\\ufeff4`` or ``4\\u200b`` was "neither a numeric code nor a label" and the respondent refused;
a respondent id ``\\ufeff000123`` was kept with the mark (an id that looks like 000123 but is not: a second delivery's
000123 is no duplicate of it) and a window id ``\\ufeffPW01`` was not the workspace's PW01.  Now the characters nobody
sees (cells.INVISIBLE: BOM, zero-width spaces and joiners, direction marks) are taken out of every checked cell, as
records take them out of headers; what is left is read as any other cell.
"""
from pathlib import Path

import pytest

from windoweval.survey import delivery as D
from windoweval.survey.instrument import load_instrument

DATA = Path(__file__).parent / "data" / "survey"
INS = load_instrument("power_hall")
MARKS = ["\ufeff", "\u200b", "\u200e", "\u2060"]


def _rows():
    lines = (DATA / "clean_utf8.csv").read_text(encoding="utf-8").splitlines()
    return lines[0].split(","), [x.split(",") for x in lines[1:]]


def _marked(mark):
    head, rows = _rows()
    rows[0][head.index("respondent_id")] = mark + rows[0][head.index("respondent_id")]
    rows[0][head.index("window_id")] = mark + rows[0][head.index("window_id")]
    rows[0][head.index("env1")] = "4" + mark
    rows[1][head.index("weight")] = mark + rows[1][head.index("weight")]
    rows[2][head.index("env2")] = mark + "满意"
    rows[3][head.index("interview_date")] = mark + rows[3][head.index("interview_date")]
    return head, rows


def _check(chk, head, rows):
    assert chk.errors.empty, chk.errors[["row", "column", "value", "code"]]
    got = chk.responses.set_index("row")
    clean_id = _rows()[1][0][head.index("respondent_id")]
    assert got.loc[2, "respondent_id"] == clean_id and got.loc[2, "window_id"] == _rows()[1][0][head.index("window_id")]
    assert got.loc[2, "env1"] == 4 and got.loc[4, "env2"] == 4
    assert got.loc[3, "weight"] == float(_rows()[1][1][head.index("weight")])
    assert str(got.loc[5, "interview_date"])[:10] == _rows()[1][3][head.index("interview_date")]


@pytest.mark.parametrize("mark", MARKS)
def test_marks_nobody_sees_in_a_csv_cell_are_taken_out(tmp_path, mark):
    head, rows = _marked(mark)
    p = tmp_path / "marks.csv"
    p.write_text("\n".join(",".join(r) for r in [head] + rows) + "\n", encoding="utf-8")
    _check(D.parse_delivery(p, INS, year=2025, windows={"PW01", "PW02", "PW03", "PW04"}), head, rows)


def test_a_bom_inside_an_xlsx_cell_is_taken_out(tmp_path):
    import openpyxl

    head, rows = _marked("\ufeff")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for r in [head] + rows:
        ws.append(r)
    p = tmp_path / "marks.xlsx"
    wb.save(p)
    _check(D.parse_delivery(p, INS, year=2025, windows={"PW01", "PW02", "PW03", "PW04"}), head, rows)
