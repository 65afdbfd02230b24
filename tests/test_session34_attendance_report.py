"""An attendance system's daily report (考勤日报, as DingTalk or WeCom export it) read without reshaping (session 34).

Such a report has one row per person and day: 考勤日期 with its weekday (2025-03-03 星期一), 班次 with the shift's name
before its times (早班 08:30-17:30, A 08:30-17:30, 夜班 22:00-次日06:00) or 休息 on a day off, and the clock-in and
clock-out times of day. Before, `records map` proposed 班次 as shift_end ("close to 班次结束") and no date + time
pairs, and a hand-written `combine: {part: start}` refused every 班次 with a name before its times: the user had to
reshape the export by hand. All three tests failed before.
"""
from __future__ import annotations

import pandas as pd
import yaml

from tests._workspace import HALL, map_in_process, write_workspace

REPORT = """姓名,工号,部门,考勤日期,班次,上班1打卡时间,上班1打卡结果,下班1打卡时间,下班1打卡结果
张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-17:30,08:15,正常,17:35,正常
张三,S01,城东营业厅,2025-03-04 星期二,早班 08:30-17:30,08:25,正常,17:31,正常
张三,S01,城东营业厅,2025-03-08 星期六,休息,,,,
张三,S01,城东营业厅,2025-03-05 星期三,早班(08:30-17:30),,缺卡,17:40,正常
李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,21:40,正常,06:05,正常
李四,S02,城东营业厅,2025-03-04 星期二,A 08:30-17:30,08:40,迟到,17:29,早退
"""

# the mapping a user writes (or keeps from the proposal): the clock-out after the shift's start (a night shift's
# clock-out is the next morning even when its clock-in is missing)
MAPPING = {"attendance": {
    "file": "考勤日报.csv",
    "columns": {"工号": "staff_id", "部门": "window_id"},
    "combine": {"shift_start": {"date": "考勤日期", "time": "班次", "part": "start"},
                "shift_end": {"date": "考勤日期", "time": "班次", "part": "end", "after": "shift_start"},
                "arrived_at": {"date": "考勤日期", "time": "上班1打卡时间"},
                "left_at": {"date": "考勤日期", "time": "下班1打卡时间", "after": "shift_start"}},
    "values": {"window_id": {"城东营业厅": "PW01"}},
    "drop": {"班次": ["休息"]},
    "ignore": ["姓名", "上班1打卡结果", "下班1打卡结果"]}}


def _folder(tmp_path, mapping=None):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "考勤日报.csv").write_text(REPORT, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return d


def test_a_shift_named_before_its_times_gives_its_start_and_end():
    from windoweval.records.mapping import time_range_part

    cells = pd.Series(["早班 08:30-17:30", "A 08:30-17:30", "白班(08:30-17:30)", "夜班 22:00-次日06:00",
                       "08:30-17:30 早班", "9:00", "休息", None], dtype="string")
    start, bad = time_range_part(cells, "start")
    end, _ = time_range_part(cells, "end")
    assert start.tolist()[:5] == ["08:30"] * 3 + ["22:00", "08:30"]
    assert end.tolist()[:5] == ["17:30"] * 3 + ["06:00", "17:30"]
    assert bad.tolist() == [False] * 5 + [True, True, False]   # no range: refused; a blank stays blank


def test_records_map_proposes_the_dates_and_times_of_a_daily_report(tmp_path):
    d = _folder(tmp_path)
    got = map_in_process(d, d / "考勤日报.csv", "attendance")
    assert got["combine"]["shift_start"] == {"date": "考勤日期", "time": "班次", "part": "start"}
    assert got["combine"]["shift_end"] == {"date": "考勤日期", "time": "班次", "part": "end", "after": "shift_start"}
    # the clock-in on the day nearest the shift's start (session 35: a night shift's 00:05 is the next day's)
    assert got["combine"]["arrived_at"] == {"date": "考勤日期", "time": "上班1打卡时间", "near": "shift_start"}
    # a night shift's clock-out the next morning even when its clock-in was missed (缺卡): after the shift's start
    assert got["combine"]["left_at"] == {"date": "考勤日期", "time": "下班1打卡时间", "after": "shift_start"}
    assert "班次" not in got.get("columns", {})      # never a shift_end "close to 班次结束"
    assert got["drop"] == {"班次": ["休息"]}          # a day off is no shift


def test_the_daily_report_is_read_and_judged_as_counted_by_hand(tmp_path):
    from windoweval.scoring import score

    d = _folder(tmp_path, MAPPING)
    card = score("window_staff", 2025, data=d)
    r = card.results.set_index("measure")
    # 提前10分钟到岗 (target 90 %): 08:15 for 08:30 and 21:40 for 22:00 met; 08:25 and 08:40 missed; 缺卡 missing
    # evidence: at best 3 of 5, a sure fail
    assert r.loc["window_staff.1.1", ["records", "n", "met", "missing_evidence", "verdict"]].tolist() == \
        [5, 4, 2, 1, "fail"]
    # 未早退: the night shift's 06:05 is the next morning, after its 06:00 end; 17:29 before 17:30 is the one miss
    assert r.loc["window_staff.6.5#early_leave", ["n", "met", "verdict"]].tolist() == [5, 4, "fail"]
