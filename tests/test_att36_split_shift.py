"""A split shift (两段班次: 早班 08:30-12:00 14:00-17:30 in one 班次 cell) read as two shifts (att36).

Before, the cell was refused as no time range (the fix: two rows), so a split-shift worker's afternoon arrival was
never judged.  Now each span is a record of its own, keeping the file's row for messages; with a punch log
(``punches``) each span takes its own punches.  A clock-in read from the row itself (one 上班打卡 column for the
day) cannot say which span it is: such a row is refused with the fix, never given to both spans.  Every test here
failed before.
"""
from __future__ import annotations

import pytest
import yaml

from tests._workspace import HALL, write_workspace
from tests.test_att36_punches import cli

HEAD = "工号,部门,日期,班次\n"


def _mapping(extra=None):
    m = {"attendance": {
        "file": "排班表.csv",
        "columns": {"工号": "staff_id", "部门": "window_id"},
        "combine": {"shift_start": {"date": "日期", "time": "班次", "part": "start"},
                    "shift_end": {"date": "日期", "time": "班次", "part": "end", "after": "shift_start"}},
        "values": {"window_id": {"城东营业厅": "PW01"}}}}
    m["attendance"].update(extra or {})
    return m


def _folder(tmp_path, rows, mapping=None, head=HEAD, punches=None):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "排班表.csv").write_text(head + rows, encoding="utf-8")
    if punches is not None:
        (d / "打卡记录.csv").write_text("工号,打卡时间\n" + punches, encoding="utf-8")
    (d / "mapping.yaml").write_text(yaml.safe_dump(mapping or _mapping(), allow_unicode=True), encoding="utf-8")
    return d


def _read(d):
    from windoweval.records.read import read_records

    df = read_records("attendance", d).sort_values(["staff_id", "shift_start"])
    return [(r.staff_id, str(r.shift_start)[5:16], str(r.shift_end)[5:16]) for r in df.itertuples()]


@pytest.mark.parametrize("cell", ["早班 08:30-12:00 14:00-17:30", "08:30-12:00/14:00-17:30", "08:30~12:00，14:00~17:30",
                                  "分段班 08:30-12:00、14:00-17:30"])
def test_a_split_shift_is_two_shifts(tmp_path, cell):
    d = _folder(tmp_path, f"S01,城东营业厅,2025-03-03,{cell}\nS02,城东营业厅,2025-03-03,早班 08:30-17:30\n")
    assert _read(d) == [("S01", "03-03 08:30", "03-03 12:00"), ("S01", "03-03 14:00", "03-03 17:30"),
                        ("S02", "03-03 08:30", "03-03 17:30")]
    code, out = cli("records", "check", "--data", d)
    assert code == 0, out
    assert "✓ attendance: 2 行 / rows, 3 条记录 / records" in out
    assert "两段班次 / split shifts: 班次: 1 行 → 2 个班次" in out


def test_a_split_shift_into_the_night_ends_the_next_day(tmp_path):
    d = _folder(tmp_path, "S01,城东营业厅,2025-03-03,08:00-12:00 20:00-次日02:00\n")
    assert _read(d) == [("S01", "03-03 08:00", "03-03 12:00"), ("S01", "03-03 20:00", "03-04 02:00")]


def test_each_span_takes_its_own_punches_and_the_afternoon_is_judged(tmp_path):
    d = _folder(tmp_path, "S01,城东营业厅,2025-03-03,早班 08:30-12:00 14:00-17:30\n",
                _mapping({"punches": {"file": "打卡记录.csv", "staff": "工号", "time": "打卡时间"}}),
                punches="S01,2025-03-03 08:15\nS01,2025-03-03 12:01\nS01,2025-03-03 13:58\nS01,2025-03-03 17:32\n")
    from windoweval.scoring import score

    card = score("window_staff", 2025, data=d)
    r = card.results.set_index("measure").loc["window_staff.1.1"]
    # 08:15 for 08:30 met; 13:58 for 14:00 (2 min) missed: before, the file was refused
    assert [int(r["records"]), int(r["n"]), int(r["met"])] == [2, 2, 1]


def test_a_clock_in_for_the_whole_day_beside_a_split_shift_is_refused(tmp_path):
    m = _mapping()
    m["attendance"]["combine"]["arrived_at"] = {"date": "日期", "time": "上班打卡", "near": "shift_start"}
    d = _folder(tmp_path, "S01,城东营业厅,2025-03-03,早班 08:30-12:00 14:00-17:30,08:15\n"
                          "S02,城东营业厅,2025-03-03,早班 08:30-17:30,08:15\n", m, head="工号,部门,日期,班次,上班打卡\n")
    code, out = cli("records", "check", "--data", d)
    assert code == 3, out
    line = next(x for x in out.splitlines() if "第 2 行" in x)
    assert "班次" in line and "早班 08:30-12:00 14:00-17:30" in line and "punches" in line and "Traceback" not in out
    assert line.index("一格中有两段班次") < line.index("the cell holds two spans")   # Chinese first


@pytest.mark.parametrize("cell, said", [
    ("08:30-12:00 11:00-17:30", "两段班次有重叠或不按先后"),          # overlapping spans
    ("20:00-23:00 01:00-03:00", "两段班次有重叠或不按先后"),          # a span past midnight: not on the shift's date
    ("13712345678 08:30-12:00 14:00-17:30", "不是“开始-结束”形式的时段"),   # other text in the cell: no shift read
])
def test_a_split_cell_that_is_not_one_is_refused(tmp_path, cell, said):
    d = _folder(tmp_path, f"S01,城东营业厅,2025-03-03,{cell}\n")
    code, out = cli("records", "check", "--data", d)
    assert code == 3, out
    line = next(x for x in out.splitlines() if said in x)
    assert line.startswith("  第 2 行 row 2 | 列 column 班次") and "Traceback" not in out
    assert "13712345678" not in out   # a phone number is masked in every message
