"""Round fourteen (records22): exports as real systems write them, each read into the frame of the clean file or
refused with file, row, column, value and fix (exit 3), never a value silently changed or dropped.

Seen and changed here: a trailing ``sep=,`` line (Excel's delimiter hint, which some tools write at the end) was
refused as a record with blank required values; a workbook's date cell before 1 March 1900 (Excel's serial 1-60,
counted with a 29 February 1900 that never was: 59.5 and 60.5 both read 1900-02-28 12:00) was read as a 1900
service record.  Pinned as already right: the other shapes below.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from windoweval.records.contract import RecordsError

_CLEAN = "窗口编号,观测时间,排队人数\nPW01,2025-03-05 15:05:00,3\nPW02,2025-03-05 00:05:00,12\n"


def _dir(tmp_path, name, data: bytes | None = None, fname="queue_snapshots.csv", mapping: str | None = None):
    from _workspace import write_workspace
    d = write_workspace(tmp_path / name, (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall")),
                        **({"mapping_file": "mapping.yaml"} if mapping else {}))
    if data is not None:
        (d / fname).write_bytes(data)
    if mapping:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def _read(d):
    from windoweval.records import read_records
    return read_records("queue_snapshots", d).reset_index(drop=True)


@pytest.mark.parametrize("name,data", [
    ("bom_trailing_sep", b"\xef\xbb\xbf" + _CLEAN.encode() + b"sep=,\n"),         # fails before records22
    ("trailing_sep_semicolon", _CLEAN.replace(",", ";").encode() + b"sep=;\r\n"),  # fails before records22
    ("excel_sep_first", ("sep=;\n" + _CLEAN.replace(",", ";")).encode()),
    ("bom_excel_sep_first", b"\xef\xbb\xbf" + ("sep=;\n" + _CLEAN.replace(",", ";")).encode()),
    ("dotted_dates", _CLEAN.replace("2025-03-05", "2025.3.5").encode()),
    ("slashes_no_seconds", _CLEAN.replace("2025-03-05", "2025/03/05").replace(":05:00", ":05").encode()),
    ("zero_second_fractions", _CLEAN.replace(":05:00,", ":05:00.000,").encode()),
    ("thousands_separator", _CLEAN.replace(",12\n", ",\"0,012\"\n").encode()),
    ("full_width_digits", _CLEAN.replace(",12\n", ",１２\n").replace(",3\n", ",３\n").encode()),
    ("wps_gb18030", _CLEAN.encode("gb18030")),
])
def test_an_export_as_a_system_writes_it_reads_as_the_clean_file(tmp_path, name, data):
    want = _read(_dir(tmp_path, "clean", _CLEAN.encode()))
    pd.testing.assert_frame_equal(_read(_dir(tmp_path, name, data)), want)


def test_a_trailing_sep_line_is_counted_among_the_blank_rows_never_a_record(tmp_path):
    from windoweval.records.files import load
    got = load("queue_snapshots", _dir(tmp_path, "x", _CLEAN.encode() + b"sep=,\n"))
    assert len(got.frame) == 2 and got.plans[0].blank_rows == 1
    # a sep= cell with a value beside it is a row like any other (its window listed by records check), never dropped
    got = load("queue_snapshots", _dir(tmp_path, "y", _CLEAN.encode() + b"sep=,2025-03-05 09:00,4\n"))
    assert got.frame["window_id"].tolist() == ["PW01", "PW02", "sep="] and got.plans[0].blank_rows == 0


def test_second_fractions_are_kept_as_written():
    from windoweval.records import validate
    frame = pd.DataFrame({"window_id": ["PW01"], "observed_at": ["2025-03-05 15:05:00.5"], "queue_length": ["3"]})
    got = validate(frame, "queue_snapshots", file="q.csv")
    assert got["observed_at"].iloc[0] == pd.Timestamp("2025-03-05 15:05:00.500")


def _book(path, rows, fmt=None, sheets=None):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for k, (title, head, body) in enumerate(sheets or [("Sheet", ["窗口编号", "观测时间", "排队人数"], rows)]):
        ws = wb.active if k == 0 else wb.create_sheet(title)
        ws.title = title
        ws.append(head)
        for r in body:
            ws.append(r)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
                cell.number_format = fmt
    wb.save(path)


def test_a_workbook_with_dates_as_text_in_some_rows_and_month_sheets_in_other_orders_reads_as_the_clean_file(tmp_path):
    want = _read(_dir(tmp_path, "clean", _CLEAN.encode()))
    d = _dir(tmp_path, "mixed")
    _book(d / "queue_snapshots.xlsx", [["PW01", dt.datetime(2025, 3, 5, 15, 5), 3], ["PW02", "2025-03-05 00:05:00", 12]])
    pd.testing.assert_frame_equal(_read(d), want)
    d = _dir(tmp_path, "months")
    _book(d / "queue_snapshots.xlsx", None, sheets=[
        ("3月", ["窗口编号", "观测时间", "排队人数"], [["PW01", dt.datetime(2025, 3, 5, 15, 5), 3]]),
        ("4月", ["排队人数", "窗口编号", "观测时间"], [[12, "PW02", dt.datetime(2025, 3, 5, 0, 5)]])])
    pd.testing.assert_frame_equal(_read(d), want)


@pytest.mark.parametrize("serials,fmt,codes", [
    # Excel's 1900-02-28 12:00 and its 29 February that never was (both read 1900-02-28 12:00 before)
    ([59.5, 60.5], "yyyy-mm-dd hh:mm", ["bad_date", "bad_date"]),
    # a time typed without its date, shown as a date-time: 15:04:59.998 (a time cell: read on today's date before)
    # and 1900-01-01 00:04:59.998
    ([0.6284722, 1.0034722], "yyyy-mm-dd hh:mm", ["time_without_date", "bad_date"]),
    ([59.5, 60.5], None, ["bad_date", "bad_date"]),   # the serials in General cells: no service record's day number
])
def test_a_workbook_date_before_march_1900_is_refused_with_its_row_never_read_as_1900(tmp_path, serials, fmt, codes):
    d = _dir(tmp_path, "x")
    _book(d / "queue_snapshots.xlsx", [["PW01", serials[0], 3], ["PW02", serials[1], 12]], fmt=fmt)
    with pytest.raises(RecordsError) as e:
        _read(d)
    p = e.value.problems.sort_values("row")
    assert e.value.exit_code == 3
    assert p[["row", "column", "code"]].values.tolist() == [[2, "observed_at", codes[0]], [3, "observed_at", codes[1]]]
    early = p[p["code"] == "bad_date"]
    if fmt:
        assert early["problem_en"].str.contains("1 March 1900").all()
        assert early["problem_zh"].str.contains("1900 年 3 月 1 日").all()


@pytest.mark.parametrize("value", ["15:04:59.998000", "15:04:59.998000 PM", "9:05:30.25"])
def test_a_time_with_second_fractions_and_no_date_is_refused_never_put_on_today(value):
    from windoweval.records import validate
    frame = pd.DataFrame({"window_id": ["PW01"], "observed_at": [value], "queue_length": ["3"]})
    with pytest.raises(RecordsError) as e:
        validate(frame, "queue_snapshots", file="q.csv")
    assert e.value.problems["code"].tolist() == ["time_without_date"]


def test_a_csv_date_in_1900_is_refused_the_same_way(tmp_path):
    with pytest.raises(RecordsError) as e:
        _read(_dir(tmp_path, "x", _CLEAN.replace("2025-03-05 15:05:00", "1900-02-28 15:05:00").encode()))
    assert e.value.problems[["row", "value", "code"]].values.tolist() == [[2, "1900-02-28 15:05:00", "bad_date"]]


def test_a_header_with_its_unit_in_brackets_is_refused_with_the_mapping_line_that_reads_it(tmp_path):
    """Already right: a unit in the header (排队人数（人）) is not assumed to be the contract's; the fix names the line,
    which, written as given, reads the file as the clean one."""
    import re
    data = _CLEAN.replace("排队人数", "排队人数（人）").encode()
    with pytest.raises(RecordsError) as e:
        _read(_dir(tmp_path, "x", data))
    p = e.value.problems
    assert p["code"].tolist() == ["missing_column"] and e.value.exit_code == 3
    line = re.search(r"`(排队人数（人）: queue_length)`", p["fix_en"].iloc[0]).group(1)
    got = _read(_dir(tmp_path, "y", data, mapping=f"queue_snapshots:\n  columns:\n    {line}\n"))
    pd.testing.assert_frame_equal(got, _read(_dir(tmp_path, "clean", _CLEAN.encode())))


# ---- a survey firm's delivery ------------------------------------------------------------------------------------

def _delivery(comments):
    import csv
    import io

    from windoweval.survey.instrument import load_instrument
    ins = load_instrument("power_hall")
    cols = ["respondent_id", "window_id", "interview_date", "stratum", "psu", "weight", *ins.coded_columns, "comment"]
    b = io.StringIO()
    w = csv.writer(b, lineterminator="\r\n")
    w.writerow(cols)
    for i, c in enumerate(comments):
        w.writerow([f"R{i}", "PW01", "2025-03-05", "s1", f"p{i % 3}", "1.5"] + ["4"] * len(ins.coded_columns) + [c])
    return b.getvalue(), ins


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_delivery_whose_free_text_holds_the_delimiter_newlines_and_four_byte_characters_reads_as_the_clean_one(
        tmp_path, encoding):
    """Already right (records22 checked): quoted answers holding commas, semicolons, tabs, quotes and line breaks,
    and GB18030's four-byte characters (𠮷, written by WPS), read as written; every other cell as the clean file's."""
    from windoweval.survey.delivery import read_delivery
    said = ["等候久,态度好", "第一行\n第二行;第三行", '他说"很快"', "1) 等候久;\n2) 态度好,\t下次再来", "𠮷野家旁边的营业厅"]
    clean, ins = _delivery(["好"] * len(said))
    dirty, _ = _delivery(said)
    (tmp_path / "c.csv").write_text(clean, encoding="utf-8")
    (tmp_path / "d.csv").write_text(dirty, encoding=encoding)
    a, b = read_delivery(tmp_path / "c.csv", ins), read_delivery(tmp_path / "d.csv", ins)
    assert b.frame["comment"].tolist() == said
    assert b.frame["line"].tolist() == [2, 3, 5, 6, 8]            # the line each respondent starts on
    pd.testing.assert_frame_equal(b.frame.drop(columns=["comment", "line"]), a.frame.drop(columns=["comment", "line"]))
