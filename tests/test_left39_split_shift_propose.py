"""A DingTalk daily report (上班1 下班1 上班2 下班2) with one mistyped punch (left39): ``records map`` proposes the split
shift's ``combine`` as it does for a clean report, and ``records check`` names the bad cell by its header, row and value.
Before, the one bad cell made ``records map`` give up the whole combine (its headers proposed as columns of their own)."""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml

from tests._workspace import write_workspace
from windoweval.cli import main
from windoweval.records.propose import propose

_HEAD = "工号,所属部门,日期,班次,上班1打卡时间,下班1打卡时间,上班2打卡时间,下班2打卡时间"
_ROWS = ["S01,PW01,2025-03-03,早班 08:30-12:00 14:00-17:30,08:15,12:02,13:50,17:35",
         "S02,PW01,2025-03-03,早班 08:30-12:00 14:00-17:30,08:20,12:01,13:55,17:31",
         "S03,PW01,2025-03-04,早班 08:30-12:00 14:00-17:30,08:10,12:05,13:45,17:40"]
_SPANS = ["上班1打卡时间", "下班1打卡时间", "上班2打卡时间", "下班2打卡时间"]


def _write(folder, rows):
    f = folder / "考勤日报.csv"
    f.write_text("\n".join([_HEAD, *rows]) + "\n", encoding="utf-8")
    return f


def _bad(at, text="1x:55"):
    rows = list(_ROWS)
    cells = rows[1].split(",")
    cells[4 + at] = text
    rows[1] = ",".join(cells)
    return rows


@pytest.mark.parametrize("at", range(4))
def test_one_bad_punch_keeps_the_combine_proposed(tmp_path, at):
    clean = yaml.safe_load(propose(_write(tmp_path, _ROWS), "attendance"))["attendance"]
    assert set(clean["combine"]) == {"shift_start", "arrived_at", "shift_end", "left_at"}
    got = yaml.safe_load(propose(_write(tmp_path, _bad(at)), "attendance"))["attendance"]
    assert got["combine"] == clean["combine"] and got["columns"] == clean["columns"]


@pytest.mark.parametrize("at", range(4))
def test_records_check_names_the_bad_cell_of_the_proposal(tmp_path, at):
    folder = write_workspace(tmp_path / "ws")
    f = _write(folder, _bad(at))
    (folder / "mapping.yaml").write_text(propose(f, "attendance"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        rc = main(["records", "check", "--data", str(folder)])
    lines = [x for x in out.getvalue().splitlines() if "行 row" in x]
    assert rc == 3 and len(lines) == 1, out.getvalue()
    assert f"第 3 行 row 3 | 列 column {_SPANS[at]} | 值 value '1x:55'" in lines[0]


def test_a_date_time_among_times_is_no_typing_slip(tmp_path):
    """A cell with a date in a column of times says the column is no times-of-day column: not tolerated."""
    got = yaml.safe_load(propose(_write(tmp_path, _bad(0, "2025-03-03 08:20")), "attendance"))["attendance"]
    assert "上班1打卡时间" not in str(got.get("combine", {}).get("arrived_at", ""))


def test_two_bad_cells_in_three_are_not_a_column_of_times(tmp_path):
    rows = _bad(0)
    cells = rows[2].split(",")
    cells[4] = "未打卡x"
    rows[2] = ",".join(cells)
    got = yaml.safe_load(propose(_write(tmp_path, rows), "attendance"))["attendance"]
    assert "上班1打卡时间" not in str(got.get("combine", {}).get("arrived_at", ""))
