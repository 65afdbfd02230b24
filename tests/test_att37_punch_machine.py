"""An attendance machine's punch log (考勤机, ZKTeco-style: 考勤号码, 姓名, 日期时间, 机器号 …, GBK) beside a schedule that
writes the same staff with leading zeros (0001), as a new user brings them (att37).

Before, ``records map`` did not see the log (its punch time is headed 日期时间), and read with ``punches`` written by
hand every punch was "a staff id not in the schedule": the machine keeps its user number as a number (1 for 0001),
so every shift read as missing evidence.  Now a staff id that differs from exactly one schedule id only in leading
zeros is read as that id, and records check says how many; ids alike without their zeros (05, 005) take none.
Each test failed before.
"""
from __future__ import annotations

import yaml

from tests._workspace import HALL, map_in_process, write_workspace
from tests.test_att36_punches import cli, shifts

SCHEDULE = ("考勤号码,姓名,部门,日期,班次\n"
            "0001,张三,城东营业厅,2025/3/3,早班 08:30-17:30\n"
            "0001,张三,城东营业厅,2025/3/4,早班 08:30-17:30\n"
            "0002,李四,城东营业厅,2025/3/3,夜班 22:00-次日06:00\n")
LOG = ("考勤号码,姓名,日期时间,机器号,编号,比对方式,卡号\n"
       "1,张三,2025-3-3 8:15:22,1,1,指纹,\n"
       "1,张三,2025-3-3 17:35:10,1,2,指纹,\n"
       "1,张三,2025-3-4 8:28:01,1,3,指纹,\n"
       "2,李四,2025-3-3 21:44:00,1,4,指纹,\n"
       "2,李四,2025-3-4 6:02:00,1,5,指纹,\n"
       "9,王五,2025-3-4 8:00:00,1,6,指纹,\n")      # no such staff in the schedule: counted, never read as a shift's


def _folder(tmp_path, schedule=SCHEDULE, mapping=True):
    d = write_workspace(tmp_path / "data", HALL, **({"mapping_file": "mapping.yaml"} if mapping else {}))
    (d / "排班表.csv").write_bytes(schedule.encode("gbk"))
    (d / "考勤机记录.csv").write_bytes(LOG.encode("gbk"))
    if mapping:
        m = {"attendance": {"file": "排班表.csv", "columns": {"考勤号码": "staff_id", "部门": "window_id"},
                            "combine": {"shift_start": {"date": "日期", "time": "班次", "part": "start"},
                                        "shift_end": {"date": "日期", "time": "班次", "part": "end",
                                                      "after": "shift_start"}},
                            "values": {"window_id": {"城东营业厅": "PW01"}}, "ignore": ["姓名"],
                            "punches": {"file": "考勤机记录.csv", "staff": "考勤号码", "time": "日期时间"}}}
        (d / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True), encoding="utf-8")
    return d


def test_records_map_sees_the_machine_log(tmp_path):
    d = _folder(tmp_path, mapping=False)
    got = map_in_process(d, d / "排班表.csv", "attendance")
    assert got["punches"] == {"file": "考勤机记录.csv", "staff": "考勤号码", "time": "日期时间"}


def test_the_machine_number_is_the_schedule_id_without_its_zeros(tmp_path):
    d = _folder(tmp_path)
    assert shifts(d) == [("0001", "03-03 08:30", "03-03 08:15", "03-03 17:35"),
                         ("0001", "03-04 08:30", "03-04 08:28", ""),     # no clock-out: missing evidence
                         ("0002", "03-03 22:00", "03-03 21:44", "03-04 06:02")]
    code, out = cli("records", "check", "--data", d)
    assert code == 0, out
    assert "5 次打卡的工号与排班表只差前导零" in out
    assert "1 次打卡没有班次可归(其中 1 次的工号不在排班表中" in out      # 王五's 9: said, not dropped in silence
    assert "张三" not in out and "王五" not in out


def test_ids_alike_without_their_zeros_take_none(tmp_path):
    # the schedule holds both 0001 and 01: a machine's 1 could be either, so it is neither
    d = _folder(tmp_path, SCHEDULE + "01,赵六,城东营业厅,2025/3/3,早班 08:30-17:30\n")
    got = shifts(d)
    assert [x for x in got if x[0] in ("0001", "01")] == [
        ("0001", "03-03 08:30", "", ""), ("0001", "03-04 08:30", "", ""), ("01", "03-03 08:30", "", "")]
    assert ("0002", "03-03 22:00", "03-03 21:44", "03-04 06:02") in got
