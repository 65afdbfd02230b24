"""Session 22 (records22): the items session 21 left on records, exports and survey deliveries.

- A year of three digits (225-3-5, 5/3/225) got the generic "not a valid date" example or the two-digit year's
  (25-3-5: 2025 or 2005?): each now gets its own example and fix (a digit lost; a four-digit year first).
- An unlabelled total row (blank key, sums) got a ``drop`` fix no mapping could write for a blank key.
- An HTML .xls was held whole (bytes, text, every cell) before a row was handed on: now read streaming.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def _tickets(*ticket_at: str) -> pd.DataFrame:
    n = len(ticket_at)
    return pd.DataFrame({"ticket_id": [f"A{i}" for i in range(n)], "window_id": ["PW01"] * n,
                         "business_type": ["enquiry"] * n, "ticket_at": list(ticket_at),
                         "started_at": ["2027-01-01 00:00"] * n, "ended_at": ["2027-01-02 00:00"] * n})


@pytest.mark.parametrize("value", ["225-3-5", "225-03-05 09:00", "225/3/5", "225年3月5日 9:00", "5/3/225",
                                   "05.03.225 09:00", "２２５-3-5"])
def test_a_three_digit_year_is_described_as_one(value):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value, "2025-03-05 09:00"), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[2, value, "bad_date"]]
    zh, en, fix = p["problem_zh"].iloc[0], p["problem_en"].iloc[0], p["fix_zh"].fillna("").iloc[0]
    assert "三位" in zh and "three digits" in en and "225-3-5" in en and "四位年份" in zh + fix
    assert "两位" not in zh and "two digits" not in en and "25 March 2005" not in en


@pytest.mark.parametrize("value,two", [("25-3-5", True), ("05/03/25 09:00", True), ("3/4/2025", False)])
def test_two_digit_and_four_digit_years_keep_their_own_descriptions(value, two):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value), "counter_transactions", file="c.csv")
    p = e.value.problems
    assert p["code"].tolist() == ["ambiguous_day_month"]
    assert ("two digits" in p["problem_en"].iloc[0]) == two and "three digits" not in p["problem_en"].iloc[0]


# ---- an unlabelled total row: the fix in the message, applied as written, works ---------------------------------

_H = "窗口编号,观测时间,排队人数\n"


def _queue_dir(tmp_path, name, data: bytes, mapping: str | None = None, fname="queue_snapshots.csv"):
    from _workspace import write_workspace
    d = write_workspace(tmp_path / name, (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall")),
                        **({"mapping_file": "mapping.yaml"} if mapping else {}))
    (d / fname).write_bytes(data)
    if mapping:
        (d / "mapping.yaml").write_text(mapping, encoding="utf-8")
    return d


def _refused(d):
    from windoweval.records import read_records
    with pytest.raises(RecordsError) as e:
        read_records("queue_snapshots", d)
    assert e.value.exit_code == 3
    return e.value.problems


@pytest.mark.parametrize("body,total_rows", [
    ("PW01,2025-03-05 09:00,3\nPW02,2025-03-05 09:00,2\n,,5\n", [4]),                      # the sum at the foot
    ("PW01,2025-03-05 09:00,3\nPW02,2025-03-05 09:00,2\n,,5\n"                          # a subtotal per block
     "PW01,2025-03-05 10:00,1\nPW02,2025-03-05 10:00,1\n,,2\n,,7\n", [4, 7, 8]),
    ("PW01,2025-03-05 09:00,1,200\nPW02,2025-03-05 09:00,300\n,,\"1,500\"\n", [4]),       # written with a thousands comma
])
def test_an_unlabelled_total_row_is_named_and_its_fix_applied_as_written_works(tmp_path, body, total_rows):
    import re

    from windoweval.records import read_records
    body = body.replace("1,200\n", "\"1,200\"\n")
    p = _refused(_queue_dir(tmp_path, "x", (_H + body).encode()))
    t = p[p["code"] == "totals_row"]
    assert t["row"].tolist() == total_rows and (t["column"] == "排队人数").all()
    fix = t["fix_en"].iloc[0]
    entry = re.search(r"`(drop: \{.*?\})`", fix).group(1)
    assert entry == 'drop: {窗口编号: [""]}' and entry in t["fix_zh"].iloc[0]
    # the entry as the message writes it, put under the kind in mapping.yaml: the records read, the totals skipped
    d = _queue_dir(tmp_path, "fixed", (_H + body).encode(), mapping=f"queue_snapshots:\n  {entry}\n")
    got = read_records("queue_snapshots", d)
    clean = "".join(line + "\n" for line in body.splitlines() if not line.startswith(","))
    want = read_records("queue_snapshots", _queue_dir(tmp_path, "clean", (_H + clean).encode()))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))


def test_a_blank_drop_entry_counts_the_rows_it_skips(tmp_path):
    """mapping.yaml is read with every scalar as written (``null`` is the text null): only "" or '' is a blank."""
    from windoweval.records.files import load
    body = "PW01,2025-03-05 09:00,3\nPW02,2025-03-05 09:00,2\n,,5\n"
    for k, written in enumerate(('[""]', "['']")):
        d = _queue_dir(tmp_path, f"x{k}", (_H + body).encode(),
                       mapping=f"queue_snapshots:\n  drop: {{窗口编号: {written}}}\n")
        got = load("queue_snapshots", d)
        assert len(got.frame) == 2 and sum(got.plans[0].dropped.values()) == 1


def test_a_row_of_numbers_that_is_no_sum_is_not_named_a_total_and_no_fix_offered_that_would_skip_records(tmp_path):
    # 7 is not 3 + 2: not named a totals row
    p = _refused(_queue_dir(tmp_path, "a", (_H + "PW01,2025-03-05 09:00,3\nPW02,2025-03-05 09:00,2\n,,7\n").encode()))
    assert "totals_row" not in p["code"].tolist()
    # a record's window is blank too: drop {窗口编号: [""]} would skip it as well; the fix offered deletes the row
    p = _refused(_queue_dir(tmp_path, "b", (_H + "PW01,2025-03-05 09:00,3\n,2025-03-05 09:00,2\n"
                                                 "PW02,,1\n,,6\n").encode()))
    t = p[p["code"] == "totals_row"]
    assert t["row"].tolist() == [5] and "drop" not in t["fix_en"].iloc[0].split("(")[0]
    assert "删去这一行" in t["fix_zh"].iloc[0] and "delete the row" in t["fix_en"].iloc[0]


# ---- an HTML .xls read streaming ---------------------------------------------------------------------------------

_PAGE = ('<html><head><title>工单&amp;导出</title><style>td{x:"<td>"}</style></head><body>'
         '<table border=1><tr><th>工单编号</th><th>窗口编号</th><th colspan="2">受理时间</th></tr>'
         '<tr><td rowspan="2">GD&#48;01</td><td>PW01</td><td>2025-03-05 09:00</td><td>a&nbsp;&lt;b&gt;<br>c</td></tr>'
         '<tr><td>PW02</td><td>2025-03-05 10:00</td></tr>'
         '<tr><td>GD003</td><td>PW01<table><tr><td>内</td></tr></table></td><td>2025-03-05 11:00</td><td>&#x4e2d;</td>'
         '</tr></table></body></html>')


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1 << 20])
def test_a_page_read_streaming_in_any_pieces_gives_the_tables_read_whole(monkeypatch, chunk):
    """Entities, tags and multi-byte characters cut across pieces: the same rows, spans and tables as read whole."""
    from windoweval.records import htmltable
    monkeypatch.setattr(htmltable, "CHUNK", chunk)
    whole = htmltable.html_tables(_PAGE)
    got = []

    def sinks():
        rows = []
        got.append(rows)
        return rows.append

    streamed = htmltable.html_tables_streamed(_PAGE, sinks)
    # the tables in the order they close (the nested one first); each one's rows as its sink got them, padded
    by_grid = {id(g.sink.__self__): g for g in streamed}
    rows = [[r + [""] * (by_grid[id(rs)].width - len(r)) for r in rs] for rs in got]
    assert sorted(map(str, rows)) == sorted(str(g.rows) for g in whole)
    assert [g.spans for g in streamed] == [g.spans for g in whole] and all(g.rows == [] for g in streamed)
    assert [g.n for g in streamed] == [len(g.rows) for g in whole]


def test_rows_are_handed_on_as_they_close_not_when_the_page_ends():
    from windoweval.records.htmltable import html_tables_streamed
    seen = []

    def pieces():
        yield "<table><tr><td>工单编号</td></tr><tr><td>GD1</td></tr>"
        seen.append(len(rows))      # the page not yet ended: both rows already handed on
        yield "<tr><td>GD2</td></tr></table>"

    rows = []
    html_tables_streamed(pieces(), lambda: rows.append)
    assert seen == [2] and rows == [["工单编号"], ["GD1"], ["GD2"]]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-8-sig", "utf-16"])
def test_an_html_xls_over_the_held_limit_is_read_streaming_into_the_frame_of_its_csv(tmp_path, monkeypatch, encoding):
    """A page over htmltable.MAX_BYTES (the limit of a page held whole, which a survey delivery still is) is read by
    records streaming, up to STREAM_MAX_BYTES; ragged rows (a row cut short) padded as before."""
    from windoweval.records import htmltable
    from windoweval.records.io import read_tables
    rows = [("GD1", "PW01", "2025-03-05 09:00"), ("GD2", "PW02", "2025-03-05 10:00"), ("GD3", "PW01", "")]
    page = ("<html><body><table><tr><td>工单编号</td><td>窗口编号</td><td>受理时间</td></tr>"
            + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r if c) + "</tr>" for r in rows * 50)
            + "</table></body></html>")
    (tmp_path / "a.xls").write_bytes(page.encode(encoding))
    (tmp_path / "a.csv").write_text("工单编号,窗口编号,受理时间\n" + "".join(",".join(r) + "\n" for r in rows * 50),
                                    encoding="utf-8")
    monkeypatch.setattr(htmltable, "MAX_BYTES", 1024)
    got, want = read_tables(tmp_path / "a.xls")[0], read_tables(tmp_path / "a.csv")[0]
    assert got.headers == want.headers
    pd.testing.assert_frame_equal(got.frame, want.frame)
    monkeypatch.setattr(htmltable, "STREAM_MAX_BYTES", 1024)
    from windoweval.records.io import ExportError
    with pytest.raises(ExportError) as e:
        read_tables(tmp_path / "a.xls")
    assert "three times" in str(e.value) and "3 倍" in str(e.value)
