"""dates44: a workbook's date-time column read cell by cell from the cells' number formats.

A cell formatted to show a date alone (``yyyy-mm-dd``, ``yyyy/m/d``, ``m/d/yy``) holding a whole-day serial is a date
alone (``calendar.DATE_ONLY_NS``: its time lies anywhere in that day); a cell formatted with its time
(``yyyy-mm-dd hh:mm:ss``) holding a whole day is a written midnight.  Before, a column mixing the two was read as
midnights throughout (a repair "arrived" at 00:00 met its 45 minutes: a pass on a day alone), and a column of written
midnights was taken for dates alone."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import windoweval as we
from tests._workspace import HALL, write_workspace
from windoweval.calendar import date_only
from windoweval.records.contract import RecordsError
from windoweval.records.read import read_records

TIME = "yyyy-mm-dd hh:mm:ss"
D = dt.datetime


def _book(path, head, rows, formats):
    """A workbook of ``rows``; ``formats[(row, col)]`` (0-based in ``rows``) or TIME for each date-time cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(head)
    for i, r in enumerate(rows):
        ws.append(r)
        for j, v in enumerate(r):
            if isinstance(v, dt.datetime):
                ws.cell(row=i + 2, column=j + 1).number_format = formats.get((i, j), TIME)
    wb.save(path)
    return path


ORDERS = ["order_id", "window_id", "order_type", "received_at", "arrived_at", "completed_at"]
ROWS = [["a", "PW01", "fault_repair", D(2025, 6, 1, 10), D(2025, 6, 1, 10, 30), D(2025, 6, 1, 12)],   # met
        ["b", "PW01", "fault_repair", D(2025, 6, 1, 10), D(2025, 6, 1), D(2025, 6, 1)],              # that day: unknown
        ["c", "PW01", "fault_repair", D(2025, 6, 1, 10), D(2025, 6, 3), D(2025, 6, 3)],              # missed anyway
        ["d", "PW01", "fault_repair", D(2025, 6, 1), D(2025, 6, 1, 10), D(2025, 6, 1, 12)]]           # unknown
DAY_ALONE = {(1, 4): "yyyy/m/d", (1, 5): "yyyy-mm-dd", (2, 4): "m/d/yy", (2, 5): "yyyy/m/d", (3, 3): "yyyy-mm-dd"}


def _orders(tmp_path, formats=DAY_ALONE):
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "work_orders.xlsx", ORDERS, ROWS, formats)
    return d


def test_a_mixed_column_is_marked_cell_by_cell(tmp_path):
    df = read_records("work_orders", _orders(tmp_path)).set_index("order_id").loc[list("abcd")]
    assert date_only(df["arrived_at"]).tolist() == [False, True, True, False]
    assert date_only(df["received_at"]).tolist() == [False, False, False, True]
    assert df["arrived_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-01", "2025-06-01", "2025-06-03", "2025-06-01"]


def test_the_scorecard_never_passes_a_day_alone(tmp_path):
    card = we.score("power_window", 2025, data=_orders(tmp_path))
    r = card.results.set_index("measure").loc["power_window.10.2.5"]
    # a met, c missed, b and d missing evidence (as the CSV of the same cells, test_verdict43_date_only)
    assert (int(r["records"]), int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (4, 2, 1, 2)


def test_a_midnight_formatted_with_its_time_is_a_time(tmp_path):
    formats = {(1, 4): "yyyy-mm-dd hh:mm", (1, 5): TIME}
    rows = [list(r) for r in ROWS[:2]]
    rows[1][3] = D(2025, 5, 31, 23, 40)        # received 23:40, arrived at a written 00:00: within 45 minutes
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "work_orders.xlsx", ORDERS, rows, formats)
    df = read_records("work_orders", d).set_index("order_id").loc[["a", "b"]]
    assert not date_only(df["arrived_at"]).any()
    assert str(df["arrived_at"].iloc[1]) == "2025-06-01 00:00:00"


ATT = ["staff_id", "window_id", "shift_start", "arrived_at", "shift_end", "left_at"]


def _attendance(n=20):
    return [["S01", "PW01", D(2025, 6, k, 8, 30), D(2025, 6, k, 8, 10 + k % 10), D(2025, 6, k, 17, 30),
             D(2025, 6, k, 17, 40)] for k in range(2, 2 + n)]


def test_a_time_of_day_column_all_of_dates_alone_is_refused_as_the_csv_one(tmp_path):
    rows = _attendance()
    for r in rows:
        r[3] = D(r[3].year, r[3].month, r[3].day)
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "attendance.xlsx", ATT, rows, {(i, 3): "yyyy-mm-dd" for i in range(len(rows))})
    with pytest.raises(RecordsError) as e:
        read_records("attendance", d)
    got = e.value.problems
    got = got[got["code"] == "dates_alone"]
    assert got["column"].tolist() == ["arrived_at"] and got["value"].tolist() == ["2025-06-02"]
    assert "只有日期、没有时刻" in str(e.value) and "dates alone" in str(e.value)


def test_a_time_of_day_column_of_written_midnights_is_read(tmp_path):
    """Night-shift clock-ins all at a written 00:00 (formatted with the time): times, not dates alone."""
    rows = _attendance()
    for r in rows:
        r[3] = D(r[3].year, r[3].month, r[3].day)
    d = write_workspace(tmp_path / "data", HALL)
    _book(d / "attendance.xlsx", ATT, rows, {})
    df = read_records("attendance", d)
    assert len(df) == 20 and not date_only(df["arrived_at"]).any()
    assert (df["arrived_at"].dt.hour == 0).all()


def test_excel_s_built_in_date_format_is_a_date_alone(tmp_path):
    """Excel's default date cell uses the built-in format 14 (never written in styles.xml; openpyxl's mm-dd-yy)."""
    import zipfile

    d = _orders(tmp_path, {k: "mm-dd-yy" for k in DAY_ALONE})
    styles = zipfile.ZipFile(d / "work_orders.xlsx").read("xl/styles.xml").decode()
    assert 'numFmtId="14"' in styles and 'formatCode="mm-dd-yy"' not in styles
    df = read_records("work_orders", d).set_index("order_id").loc[list("abcd")]
    assert date_only(df["arrived_at"]).tolist() == [False, True, True, False]
