"""``records map`` on exports whose times of day are HHMM numbers (shapes45, left by newuser45): an LIS's
`RecvDate` + `RecvHHMM` (915 for 09:15) and a hall's schedule (上班时间 830, 下班时间 1730) beside an attendance
machine's punch log (打卡时刻 821, 1735).  Before: propose's time-of-day test did not know HHMM numbers, so no
``combine`` was proposed (the headers went to ``ignore``) and, the schedule having no shift, no ``punches`` either.
Now they are proposed, and the proposal reads as the mapping it is.
"""
from __future__ import annotations

import yaml
from _workspace import map_in_process, write_workspace

from windoweval.records import read_records


def test_lis_date_and_hhmm_proposed_as_combine(tmp_path):
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"),))
    f = d / "LIS.csv"
    f.write_text("SampleNo,Dept,ItemType,RecvDate,RecvHHMM,ReportTime\n"
                 "S1,HLAB,lab_routine,2025-03-04,915,2025-03-04 09:45\n"
                 "S2,HLAB,lab_emergency,2025-03-04,1430,2025-03-04 15:20\n"
                 "S3,HLAB,lab_routine,2025-03-05,5,2025-03-05 00:40\n", encoding="utf-8")
    sec = map_in_process(d, f, "hospital_events")
    assert sec.get("combine", {}).get("started_at") == {"date": "RecvDate", "time": "RecvHHMM"}, sec
    sec["columns"]["ItemType"] = "event_type"
    sec["ignore"] = [h for h in sec.get("ignore") or [] if h != "ItemType"]
    (d / "mapping.yaml").write_text(yaml.safe_dump({"hospital_events": sec}, allow_unicode=True), encoding="utf-8")
    df = read_records("hospital_events", d).set_index("event_id")
    assert {k: str(v) for k, v in df["started_at"].items()} == {
        "S1": "2025-03-04 09:15:00", "S2": "2025-03-04 14:30:00", "S3": "2025-03-05 00:05:00"}


def test_hhmm_schedule_proposed_with_combine_and_its_punch_log(tmp_path):
    d = write_workspace(tmp_path / "hall", (("G01", "政务服务大厅", "service_hall"),))
    (d / "排班.csv").write_text("工号,窗口,考勤日期,上班时间,下班时间\n0001,G01,2025-01-27,830,1730\n"
                               "0002,G01,2025-01-27,830,1730\n", encoding="utf-8")
    (d / "打卡.csv").write_text("工号,打卡日期,打卡时刻\n0001,2025-01-27,821\n0001,2025-01-27,1735\n"
                              "0002,2025-01-27,825\n", encoding="utf-8")
    sec = map_in_process(d, d / "排班.csv", "attendance")
    assert sec["combine"]["shift_start"] == {"date": "考勤日期", "time": "上班时间"}, sec
    assert sec["combine"]["shift_end"]["time"] == "下班时间", sec
    assert sec["punches"] == {"file": "打卡.csv", "staff": "工号", "date": "打卡日期", "time": "打卡时刻"}, sec
    (d / "mapping.yaml").write_text(yaml.safe_dump({"attendance": sec}, allow_unicode=True), encoding="utf-8")
    df = read_records("attendance", d).set_index("staff_id")
    assert str(df.loc["0001", "arrived_at"]) == "2025-01-27 08:21:00"
    assert str(df.loc["0001", "left_at"]) == "2025-01-27 17:35:00"


def test_numbers_under_a_header_that_names_no_time_are_no_times(tmp_path):
    """An amount (金额 1250) is never read as 12:50: no combine made of it."""
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"),))
    f = d / "LIS.csv"
    f.write_text("SampleNo,Dept,ItemType,RecvDate,金额,ReportTime\n"
                 "S1,HLAB,lab_routine,2025-03-04,1250,2025-03-04 09:45\n"
                 "S2,HLAB,lab_routine,2025-03-04,830,2025-03-04 15:20\n", encoding="utf-8")
    sec = map_in_process(d, f, "hospital_events")
    assert "金额" not in str(sec.get("combine")), sec
