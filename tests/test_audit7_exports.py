"""No exported cell starts a formula, in any written form (fourth audit of issue 11): the small forms ``﹦﹫``,
which a spreadsheet folding compatibility forms reads as ``=`` and ``@``, and zero-width blanks before a sign, in
CSV and XLSX cells and headers."""
from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from windoweval.exports import neutralise, write_csv, write_xlsx

CELLS = ["﹦1+1", "﹫SUM(A1)", "﹦HYPERLINK(\"http://x\")", "\u200b=1+1", "\u2060+1", "\u200d@x", " ﹦1"]


@pytest.mark.parametrize("cell", CELLS)
def test_each_form_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_csv_and_xlsx_cells_and_headers_start_no_formula(tmp_path):
    df = pd.DataFrame({c: [c, "正常"] for c in CELLS})
    back = pd.read_csv(write_csv(df, tmp_path / "t.csv"), dtype=str, encoding="utf-8-sig")
    assert all(h.startswith("'") for h in back.columns)
    assert back.iloc[0].str.startswith("'").all() and (back.iloc[1] == "正常").all()
    x = pd.read_excel(write_xlsx({"t": df}, tmp_path / "t.xlsx"), sheet_name="t", dtype=str)
    assert all(h.startswith("'") for h in x.columns) and x.iloc[0].str.startswith("'").all()
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("cell", ["城东营业厅", "PW01", "2025-03-05", "95598", "\u200b城东", "1﹦1"])
def test_ordinary_text_stays(cell):
    assert neutralise(cell) == cell
