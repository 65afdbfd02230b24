"""A workbook's time column formatted as dates alone (review42's find, session 42).

The workbook reader writes a date cell (formatted yyyy/m/d, no time) as its midnight, ``2025-01-05 00:00:00``: a
counter's 开始办理时间 and 办结时间 were equal and every limit in minutes met, in silence, where the CSV or Unicode text
of the same cells had been refused since export42 (``tests/test_export42_dates_alone.py``).  Now the workbook's
column of midnights alone is read as the dates its cells show and judged as written: refused where a time of day is
needed, with the fix; a midnight among times is kept."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from windoweval.records.contract import RecordsError
from windoweval.records.files import load_files

HEAD = ["票号", "窗口编号", "工号", "业务类型", "取号时间", "叫号时间", "开始办理时间", "办结时间"]


def _book(tmp_path, stamps, fmt):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEAD)
    for i, s in enumerate(stamps):
        ws.append([f"T{i}", "PW01", "S01", "resident_payment", *s])
    for row in ws.iter_rows(min_row=2):
        for c in row[4:]:
            c.number_format = fmt
    f = tmp_path / "counter_transactions.xlsx"
    wb.save(f)
    return f


def test_a_workbook_of_dates_alone_is_refused_not_read_as_midnights(tmp_path):
    days = [dt.datetime(2025, 1, 5), dt.datetime(2025, 1, 6), dt.datetime(2025, 1, 7)]
    f = _book(tmp_path, [[d] * 4 for d in days], "yyyy/m/d")
    with pytest.raises(RecordsError) as e:          # was: read, started_at == ended_at, every minute limit met
        load_files("counter_transactions", [f])
    p = e.value.problems
    got = p[p["code"] == "dates_alone"]
    assert set(got["column"]) == {"ticket_at", "called_at", "started_at", "ended_at"}
    assert got["value"].iloc[0] == "2025-01-05"
    assert "只有日期、没有时刻" in str(e.value) and "dates alone, no time of day" in str(e.value)


def test_a_workbook_with_its_times_is_read_and_a_midnight_among_them_kept(tmp_path):
    rows = [[dt.datetime(2025, 1, 5, 9, 0), dt.datetime(2025, 1, 5, 9, 2), dt.datetime(2025, 1, 5, 9, 2, 10),
             dt.datetime(2025, 1, 5, 9, 20)],
            [dt.datetime(2025, 1, 5, 23, 50), dt.datetime(2025, 1, 5, 23, 55), dt.datetime(2025, 1, 5, 23, 56),
             dt.datetime(2025, 1, 6, 0, 0)]]
    got = load_files("counter_transactions", [_book(tmp_path, rows, "yyyy-mm-dd hh:mm:ss")]).frame
    assert got["ended_at"].tolist() == [pd.Timestamp("2025-01-05 09:20"), pd.Timestamp("2025-01-06 00:00")]
