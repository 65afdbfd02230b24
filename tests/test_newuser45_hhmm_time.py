"""A laboratory (LIS) export writing the sample's receipt as a date column and a time column of integers in HHMM
(`RecvDate` 2025-03-04, `RecvHHMM` 915 for 09:15, 2330 for 23:30, 5 for 00:05: the time kept as a number, its
leading zeros lost), joined with mapping.yaml's ``combine`` (newuser45, a hospital's own export).

Before: the joined text went to the date parser as it stood, so 2330 and 1015 were read as 23:30 and 10:15, 915 and 5
were refused as "not a valid date/time" with a fix that did not fit (export year first), and 12 (00:12) or 23 (00:23)
were read as 12:00 and 23:00 - an hour, silently eleven hours off, a routine sample's 30-minute promise (检验科文明
服务承诺 5(1)) judged from noon.  Now a column whose bare numbers include one of three or four digits is read as
HHMM throughout (912 → 09:12, 12 → 00:12); one whose numbers are all below 100 says nothing of which they are
(12: noon, or 00:12 with its zeros lost?) and is refused with its rows, header, value and the fix, never guessed;
a number that is no HHMM time (1260, 2500) is refused by its row.
"""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from _workspace import write_workspace

import windoweval as we
from windoweval.records import read_records
from windoweval.records.contract import RecordsError

MAPPING = """hospital_events:
  file: LIS.xlsx
  columns: {SampleNo: event_id, Dept: window_id, ItemType: event_type, ReportTime: finished_at}
  combine:
    started_at: {date: RecvDate, time: RecvHHMM}
  values:
    event_type: {1: lab_routine, 3: lab_emergency}
"""


def _lab(tmp_path, rows):
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"),))
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["SampleNo", "Dept", "ItemType", "RecvDate", "RecvHHMM", "ReportTime"])
    for r in rows:
        ws.append(list(r))
    wb.save(d / "LIS.xlsx")
    return d


ROWS = [
    ("S1", "HLAB", 1, "2025-03-04", 915, "2025-03-04 09:45"),    # 09:15 → 09:45: 30 min, met
    ("S2", "HLAB", 1, "2025-03-04", 915, "2025-03-04 09:46"),    # 31 min: missed
    ("S3", "HLAB", 3, "2025-06-01", 5, "2025-06-01 02:06"),      # 00:05 → 02:06: over 2 h, missed
    ("S4", "HLAB", 1, "2025-06-02", 12, "2025-06-02 00:40"),     # 00:12 → 00:40: met (never 12:00)
    ("S5", "HLAB", 3, "2025-12-31", 2330, "2026-01-01 01:20"),   # 23:30 → 01:20 next day: met
]


def test_hhmm_integers_are_read_as_times_of_day(tmp_path):
    df = read_records("hospital_events", _lab(tmp_path, ROWS)).set_index("event_id")
    got = {k: str(v) for k, v in df["started_at"].items()}
    assert got == {"S1": "2025-03-04 09:15:00", "S2": "2025-03-04 09:15:00", "S3": "2025-06-01 00:05:00",
                   "S4": "2025-06-02 00:12:00", "S5": "2025-12-31 23:30:00"}, got


def test_hhmm_verdicts_follow_the_lab_promise(tmp_path):
    card = we.score("hospital_commitments", 2025, data=_lab(tmp_path, ROWS))
    missed = set()
    for m in card.results["measure"].unique():
        dd = card.drilldown(m)
        if "event_id" in dd:
            missed |= set(dd["event_id"])
    assert missed == {"S2", "S3"}, missed


@pytest.mark.parametrize("times", [[12, 9], [23, 8]])
def test_numbers_all_below_100_are_refused_never_read_as_hours(tmp_path, times):
    rows = [(f"S{i}", "HLAB", 1, "2025-03-04", t, "2025-03-04 23:59") for i, t in enumerate(times)]
    with pytest.raises(RecordsError) as e:
        read_records("hospital_events", _lab(tmp_path, rows))
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[2, "started_at", str(times[0])],
                                                              [3, "started_at", str(times[1])]], p
    text = str(e.value)
    assert "RecvHHMM" in text and "09:15" in text      # the header, and the fix: hours and minutes


def test_a_number_that_is_no_hhmm_time_is_refused_by_its_row(tmp_path):
    rows = ROWS[:1] + [("S9", "HLAB", 1, "2025-03-04", 1260, "2025-03-04 13:30")]
    with pytest.raises(RecordsError) as e:
        read_records("hospital_events", _lab(tmp_path, rows))
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[3, "started_at", "1260"]], p


ATT_MAPPING = """attendance:
  file: 排班.csv
  columns: {工号: staff_id, 窗口: window_id}
  combine:
    shift_start: {date: 考勤日期, time: 上班时间}
    shift_end: {date: 考勤日期, time: 下班时间}
  punches: {file: 打卡.csv, staff: 工号, date: 打卡日期, time: 打卡时刻}
"""


def _hall(tmp_path, punches):
    """A government service hall's schedule (上班时间 830, 下班时间 1730) and its attendance machine's punches, the
    times HHMM numbers, the staff numbers without their zeros (1 for 0001), across the Spring Festival's makeup
    working Sunday (2025-01-26)."""
    d = write_workspace(tmp_path / "hall", (("G01", "政务服务大厅", "service_hall"),))
    (d / "mapping.yaml").write_text(ATT_MAPPING, encoding="utf-8")
    (d / "排班.csv").write_text("工号,窗口,考勤日期,上班时间,下班时间\n0001,G01,2025-01-26,830,1730\n"
                               "0002,G01,2025-01-26,830,1730\n", encoding="utf-8")
    (d / "打卡.csv").write_text("工号,打卡日期,打卡时刻\n" + "".join(f"{a},2025-01-26,{b}\n" for a, b in punches),
                              encoding="utf-8")
    return d


def test_a_schedule_and_punches_in_hhmm_are_read_alike(tmp_path):
    """Before: the schedule's 830 was refused, its 1730 read; the punch 1735 read and 821 refused."""
    df = read_records("attendance", _hall(tmp_path, [(1, 821), (1, 1735), (2, 825)])).set_index("staff_id")
    got = {k: [str(df.loc[k, c]) for c in ("shift_start", "arrived_at", "shift_end")] for k in ("0001", "0002")}
    assert got == {"0001": ["2025-01-26 08:30:00", "2025-01-26 08:21:00", "2025-01-26 17:30:00"],
                   "0002": ["2025-01-26 08:30:00", "2025-01-26 08:25:00", "2025-01-26 17:30:00"]}, got
    assert str(df.loc["0001", "left_at"]) == "2025-01-26 17:35:00"


def test_a_punch_that_is_no_hhmm_time_is_refused_by_its_row_and_header(tmp_path):
    with pytest.raises(RecordsError) as e:
        read_records("attendance", _hall(tmp_path, [(1, 821), (2, 875)]))
    p = e.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[3, "打卡时刻", "875"]], p
