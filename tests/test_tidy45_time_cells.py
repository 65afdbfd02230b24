"""tidy45 (session 44's note, item 7): a column formatted with its time is known so wherever its cells come.

dates44 looked at the first 512 time-formatted cells of a sheet (``records.io._TIME_CELLS_SAMPLED``) to say which
columns are formatted with their time: a column whose first such cell came after them (a column filled late: the
arrival of the one repair still to be reached, after 300 rows of two time columns) was taken for one no format speaks
for, and its written midnight (00:00, formatted ``yyyy-mm-dd hh:mm:ss``) read as a date alone.  Now every column
of midnights alone that the sample did not reach is looked up in the sheet's XML
(``records.io._late_time_columns``): the sample can no longer misjudge a column; the XML is read again only then."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import openpyxl

from tests._workspace import HALL, write_workspace
from windoweval.calendar import date_only
from windoweval.records import io as rio
from windoweval.records.read import read_records

TIME = "yyyy-mm-dd hh:mm:ss"
D = dt.datetime
HEAD = ["order_id", "window_id", "order_type", "received_at", "arrived_at", "completed_at"]


def _book(path, n: int):
    """``n`` repairs received and completed (two time-formatted cells a row); only the last two with an arrival, at
    a written midnight, formatted with its time (a column of two or more midnights no format speaks for is read as
    dates: records.io._dates_as_shown)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i in range(n):
        last = i >= n - 2
        ws.append([f"r{i}", "PW01", "fault_repair", D(2025, 5, 31, 23, 40) if last else D(2025, 6, 1, 10),
                   D(2025, 6, 1) if last else None, D(2025, 6, 1, 2) if last else D(2025, 6, 1, 12)])
        for col in (4, 5, 6):
            if ws.cell(row=i + 2, column=col).value is not None:
                ws.cell(row=i + 2, column=col).number_format = TIME
    wb.save(path)
    return path


def test_a_late_time_column_keeps_its_written_midnight(tmp_path):
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "work_orders.xlsx", 400)               # 800 time cells before the arrival's
    df = read_records("work_orders", d).set_index("order_id")
    arrived = df.loc[["r398", "r399"], "arrived_at"]
    assert arrived.tolist() == [pd.Timestamp("2025-06-01 00:00:00")] * 2, arrived.tolist()
    assert not date_only(arrived.to_numpy().astype("datetime64[ns]").view(np.int64)).any()


def test_a_column_formatted_with_its_time_is_found_whatever_comes_first():
    cells = "".join(f'<row r="{r}"><c r="A{r}" s="2"><v>45800.5</v></c><c r="C{r}" s="2"><v>45800.25</v></c></row>'
                    for r in range(2, 2000))
    late = ('<row r="2000"><c r="B2000" s="2"><v>45800</v></c><c r="D2000" s="2"/><c r="E2000" s="2" t="s"><v>3</v>'
            '</c><c t="n" s="2" r="AA2000"><v>45801</v></c></row>')
    x = cells + late
    assert sorted(set(rio._date_cells(x, {"2": False})["col"])) == [1, 3]       # the sample: the first 512 cells
    found = [c for c in ("A", "B", "C", "D", "E", "AA", "F") if rio._time_cell_in(x, c, ["2"])]
    assert found == ["A", "B", "C", "AA"]          # D: an empty cell; E: text; F: none


def test_the_sheet_is_not_read_again_where_no_column_needs_it(tmp_path, monkeypatch):
    """A workbook whose time columns the sample reaches, or with no column of midnights alone: its XML read once."""
    looked = []
    monkeypatch.setattr(rio, "_time_cell_in", lambda *a: looked.append(a[1]) or False)
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "work_orders.xlsx", 20)
    read_records("work_orders", d)
    assert looked == []
