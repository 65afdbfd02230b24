"""safety24 hostile round: a spreadsheet formula after a leading space, tab, CR or LF, or written with a full-width
sign (＝ ＋ － ＠), in every writer a table for people goes through: the CSV and XLSX exports (the report's, the
complaints' and the score command's tables: :func:`windoweval.exports.write_csv`, :func:`~windoweval.exports.write_xlsx`),
the missed-records listing, and the survey commands' tables (:func:`windoweval.cells.people_frame`).  Each must
reach the file as text (a leading ``'``), never as a formula; the personal-data forms of this round are cases of
tests/cases/privacy/masking.yaml."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from windoweval.cells import people_frame
from windoweval.exports import write_csv, write_missed, write_xlsx

FORMS = [" =1+1", "  =HYPERLINK(\"http://x\")", "\t=1+1", "\r=1+1", "\n=1+1", "\r\n+1", " +1", " -1", " @SUM(A1)",
         "＝1+1", "＋1", "－1", "＠SUM(A1)", "\u3000＝1", "\u00a0=1", "\u200b＋1", "\ufeff=1"]


def _cells(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [c for row in list(csv.reader(fh))[1:] for c in row]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"window_id": ["PW01"] * len(FORMS), "note": FORMS})


def test_write_csv_quotes_every_form(tmp_path):
    f = write_csv(_frame(), tmp_path / "t.csv")
    notes = _cells(f)[1::2]
    assert notes == ["'" + v for v in FORMS]


def test_write_xlsx_writes_every_form_as_text(tmp_path):
    f = write_xlsx({"t": _frame()}, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(f).active
    got = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(got) == len(FORMS)
    for v, cell in zip(FORMS, got):
        assert isinstance(cell, str) and cell.startswith("'"), (v, cell)
    for row in ws.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)


def test_missed_listing_quotes_every_form(tmp_path):
    write_missed([pd.DataFrame({"order_id": [f"WO{i}" for i in range(len(FORMS))], "measure": "m", "note": FORMS})],
                 tmp_path, "x")
    listing = sorted(tmp_path.glob("x_missed*.csv"))
    assert listing
    cells = [c for f in listing for c in _cells(f)]
    for v in FORMS:
        assert "'" + v in cells and v not in cells, v


@pytest.mark.parametrize("v", FORMS)
def test_people_frame_quotes_every_form(v):
    got = people_frame(pd.DataFrame({"comment": [v], "n": [1]}))
    assert got["comment"].iloc[0] == "'" + v
