"""A new organisation's own exports (eleventh audit): a government service hall's attendance workbook, a hospital
HIS export with the date and the time in separate columns, a 95598 ACD export giving the ring duration instead of
the answer time.  Each built here from code; each read without reshaping the file."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from windoweval.records import RecordsError, validate
from windoweval.records.read import read_records

HIS = ("流水号,科室,项目类别,接收日期,接收时间,报告日期,报告时间\n"
       "P1,HPHA,prescription_western,2025-06-03,10:00,2025-06-03,2025-06-03 10:04\n"      # the time cell holds its date
       "P2,HPHA,prescription_western,2025-06-04,23:58,2025-06-04,2025-06-05 00:02\n"      # the next day, after started_at
       "P3,HPHA,prescription_western,2025-06-04,10:00,2025-06-04 10:03,\n")              # the date cell holds the time
HIS_MAP = {"columns": {"流水号": "event_id", "科室": "window_id", "项目类别": "event_type"},
           "combine": {"started_at": {"date": "接收日期", "time": "接收时间"},
                       "finished_at": {"date": "报告日期", "time": "报告时间", "after": "started_at"}}}


def test_a_time_of_day_without_its_date_is_refused_never_taken_as_today():
    df = pd.DataFrame({"event_id": ["E1", "E2"], "window_id": "HLAB", "event_type": "lab_routine",
                       "started_at": ["2025-06-03 08:00", "2025-06-03 08:00"], "finished_at": ["2025-06-03 08:20", "01:30"]})
    with pytest.raises(RecordsError) as e:
        validate(df, "hospital_events", file="his.csv")
    p = e.value.problems
    assert p[["row", "column", "value", "code"]].values.tolist() == [[3, "finished_at", "01:30", "time_without_date"]]
    assert "combine" in p["problem_zh"].iloc[0] and "combine" in p["problem_en"].iloc[0]


def test_combine_takes_a_whole_date_time_from_either_cell(tmp_path):
    (tmp_path / "hospital_events.csv").write_text(HIS, encoding="gb18030")
    df = read_records("hospital_events", tmp_path, mapping=HIS_MAP).set_index("event_id")
    assert df.loc["P1", "finished_at"] == pd.Timestamp("2025-06-03 10:04")
    assert df.loc["P2", "finished_at"] == pd.Timestamp("2025-06-05 00:02")
    assert df.loc["P3", "finished_at"] == pd.Timestamp("2025-06-04 10:03")   # was read as no report at all


@pytest.mark.parametrize("date, cell", [("2025-03-02", "2025-03-01 23:59"), ("2025-03-01", "2025-03-03 00:10")])
def test_a_time_cell_whose_date_disagrees_with_the_date_column_is_refused(tmp_path, date, cell):
    (tmp_path / "hospital_events.csv").write_text(
        HIS + f"P4,HPHA,prescription_western,{date},08:00,{date},{cell}\n", encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("hospital_events", tmp_path, mapping=HIS_MAP)
    p = e.value.problems
    hit = p[p["code"] == "date_disagrees"]
    assert hit[["row", "column", "value"]].values.tolist() == [[5, "报告时间", cell]]
    assert date in hit["problem_zh"].iloc[0] and date in hit["problem_en"].iloc[0]
    assert "columns" in hit["fix_zh"].iloc[0] and "columns" in hit["fix_en"].iloc[0]


def test_a_time_cell_with_its_own_date_before_offered_at_is_not_moved_to_the_next_day(tmp_path):
    (tmp_path / "c.csv").write_text("流水号,来电日期,振铃时刻,应答时刻\nC1,2025-03-01,23:59:55,2025-03-01 23:59:50\n",
                                    encoding="utf-8")
    m = {"file": "c.csv", "columns": {"流水号": "call_id"}, "constant": {"window_id": "CC"},
         "combine": {"offered_at": {"date": "来电日期", "time": "振铃时刻"},
                     "answered_at": {"date": "来电日期", "time": "应答时刻", "after": "offered_at"}}}
    with pytest.raises(RecordsError) as e:    # an answer written before the ring is refused, never moved a day on
        read_records("calls_95598", tmp_path, mapping=m)
    assert e.value.problems["column"].tolist() == ["answered_at"]


ACD = ("CallID,Date,RingStart,RingSec,Result,AgentNo\n"
       "A1,2025-12-31,23:59:55,10,ANSWERED,1001\n"      # answered 00:00:05 of the new year, 10 s: on time
       "A2,2025-06-01,10:00:00,00:00:12,ANSWERED,1002\n"  # 12 s exactly, written as a clock
       "A3,2025-06-01,10:01:00,13秒,ANSWERED,1002\n"
       "A4,2025-06-01,10:02:00,5,ABANDONED,\n"
       "A5,2025-06-01,10:03:00,-,ABANDONED,\n"
       "Total,6,,,,\n")
ACD_MAP = {"file": "acd.csv", "columns": {"CallID": "call_id", "AgentNo": "agent_id"}, "constant": {"window_id": "CC95598"},
           "combine": {"offered_at": {"date": "Date", "time": "RingStart"}},
           "derive": {"answered_at": {"from": "offered_at", "add": "RingSec", "when": {"Result": ["ANSWERED"]}},
                      "hung_up_at": {"from": "offered_at", "add": "RingSec", "unit": "seconds",
                                     "when": {"Result": ["ABANDONED"]}}},
           "drop": {"CallID": ["Total"]}}


def test_an_acd_export_with_ring_duration_is_read_through_derive(tmp_path):
    (tmp_path / "acd.csv").write_bytes(ACD.encode("gbk"))
    df = read_records("calls_95598", tmp_path, mapping=ACD_MAP, year=2025).set_index("call_id")
    assert df.loc["A1", "answered_at"] == pd.Timestamp("2026-01-01 00:00:05")
    assert df.loc["A2", "answered_at"] == pd.Timestamp("2025-06-01 10:00:12")
    assert df.loc["A3", "answered_at"] == pd.Timestamp("2025-06-01 10:01:13")
    assert df.loc["A4", "hung_up_at"] == pd.Timestamp("2025-06-01 10:02:05") and pd.isna(df.loc["A4", "answered_at"])
    assert df.loc[["A5"], ["answered_at", "hung_up_at"]].isna().all(axis=None)   # no duration: evidence missing
    assert df[["answered_at"]].notna().sum().item() == 3


def test_derive_refuses_a_status_no_entry_names_and_a_duration_that_is_not_one(tmp_path):
    (tmp_path / "acd.csv").write_text(ACD.replace("A4,2025-06-01,10:02:00,5,ABANDONED", "A4,2025-06-01,10:02:00,5,TRANSFER")
                                      .replace("13秒", "十三秒"), encoding="utf-8")
    with pytest.raises(RecordsError) as e:
        read_records("calls_95598", tmp_path, mapping=ACD_MAP)
    p = e.value.problems.set_index("code")
    assert p.loc["unmapped_code", ["row", "column", "value"]].tolist() == [5, "Result", "TRANSFER"]
    assert p.loc["bad_duration", ["row", "column", "value"]].tolist() == [4, "RingSec", "十三秒"]


def test_derive_is_checked_in_the_mapping_file():
    from windoweval.records.mapping import MappingError, parse_mapping
    for bad in ({"from": "offered_at"}, {"from": "agent_id", "add": "x"}, {"from": "offered_at", "add": "x", "unit": "ms"}):
        with pytest.raises(MappingError):
            parse_mapping({"calls_95598": {"derive": {"answered_at": bad}}}, "mapping.yaml")


def _hall(tmp_path):
    """A government service hall's attendance workbook: merged title, export line, date and times apart, 合计 footer."""
    (tmp_path / "windoweval.toml").write_text('name = "政务服务中心"\nmapping_file = "mapping.yaml"\n[[windows]]\nid = "ZW01"\n'
                                             'name = "市民中心政务大厅"\nkind = "service_hall"\n', encoding="utf-8")
    (tmp_path / "mapping.yaml").write_text(
        "attendance:\n  file: 考勤.xlsx\n  columns: {工号: staff_id, 部门: window_id}\n  combine:\n"
        "    shift_start: {date: 排班日期, time: 上班时间}\n    arrived_at: {date: 排班日期, time: 签到时间}\n"
        "    shift_end: {date: 排班日期, time: 下班时间}\n    left_at: {date: 排班日期, time: 签退时间}\n"
        "  ignore: [序号]\n  values: {window_id: {市民中心政务大厅: ZW01}}\n  drop: {序号: [合计]}\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["市民中心政务大厅2025年考勤明细表"])
    ws.merge_cells("A1:H1")
    ws.append(["导出时间:2026-01-05 08:00", None, None, None, None, None, "导出人:李四"])
    ws.append(["序号", "工号", "部门", "排班日期", "上班时间", "签到时间", "下班时间", "签退时间"])
    for r in [(1, "0012", "市民中心政务大厅", "2025-09-28", "08:30", "08:15", "17:30", "17:35"),
              (2, "0013", "市民中心政务大厅", "2025-09-30", "08:30", "-", "17:30", "无"),
              (3, "0014", "市民中心政务大厅", "2025-12-31", "08:30", "08:30", "17:30", "N/A")]:
        ws.append(list(r))
    ws.append(["合计", "3人次"])
    wb.save(tmp_path / "考勤.xlsx")


def test_records_check_says_how_many_placeholders_it_read_as_blank_per_column(tmp_path):
    import io

    from windoweval.records.check import check_records
    _hall(tmp_path)
    out = io.StringIO()
    assert check_records(tmp_path, out=out) == 0
    text = out.getvalue()
    line = next(x for x in text.splitlines() if "placeholders read as blank" in x)
    assert "按空白读取的占位符" in line
    assert "签到时间 → arrived_at: 1 格 / cells (-)" in line and "签退时间 → left_at: 2 格 / cells (N/A、无)" in line
    assert "never as met" in text


def test_an_xlsx_cell_reading_na_is_the_exports_word_as_in_a_csv(tmp_path):
    rows = [["检查编号", "窗口编号", "检查时间", "方式", "检查项", "结果"],
            ["V1", "ZW01", "2025-05-12 10:30", "inspection", "badge_worn", "NA"],
            ["V1", "ZW01", "2025-05-12 10:30", "inspection", "no_smoking", "pass"]]
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "inspections.xlsx")
    (tmp_path / "inspections.csv").write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    xlsx = read_records("inspections", tmp_path, mapping={"file": "inspections.xlsx"})
    csv = read_records("inspections", tmp_path, mapping={"file": "inspections.csv"})
    assert xlsx["result"].tolist() == csv["result"].tolist() == ["na", "pass"]


def test_records_map_looks_for_totals_words_per_column_not_per_cell(tmp_path, monkeypatch):
    import windoweval.records.totals as totals
    from windoweval.records.propose import propose

    def per_cell(v):   # the old way: Python per cell of every column
        raise AssertionError("a totals word looked for cell by cell")
    monkeypatch.setattr(totals, "_is_total", per_cell)
    import windoweval.records.propose as prop
    monkeypatch.setattr(prop, "_is_total", per_cell, raising=False)   # where the old code imported it
    f = tmp_path / "acd.csv"
    f.write_bytes(ACD.encode("gbk"))
    import yaml
    got = yaml.safe_load(propose(f, "calls_95598"))["calls_95598"]
    assert got["drop"] == {"CallID": ["Total"]}


def test_records_map_proposes_combine_for_an_attendance_export_with_placeholders(tmp_path):
    import yaml

    from windoweval.records.propose import propose
    _hall(tmp_path)
    got = yaml.safe_load(propose(tmp_path / "考勤.xlsx", "attendance"))["attendance"]
    assert got["combine"]["shift_start"] == {"date": "排班日期", "time": "上班时间"}
    assert got["combine"]["arrived_at"]["time"] == "签到时间"     # - in one row: still a column of times
    assert got["combine"]["left_at"]["time"] == "签退时间"        # 无 and N/A in two rows
    assert got["columns"]["部门"] == "window_id" and got["drop"] == {"序号": ["合计"]}


def test_records_map_leaves_a_contract_header_of_times_only_for_combine(tmp_path):
    import yaml

    from windoweval.records.propose import propose
    f = tmp_path / "his.csv"
    f.write_text("流水号,科室,报告日期,报告时间,收到时间\nL1,HLAB,2025-06-03,08:30,2025-06-03 08:00\n", encoding="gb18030")
    got = yaml.safe_load(propose(f, "hospital_events"))["hospital_events"]
    assert "报告时间" not in got.get("columns", {})           # read alone, 08:30 has no date
    assert got["combine"]["finished_at"] == {"date": "报告日期", "time": "报告时间"}


def test_records_map_on_an_acd_export_proposes_combine_and_names_the_duration_for_derive(tmp_path):
    import yaml

    from windoweval.records.propose import propose
    f = tmp_path / "acd.csv"
    f.write_bytes(ACD.replace("00:00:12", "12").replace("13秒", "13").encode("gbk"))
    text = propose(f, "calls_95598")
    got = yaml.safe_load(text)["calls_95598"]
    assert got["combine"]["offered_at"] == {"date": "Date", "time": "RingStart"}   # the Total row (Date = 6) aside
    assert "RingSec" not in got.get("columns", {})                                # 12 is no date-time
    assert any("RingSec" in x and "derive" in x for x in text.splitlines() if x.lstrip().startswith("#"))


def test_records_map_reads_a_queue_systems_english_headers(tmp_path):
    import yaml

    from windoweval.records.propose import propose
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Queue Management System - Ticket Report 2025"])
    ws.merge_cells("A1:F1")
    ws.append(["Serial No", "Dept", "Queue", "Take Time", "Call Time", "Counter"])
    ws.append(["Q1", "HBIL", "挂号收费", "2025-06-03 08:01:10", "2025-06-03 08:09:40", "3"])
    ws.append(["Q2", "HBIL", "挂号收费", "2025-06-03 08:02:00", "N/A", ""])
    ws.append(["Total", "2 tickets"])
    wb.save(tmp_path / "TicketReport.xlsx")
    got = yaml.safe_load(propose(tmp_path / "TicketReport.xlsx", "queue_tickets"))["queue_tickets"]
    assert got["columns"] == {"Serial No": "ticket_id", "Dept": "window_id", "Queue": "queue", "Take Time": "ticket_at",
                              "Call Time": "called_at", "Counter": "counter_id"}
    mapping = {**got, "file": "TicketReport.xlsx"}
    df = read_records("queue_tickets", tmp_path, mapping=mapping)
    assert df["ticket_id"].tolist() == ["Q1", "Q2"] and df["called_at"].isna().tolist() == [False, True]
