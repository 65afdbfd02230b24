"""map38 item 4: a bad punch in a daily report's second span is named by its own header, row and cell.

A DingTalk daily report writes a split shift's punches in 上班1 下班1 上班2 下班2; `records map` proposes
``combine: {arrived_at: {date: 日期, time: [上班1打卡时间, 上班2打卡时间]}}``.  A bad time in 上班2打卡时间 was refused under
all three headers of that entry (列 column 日期、上班1打卡时间、上班2打卡时间 (arrived_at)) with the value as made
(2025-03-03 1x:55): the user had to find which of three cells to correct.  It is now named by the one header that
holds it (上班2打卡时间), its row and its cell as written (1x:55), the fix saying which span of which column it is.  A
bad date, which every record of its row is made of, is left named with the date as before.
"""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest

from tests._workspace import write_workspace
from windoweval.cli import main

_MAPPING = """attendance:
  file: "考勤日报.csv"
  columns: {"工号": staff_id, "所属部门": window_id}
  combine:
    shift_start: {date: "日期", time: "班次", part: start}
    arrived_at: {date: "日期", time: ["上班1打卡时间", "上班2打卡时间"], near: shift_start}
    shift_end: {date: "日期", time: "班次", part: end, after: shift_start}
    left_at: {date: "日期", time: ["下班1打卡时间", "下班2打卡时间"], after: shift_start}
"""
_HEAD = "工号,所属部门,日期,班次,上班1打卡时间,下班1打卡时间,上班2打卡时间,下班2打卡时间"
_ROWS = ["S01,PW01,2025-03-03,早班 08:30-12:00 14:00-17:30,08:15,12:02,13:50,17:35",
         "S02,PW01,2025-03-03,早班 08:30-12:00 14:00-17:30,08:20,12:01,13:55,17:31",
         "S03,PW01,2025-03-04,早班 08:30-12:00 14:00-17:30,08:10,12:05,13:45,17:40"]
_SPANS = ["上班1打卡时间", "下班1打卡时间", "上班2打卡时间", "下班2打卡时间"]


def _check(tmp_path, rows):
    folder = write_workspace(tmp_path / "ws")
    (folder / "mapping.yaml").write_text(_MAPPING, encoding="utf-8")
    (folder / "考勤日报.csv").write_text("\n".join([_HEAD, *rows]) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["records", "check", "--data", str(folder)])
    return rc, [line for line in out.getvalue().splitlines() if "行 row" in line]


def test_a_good_report_is_read(tmp_path):
    rc, lines = _check(tmp_path, _ROWS)
    assert rc == 0 and not lines


@pytest.mark.parametrize("at", range(4))
def test_a_bad_punch_is_named_by_its_own_header(tmp_path, at):
    rows = list(_ROWS)
    cells = rows[1].split(",")
    cells[4 + at] = "1x:55"
    rows[1] = ",".join(cells)
    rc, lines = _check(tmp_path, rows)
    assert rc == 3 and len(lines) == 1, lines
    line = lines[0]
    assert f"第 3 行 row 3 | 列 column {_SPANS[at]} | 值 value '1x:55'" in line, line
    others = [h for h in _SPANS if h != _SPANS[at]] + ["日期、"]
    assert not any(h in line.split("| 错误")[0] for h in others), line
    span, col = (1 if at < 2 else 2), ("arrived_at" if at % 2 == 0 else "left_at")
    assert f"{col} 第 {span} 段的时间" in line and f"span {span}'s time of {col}" in line, line


def test_the_same_bad_text_in_both_spans_is_named_twice(tmp_path):
    rows = [_ROWS[0], _ROWS[1].replace("08:20,12:01,13:55", "1x:55,12:01,1x:55"), _ROWS[2]]
    rc, lines = _check(tmp_path, rows)
    assert rc == 3
    assert [line.split(" | 错误")[0] for line in lines] == [
        "  第 3 行 row 3 | 列 column 上班1打卡时间 | 值 value '1x:55'", "  第 3 行 row 3 | 列 column 上班2打卡时间 | 值 value '1x:55'"]


def test_a_bad_date_is_still_named_with_the_date(tmp_path):
    rows = [_ROWS[0], _ROWS[1], _ROWS[2].replace("2025-03-04", "2025-3x-04")]
    rc, lines = _check(tmp_path, rows)
    assert rc == 3 and lines
    arrived = [line for line in lines if "(arrived_at)" in line]
    assert arrived and all("列 column 日期、上班1打卡时间、上班2打卡时间 (arrived_at)" in line for line in arrived), lines
