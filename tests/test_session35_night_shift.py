"""A night shift's punches in an attendance daily report (考勤日报), read as the shift they belong to (session 35).

Found by playing session 34's daily-report reading with the spellings attendance systems use:
- a clock-in of 00:05 for a 22:00 night shift, written as a time of day, was put on the shift's date: 22 hours EARLY,
  so 提前10分钟到岗 passed a worker 2 hours late. ``combine``'s new ``near: shift_start`` puts the time on the day
  nearest the shift's start; ``records map`` proposes it;
- 次日 written with the time (次日 06:05, 06:05(次日), as DingTalk marks a punch past midnight) was refused as no
  date-time;
- 缺卡 / 未打卡 written in the time cell (no punch) was refused as no date-time, where ``-`` reads as a blank.
Every test here failed before.
"""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from tests._workspace import HALL, map_in_process, write_workspace

HEAD = "姓名,工号,部门,考勤日期,班次,上班1打卡时间,下班1打卡时间\n"


def _mapping(arrived=None):
    arrived = arrived or {"date": "考勤日期", "time": "上班1打卡时间", "near": "shift_start"}
    return {"attendance": {
        "file": "考勤日报.csv",
        "columns": {"工号": "staff_id", "部门": "window_id"},
        "combine": {"shift_start": {"date": "考勤日期", "time": "班次", "part": "start"},
                    "shift_end": {"date": "考勤日期", "time": "班次", "part": "end", "after": "shift_start"},
                    "arrived_at": arrived,
                    "left_at": {"date": "考勤日期", "time": "下班1打卡时间", "after": "shift_start"}},
        "values": {"window_id": {"城东营业厅": "PW01"}},
        "ignore": ["姓名"]}}


def _folder(tmp_path, rows: str, mapping=None):
    d = write_workspace(tmp_path / "data", HALL)
    (d / "考勤日报.csv").write_text(HEAD + rows, encoding="utf-8")
    if mapping is not False:
        (d / "mapping.yaml").write_text(yaml.safe_dump(mapping or _mapping(), allow_unicode=True), encoding="utf-8")
    return d


def _read(d):
    from windoweval.records.read import read_records

    df = read_records("attendance", d).sort_values(["staff_id", "shift_start"])
    return [(r.staff_id, str(r.shift_start), str(r.arrived_at), str(r.left_at)) for r in df.itertuples()]


ROWS = ("李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,00:05,06:05\n"     # 2 h 5 min late
        "李四,S02,城东营业厅,2025-03-04 星期二,夜班 22:00-次日06:00,21:40,06:02\n"     # 20 minutes early
        "张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-17:30,08:15,17:35\n"
        "王五,S03,城东营业厅,2025-03-03 星期一,凌晨班 00:30-08:30,23:50,08:31\n")  # the evening before


def test_a_clock_in_is_put_on_the_day_nearest_its_shift_start(tmp_path):
    got = _read(_folder(tmp_path, ROWS))
    assert got == [
        ("S01", "2025-03-03 08:30:00", "2025-03-03 08:15:00", "2025-03-03 17:35:00"),
        ("S02", "2025-03-03 22:00:00", "2025-03-04 00:05:00", "2025-03-04 06:05:00"),
        ("S02", "2025-03-04 22:00:00", "2025-03-04 21:40:00", "2025-03-05 06:02:00"),
        ("S03", "2025-03-03 00:30:00", "2025-03-02 23:50:00", "2025-03-03 08:31:00")]


def test_the_late_night_arrival_fails_the_early_arrival_measure(tmp_path):
    from windoweval.scoring import score

    card = score("window_staff", 2025, data=_folder(tmp_path, ROWS))
    r = card.results.set_index("measure").loc["window_staff.1.1"]
    # 提前10分钟到岗: 21:40 for 22:00, 08:15 for 08:30 and 23:50 for 00:30 met; 00:05 for 22:00 missed (before: met,
    # read as 21 h 55 min early, so the window read 4 of 4)
    assert [int(r["records"]), int(r["n"]), int(r["met"])] == [4, 4, 3]


@pytest.mark.parametrize("cell", ["次日 06:05", "次日06:05", "06:05(次日)", "06:05（次日）", "(次日)06:05"])
def test_a_time_marked_next_day_is_the_next_days(tmp_path, cell):
    d = _folder(tmp_path, f"李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,21:40,{cell}\n")
    assert _read(d) == [("S02", "2025-03-03 22:00:00", "2025-03-03 21:40:00", "2025-03-04 06:05:00")]


def test_a_clock_in_marked_next_day_is_late_whatever_the_rule(tmp_path):
    # 次日 wins over `near` and over a plain combine: the export says which day
    plain = _mapping({"date": "考勤日期", "time": "上班1打卡时间"})
    for mapping in (None, plain):
        d = _folder(tmp_path / str(mapping is None), "李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,"
                    "次日00:05,次日 06:05\n", mapping)
        assert _read(d) == [("S02", "2025-03-03 22:00:00", "2025-03-04 00:05:00", "2025-03-04 06:05:00")]


@pytest.mark.parametrize("word", ["缺卡", "未打卡", "漏打卡"])
def test_a_missing_punch_written_in_words_is_missing_evidence(tmp_path, word):
    from windoweval.scoring import score

    d = _folder(tmp_path, f"张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-17:30,{word},17:35\n")
    assert _read(d) == [("S01", "2025-03-03 08:30:00", "NaT", "2025-03-03 17:35:00")]
    r = score("window_staff", 2025, data=d).results.set_index("measure").loc["window_staff.1.1"]
    assert (int(r["records"]), int(r["n"]), int(r["missing_evidence"]), r["verdict"]) == (1, 0, 1, "insufficient")


def test_records_map_proposes_near_for_the_clock_in_and_reads_next_day_marks(tmp_path):
    d = _folder(tmp_path, "李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,00:05,次日 06:05\n"
                          "张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-17:30,08:15,17:35\n", mapping=False)
    got = map_in_process(d, d / "考勤日报.csv", "attendance")
    assert got["combine"]["arrived_at"] == {"date": "考勤日期", "time": "上班1打卡时间", "near": "shift_start"}
    # 次日 06:05 is a time of day: the clock-out is proposed (before, the column was left out of the proposal)
    assert got["combine"]["left_at"] == {"date": "考勤日期", "time": "下班1打卡时间", "after": "shift_start"}


def test_a_whole_date_time_in_the_time_cell_may_be_the_next_day_with_near(tmp_path):
    d = _folder(tmp_path, "李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,2025-03-04 00:05,06:05\n")
    assert _read(d) == [("S02", "2025-03-03 22:00:00", "2025-03-04 00:05:00", "2025-03-04 06:05:00")]


def test_after_and_near_together_are_refused(tmp_path):
    from windoweval.records.mapping import MappingError

    bad = _mapping({"date": "考勤日期", "time": "上班1打卡时间", "near": "shift_start", "after": "shift_start"})
    d = _folder(tmp_path, "张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-17:30,08:15,17:35\n", bad)
    with pytest.raises(MappingError) as e:
        _read(d)
    assert "after 与 near 只能写一个" in str(e.value) and "write after or near, not both" in str(e.value)


WECOM = """日期,姓名,账号,部门,班次,最早打卡时间,最晚打卡时间,打卡次数,考勤结果
2025/03/03 星期一,张三,S01,城东营业厅,早班 08:30-17:30,08:15,17:35,2,正常
2025/03/03 星期一,李四,S02,城东营业厅,夜班 22:00-次日06:00,22:05,次日 06:03,2,迟到
"""


def test_records_map_takes_the_first_punch_as_the_clock_in_and_the_last_as_the_clock_out(tmp_path):
    # WeCom's daily report (每日统计) names the punches by order, not by purpose: 最晚打卡时间 had been proposed as the
    # clock-in and 最早打卡时间 as the clock-out (the closest spellings), so every shift read nine hours late
    d = write_workspace(tmp_path / "data", HALL)
    (d / "每日统计.csv").write_text(WECOM, encoding="utf-8")
    got = map_in_process(d, d / "每日统计.csv", "attendance")
    assert got["combine"]["arrived_at"]["time"] == "最早打卡时间"
    assert got["combine"]["left_at"]["time"] == "最晚打卡时间"


@pytest.mark.parametrize("first, last", [("首次呼叫时间", "末次呼叫时间"), ("第一次叫号时间", "最后叫号时间")])
def test_records_map_never_takes_the_last_call_for_the_first(tmp_path, first, last):
    # a queue system that logs a ticket's first and last call: the last had been proposed as called_at (the first call,
    # as the contract says), the first left unread, so every recalled ticket's wait read as long as its last call
    d = write_workspace(tmp_path / "data", (("HBIL", "挂号收费处", "hospital_window"),))
    (d / "x.csv").write_text(f"流水号,科室编号,取号时间,{last},{first},柜台号\n"
                             "Q1,HBIL,2025-04-08 09:01:10,2025-04-08 09:15:00,2025-04-08 09:09:40,3\n"
                             "Q2,HBIL,2025-04-08 09:02:10,2025-04-08 09:12:00,2025-04-08 09:10:40,3\n", encoding="utf-8")
    got = map_in_process(d, d / "x.csv", "queue_tickets")
    assert got["columns"][first] == "called_at" and last not in got["columns"]
