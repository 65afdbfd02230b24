"""Session 21 (records21): the items session 20 left on records, exports and survey deliveries.

- An unclear date's problem described 03/04/2025 whatever raised it: a two-digit year (25-3-5) now gets its own
  example and fix (which part is the year), the code unchanged.
- The repeated-header scan's byte filter missed a header written again in another Unicode form (NFD-decomposed
  letters, compatibility ideographs of the supplement block).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError
from windoweval.records.totals import repeated_headers


def _tickets(ticket_at: str) -> pd.DataFrame:
    return pd.DataFrame({"ticket_id": ["A1"], "window_id": ["PW01"], "business_type": ["enquiry"],
                         "ticket_at": [ticket_at], "started_at": ["2027-01-01 00:00"],
                         "ended_at": ["2027-01-02 00:00"]})


@pytest.mark.parametrize("value,example_zh,example_en", [
    ("25-3-5", "25-3-5", "25-3-5"),
    ("05/03/25 09:00", "25-3-5", "two digits"),
    ("3/4/2025", "03/04/2025", "03/04/2025"),
    ("05.03.2025 09:00", "03/04/2025", "4 March or 3 April"),
])
def test_an_unclear_date_is_described_by_the_shape_that_raised_it(value, example_zh, example_en):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[2, value, "ambiguous_day_month"]]
    zh, en = p["problem_zh"].iloc[0], p["problem_en"].iloc[0]
    assert example_zh in zh and example_en in en
    two = not value.split(" ")[0][-4:].isdigit()
    assert ("两位" in zh) == two and ("two digits" in en) == two and ("四位年份" in zh) == two


@pytest.mark.parametrize("written", [
    "Cafe\u0301",                      # NFD: the accent a combining mark after its letter (macOS file names, some DBs)
    "CAFE\u0301",
    "\u0045\u0301tat",                 # an initial capital decomposed: É as E + U+0301
    "e\u0301tat",
    "\u1100\u1161\u11a8",               # Hangul 각 as its jamo
])
def test_a_header_written_again_in_nfd_is_found(written):
    import unicodedata
    head = unicodedata.normalize("NFC", written)
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", written, "y"]}, dtype="str")
    assert repeated_headers(["工单号", head], frame, np.array([2, 3, 4])).tolist() == [3]
    # and the header itself decomposed, the row composed
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", head, "y"]}, dtype="str")
    assert repeated_headers(["工单号", written], frame, np.array([2, 3, 4])).tolist() == [3]


def test_a_header_written_again_in_compatibility_ideographs_is_found():
    # U+2F8B6 is the compatibility form of 揄 (NFKC), U+2F9DF of 輸: a header in the supplement block's forms
    frame = pd.DataFrame({0: ["GD1", "工单号", "GD2"], 1: ["x", "\U0002f9df入", "y"], 2: ["a", "\U0001f210", "b"]},
                         dtype="str")
    import unicodedata
    heads = ["工单号", unicodedata.normalize("NFKC", "\U0002f9df入"), unicodedata.normalize("NFKC", "\U0001f210")]
    assert repeated_headers(heads, frame, np.array([2, 3, 4])).tolist() == [3]


def test_an_html_xls_over_the_stated_size_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A 1 GB web page saved as .xls was read whole (bytes, text, then every cell as text: ~9x its size at the
    peak); one over htmltable.MAX_BYTES is refused from its size, with the fix, before a byte is read."""
    from windoweval.errors import InputError
    from windoweval.records import htmltable
    from windoweval.records.io import read_tables
    from windoweval.survey.delivery import DeliveryError, read_delivery

    page = "<html><body><table><tr><td>工单号</td><td>窗口</td></tr>" + "<tr><td>GD1</td><td>PW01</td></tr>" * 200
    f = tmp_path / "工单.xls"
    f.write_text(page + "</table></body></html>", encoding="utf-8")
    assert len(read_tables(f)[0].frame) == 200                    # under the limit: read
    monkeypatch.setattr(htmltable, "MAX_BYTES", 1024)
    monkeypatch.setattr(htmltable, "STREAM_MAX_BYTES", 1024)   # records read streaming since records22: their limit
    with pytest.raises(InputError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "工单.xls" in msg
    assert "超过网页表格读取的上限" in msg and "CSV" in msg and "按月份" in msg and "split the export by month" in msg
    with pytest.raises(DeliveryError) as e:
        read_delivery(f.rename(tmp_path / "d.xls"), "power_hall")
    assert e.value.exit_code == 3 and "上限" in str(e.value) and "more than the 0.000977 MB" in str(e.value)


# ---- round thirteen: exports as real systems write them ----------------------------------------------------------

def _queue_dir(tmp_path, name, data: bytes, fname="queue_snapshots.csv"):
    from _workspace import write_workspace
    d = write_workspace(tmp_path / name, (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall")))
    (d / fname).write_bytes(data)
    return d


_CLEAN = "窗口编号,观测时间,排队人数\nPW01,2025-03-05 15:05:00,3\nPW02,2025-03-05 00:05:00,12\n"


@pytest.mark.parametrize("name,data,fname", [
    # 12-hour clocks as Chinese and English systems write them
    ("pm", "窗口编号,观测时间,排队人数\nPW01,2025/3/5 下午 3:05:00,3\nPW02,2025/3/5 12:05:00 AM,12\n".encode(),
     "queue_snapshots.csv"),
    # Excel's text mark written into a CSV: '12 is the number 12, 'PW01 the window PW01
    ("apostrophe", "窗口编号,观测时间,排队人数\n'PW01,2025-03-05 15:05:00,'3\nPW02,2025-03-05 00:05:00,'12\n".encode(),
     "queue_snapshots.csv"),
    # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    ("utf16", _CLEAN.replace(",", "\t").encode("utf-16"), "queue_snapshots.txt"),
])
def test_an_export_as_a_system_writes_it_reads_as_the_clean_file(tmp_path, name, data, fname):
    from windoweval.records import read_records
    want = read_records("queue_snapshots", _queue_dir(tmp_path, "clean", _CLEAN.encode()))
    got = read_records("queue_snapshots", _queue_dir(tmp_path, name, data, fname))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_excels_text_mark_comes_off_before_an_id_or_a_number_never_off_a_quoted_value():
    from windoweval.records.validate import _excel_text_mark
    s = pd.Series(["'000123", "'PW01'", "'", "''12"], dtype="string")
    assert _excel_text_mark(s, "[0-9A-Za-z]").tolist() == ["000123", "'PW01'", "'", "''12"]


@pytest.mark.parametrize("data,code_or_text", [
    # a weekday that is not the date's: which is right is not guessed
    ("窗口编号,观测时间,排队人数\nPW01,2025年3月5日 星期四,3\n".encode(), "星期"),
    # a total row with no label (blank key, the sum): named, with the drop fix
    ("窗口编号,观测时间,排队人数\nPW01,2025-03-05 09:00,3\nPW02,2025-03-05 09:00,2\n,,5\n".encode(), "drop"),
])
def test_an_export_row_that_cannot_be_read_as_written_is_refused_with_row_and_fix(tmp_path, data, code_or_text):
    from windoweval.records import read_records
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", _queue_dir(tmp_path, "x", data))
    p = e.value.problems
    assert e.value.exit_code == 3 and p["row"].notna().all() and p["column"].notna().all()
    said = p.reindex(columns=["problem_zh", "fix_zh"]).fillna("").astype(str).agg("".join, axis=1)
    assert said.str.contains(code_or_text).any()


def test_a_gbk_file_with_a_few_invalid_bytes_is_refused_naming_the_row_never_read_garbled(tmp_path):
    from windoweval.records import read_records
    from windoweval.records.io import ExportError
    data = ("窗口编号,观测时间,排队人数\nPW01,2025-03-05 09:00,3\n".encode("gbk") + "PW02,城西".encode("gbk")
            + b"\xff\xfe" + ",2025-03-05 09:00,2\n".encode("gbk"))
    with pytest.raises(ExportError) as e:
        read_records("queue_snapshots", _queue_dir(tmp_path, "gbk", data))
    assert e.value.exit_code == 3 and e.value.row == 3 and "encoding: gb18030" in str(e.value)


def test_an_xlsx_with_a_title_a_two_row_merged_header_hidden_rows_and_columns_and_a_filter_reads_as_the_clean_one(
        tmp_path):
    """Already right when checked (records21): pinned together, as a hall's system exports them."""
    import openpyxl

    from windoweval.records import read_records
    rows = [["PW01", "2025-03-05 09:00", 3], ["PW02", "2025-03-05 10:00", 2], ["PW01", "2025-03-05 11:00", 4]]
    clean = _queue_dir(tmp_path, "clean", b"", "keep.txt")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["窗口编号", "观测时间", "排队人数"])
    for r in rows:
        ws.append(r)
    wb.save(clean / "queue_snapshots.xlsx")
    real = _queue_dir(tmp_path, "real", b"", "keep.txt")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["排队快照", None, None, None])
    ws.merge_cells("A1:B1")
    ws.append(["窗口", None, "排队人数", "备注"])
    ws.merge_cells("A2:B2")
    ws.append(["窗口编号", "观测时间", None, "备注"])
    ws.merge_cells("C2:C3")
    for r in rows:
        ws.append(r + ["x"])
    ws.row_dimensions[5].hidden = True           # a record hidden by hand: read all the same
    ws.column_dimensions["D"].hidden = True
    ws.auto_filter.ref = "A3:D6"
    wb.save(real / "queue_snapshots.xlsx")
    pd.testing.assert_frame_equal(read_records("queue_snapshots", real), read_records("queue_snapshots", clean))
