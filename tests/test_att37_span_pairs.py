"""A daily report's punch pairs per span (上班1 下班1 上班2 下班2, as DingTalk and WeCom write a split shift) read as a
shift per span, each with its own pair (att37).

Before, such a report beside a split 班次 (早班 08:30-12:00 14:00-17:30) was refused whatever the user wrote: one
header per combine entry (``split_shift_one_punch``), and a list of headers was no header at all.  Now
``time: [上班1打卡时间, 上班2打卡时间]`` gives span k the k-th header; a day of one span reads the first pair only (its
blank second pair is no missing shift); a second pair filled on a day of one span, and a cell of more spans than
headers, are refused by row, header and value.  ``records map`` proposes the lists.  Every test failed before.
"""
from __future__ import annotations

import yaml

from tests._workspace import HALL, map_in_process, write_workspace
from tests.test_att36_punches import cli

HEAD = ("姓名,工号,部门,考勤日期,班次,上班1打卡时间,上班1打卡结果,下班1打卡时间,下班1打卡结果,"
        "上班2打卡时间,上班2打卡结果,下班2打卡时间,下班2打卡结果\n")
REPORT = HEAD + (
    "张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-12:00 14:00-17:30,08:15,正常,12:02,正常,13:58,迟到,17:35,正常\n"
    "张三,S01,城东营业厅,2025-03-04 星期二,早班 08:30-12:00 14:00-17:30,08:10,正常,12:01,正常,,缺卡,17:31,正常\n"
    "张三,S01,城东营业厅,2025-03-05 星期三,A 08:30-17:30,08:12,正常,17:40,正常,,,,\n"
    "李四,S02,城东营业厅,2025-03-03 星期一,夜班 22:00-次日06:00,21:40,正常,06:05,正常,,,,\n"
    "李四,S02,城东营业厅,2025-03-08 星期六,休息,,,,,,,,\n")
MAPPING = {"attendance": {
    "file": "考勤日报.csv",
    "columns": {"工号": "staff_id", "部门": "window_id"},
    "combine": {"shift_start": {"date": "考勤日期", "time": "班次", "part": "start"},
                "shift_end": {"date": "考勤日期", "time": "班次", "part": "end", "after": "shift_start"},
                "arrived_at": {"date": "考勤日期", "time": ["上班1打卡时间", "上班2打卡时间"], "near": "shift_start"},
                "left_at": {"date": "考勤日期", "time": ["下班1打卡时间", "下班2打卡时间"], "after": "shift_start"}},
    "values": {"window_id": {"城东营业厅": "PW01"}},
    "drop": {"班次": ["休息"]},
    "ignore": ["姓名", "上班1打卡结果", "下班1打卡结果", "上班2打卡结果", "下班2打卡结果"]}}


def _folder(tmp_path, report=REPORT, mapping=MAPPING):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "考勤日报.csv").write_text(report, encoding="utf-8")
    if mapping is not None:
        (d / "mapping.yaml").write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    return d


def _shifts(d):
    from windoweval.records.read import read_records

    df = read_records("attendance", d)
    return [(r.staff_id, str(r.shift_start)[5:16], str(r.arrived_at)[5:16], str(r.left_at)[5:16])
            for r in df.itertuples()]


def test_each_span_reads_its_own_pair(tmp_path):
    assert _shifts(_folder(tmp_path)) == [
        ("S01", "03-03 08:30", "03-03 08:15", "03-03 12:02"),
        ("S01", "03-03 14:00", "03-03 13:58", "03-03 17:35"),   # the second pair: the afternoon span's
        ("S01", "03-04 08:30", "03-04 08:10", "03-04 12:01"),
        ("S01", "03-04 14:00", "", "03-04 17:31"),               # 缺卡: blank, missing evidence
        ("S01", "03-05 08:30", "03-05 08:12", "03-05 17:40"),   # one span: one shift, its blank second pair no shift
        ("S02", "03-03 22:00", "03-03 21:40", "03-04 06:05")]   # the night shift as before


def test_the_spans_are_judged_as_counted_by_hand(tmp_path):
    from windoweval.scoring import score

    r = score("window_staff", 2025, data=_folder(tmp_path)).results.set_index("measure")
    # 提前10分钟到岗: 08:15, 08:10, 08:12, 21:40 met; 13:58 for 14:00 missed; 03-04's afternoon 缺卡: missing evidence
    assert r.loc["window_staff.1.1", ["records", "n", "met", "missing_evidence"]].tolist() == [6, 5, 4, 1]


def test_records_check_counts_rows_and_spans(tmp_path):
    code, out = cli("records", "check", "--data", _folder(tmp_path))
    assert code == 0, out
    assert "✓ attendance: 4 行 / rows, 6 条记录 / records" in out
    assert "上班2打卡时间 → arrived_at(第 2 段时间 / span 2's time)" in out
    assert "下班2打卡时间 → left_at(第 2 段时间 / span 2's time)" in out
    # the file's 5 rows below the header: 4 of records (6 records) and the day off dropped (it said 7 before)
    assert "表头以下的行 / rows below the header: 5 = 有记录的行 / rows of records 4 + drop 去掉 / dropped 1" in out
    assert "张三" not in out and "李四" not in out


def test_a_second_pair_on_a_day_of_one_span_is_refused(tmp_path):
    report = HEAD + "张三,S01,城东营业厅,2025-03-05 星期三,A 08:30-17:30,08:12,正常,17:40,正常,13:00,正常,-,\n"
    code, out = cli("records", "check", "--data", _folder(tmp_path, report))
    assert code == 3, out
    line = next(x for x in out.splitlines() if "第 2 段的打卡时间有值" in x)
    assert line.startswith("  第 2 行 row 2 | 列 column 上班2打卡时间 | 值 value '13:00'")
    assert "下班2打卡时间" not in out.split("上班2打卡时间", 1)[1].split("\n", 1)[0]   # '-' is a blank: not refused
    assert line.index("第 2 段的打卡时间有值") < line.index("a punch time for span 2") and "Traceback" not in out


def test_more_spans_than_headers_is_refused_with_the_fix(tmp_path):
    report = HEAD + ("张三,S01,城东营业厅,2025-03-03 星期一,早班 08:30-10:00 11:00-12:00 14:00-17:30,08:15,正常,12:02,正常,"
                     "13:58,迟到,17:35,正常\n")
    code, out = cli("records", "check", "--data", _folder(tmp_path, report))
    assert code == 3, out
    line = next(x for x in out.splitlines() if "一格中有三段班次" in x and "上班1打卡时间、上班2打卡时间" in x)
    assert "combine.arrived_at.time" in line and "上班3打卡时间" in line


def test_a_list_of_headers_is_checked_against_the_file(tmp_path):
    m = yaml.safe_load(yaml.safe_dump(MAPPING, allow_unicode=True))
    m["attendance"]["combine"]["arrived_at"]["time"] = ["上班1打卡时间", "上班二打卡时间"]
    code, out = cli("records", "check", "--data", _folder(tmp_path, mapping=m))
    assert code == 3, out
    assert "attendance.combine.arrived_at.time" in out and "'上班二打卡时间'" in out and "上班2打卡时间" in out


def test_records_map_proposes_a_header_per_span(tmp_path):
    d = _folder(tmp_path, mapping=None)
    got = map_in_process(d, d / "考勤日报.csv", "attendance")
    assert got["combine"]["shift_start"] == {"date": "考勤日期", "time": "班次", "part": "start"}
    assert got["combine"]["arrived_at"] == {"date": "考勤日期", "time": ["上班1打卡时间", "上班2打卡时间"],
                                            "near": "shift_start"}
    assert got["combine"]["left_at"] == {"date": "考勤日期", "time": ["下班1打卡时间", "下班2打卡时间"],
                                         "after": "shift_start"}
    assert "上班2打卡时间" not in got.get("ignore", [])
    # the proposal, kept as it is, reads the report as the hand-written mapping does
    (d / "mapping.yaml").write_text(yaml.safe_dump({"attendance": got}, allow_unicode=True), encoding="utf-8")
    assert len(_shifts(d)) == 6


def test_rows_below_the_header_count_a_split_row_once(tmp_path):
    # the split shift alone (no punch read from the report), as att36 read it: 5 rows below the header, not 7
    m = yaml.safe_load(yaml.safe_dump(MAPPING, allow_unicode=True))
    for col in ("arrived_at", "left_at"):
        del m["attendance"]["combine"][col]
    m["attendance"]["ignore"] = [h for h in HEAD.strip().split(",") if "打卡" in h or h == "姓名"]
    code, out = cli("records", "check", "--data", _folder(tmp_path, mapping=m))
    assert code == 0, out
    assert "表头以下的行 / rows below the header: 5 = 有记录的行 / rows of records 4 + drop 去掉 / dropped 1" in out


def test_a_list_of_headers_without_a_shift_range_is_refused():
    import pytest

    from windoweval.records.mapping import MappingError, parse_mapping

    with pytest.raises(MappingError) as e:
        parse_mapping({"work_orders": {"combine": {"received_at": {"date": "日期", "time": ["时间1", "时间2"]}}}}, "m.yaml")
    assert "work_orders.combine.received_at.time" in str(e.value) and "part" in str(e.value)
