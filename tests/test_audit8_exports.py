"""A new organisation's own exports, read as its systems write them (eighth audit): a preamble above the headers
(导出时间 / 导出人, a merged group header), placeholder blanks (-, 无, /) in time and number columns, a code that
means "none" mapped to blank, units written after numbers (6付, 30分钟).  Each read without reshaping the file."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from windoweval.records.io import read_tables
from windoweval.records.read import read_records

HDR = ["工单编号", "供电单位", "工单类型", "受理时间", "到达现场时间", "归档时间", "处理时长", "联系电话"]
ROW = ["GD01", "PW01", "fault_repair", "2025-06-01 20:10", "2025-06-01 20:55", "2025-06-01 22:00", "1.8小时", "138"]


@pytest.mark.parametrize("above", [
    [["2025年工单明细表"], ["导出时间:2026-01-05 08:00", "", "", "", "导出人:张三"]],      # a title, then two cells
    [["制表单位:城东营业厅", "制表日期:2026-01-05"]],                                     # two cells, no title
    [["2025年工单明细表"], ["基本信息", "", "", "时间节点"]],                              # a merged group header
])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_preamble_rows_above_the_header_are_skipped(tmp_path, above, suffix):
    f = tmp_path / f"工单{suffix}"
    rows = above + [HDR, ROW, ROW[:0] + ["GD02"] + ROW[1:]]
    if suffix == ".csv":
        f.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append(r)
        wb.save(f)
    t = read_tables(f)[0]
    assert t.headers[:4] == HDR[:4]
    assert t.first_row == len(above) + 2
    assert t.frame.iloc[:, 0].tolist() == ["GD01", "GD02"]


def test_a_header_with_an_unnamed_column_is_still_the_header(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("工单编号,,受理时间,窗口编号,工单类型\nW1,x,2025-06-01 20:10,PW01,fault_repair\n", encoding="utf-8")
    t = read_tables(f)[0]
    assert t.headers == ["工单编号", "", "受理时间", "窗口编号", "工单类型"] and t.first_row == 2


COMPLAINTS = ("诉求编号,来源渠道,诉求分类,窗口编号,受理日期,答复日期,处理完成日期,回访日期,回访满意度,工时\n"
              "TS1,95598,投诉,PW01,2025/3/1 8:05,2025/3/6 17:00,2025/3/6 17:00,2025/3/7 10:00,满意,2\n"
              "TS2,95598,投诉,PW01,2025/3/1 8:05,-,－,无,无,-\n"
              "TS3,95598,投诉,PW01,2025/3/1 8:05,/,—,N/A,无,无\n")
MAP = {"columns": {"诉求编号": "case_id", "来源渠道": "channel", "诉求分类": "kind", "受理日期": "received_at",
                   "答复日期": "replied_at", "处理完成日期": "resolved_at", "回访日期": "callback_at",
                   "回访满意度": "callback_result"},
       "ignore": ["工时"],
       "values": {"kind": {"投诉": "complaint"}, "callback_result": {"满意": "satisfied", "无": None}}}


def test_placeholders_in_time_columns_are_blank_and_a_code_maps_to_blank(tmp_path):
    (tmp_path / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8-sig")
    df = read_records("complaints", tmp_path, mapping=MAP).set_index("case_id")
    assert df.loc["TS1", "replied_at"] == pd.Timestamp("2025-03-06 17:00")
    for case in ("TS2", "TS3"):    # 答复 / 办结 / 回访 not yet: blank, so the case is open or overdue, never refused
        assert df.loc[case, ["replied_at", "resolved_at", "callback_at", "callback_result"]].isna().all()
    assert df.loc["TS1", "callback_result"] == "satisfied"


def test_a_placeholder_in_a_required_time_column_is_refused_as_empty(tmp_path):
    (tmp_path / "complaints.csv").write_text(COMPLAINTS.replace("TS3,95598,投诉,PW01,2025/3/1 8:05", "TS3,95598,投诉,PW01,-"),
                                             encoding="utf-8")
    from windoweval.records import RecordsError
    with pytest.raises(RecordsError) as e:
        read_records("complaints", tmp_path, mapping=MAP)
    assert "received_at" in str(e.value) and "row 4" in str(e.value)


def test_placeholders_in_number_columns_are_blank():
    from windoweval.records import validate
    df = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "window_id": "HPHA", "event_type": "prescription_chinese",
                       "doses": ["5", "-", "无"], "started_at": "2025-03-03 09:00", "finished_at": ["2025-03-03 09:08", "-", "—"]})
    out = validate(df, "hospital_events", file="x.csv")
    assert out["doses"].tolist()[0] == 5 and out["doses"].isna().tolist() == [False, True, True]
    assert out["finished_at"].isna().tolist() == [False, True, True]


def test_a_unit_written_after_a_number_is_read_in_the_contract_unit():
    from windoweval.records import validate
    ev = pd.DataFrame({"event_id": ["E1", "E2", "E3"], "window_id": "HPHA", "event_type": "prescription_chinese",
                       "doses": ["6付", "５付", "3 剂"], "started_at": "2025-03-03 09:00"})
    assert validate(ev, "hospital_events", file="x.csv")["doses"].tolist() == [6, 5, 3]
    vr = pd.DataFrame({"point_id": ["V1", "V2", "V3"], "window_id": "PW01", "supply_type": "single_phase_220v",
                       "nominal_v": ["220V", "220 伏", "220"], "measured_v": ["231.5V", "0.2305kV", "230"],
                       "read_at": ["2025-05-01 00:00", "2025-05-01 01:00", "2025-05-01 02:00"],
                       "duration_min": ["60分钟", "1小时", "0.5 h"], "system_state": "normal"})
    out = validate(vr, "voltage_readings", file="x.csv")
    assert out["duration_min"].tolist() == [60, 60, 30] and out["nominal_v"].tolist() == [220, 220, 220]
    assert out["measured_v"].tolist() == [231.5, 230.5, 230]


# 1小时30分 was refused here until the eleventh round, which reads a duration written in hours and minutes (90 min,
# tests/test_audit18_exports.py); 1周 (a week) is a unit no duration column takes
@pytest.mark.parametrize("cell", ["两小时", "6 apples", "1周"])
def test_a_number_with_an_unknown_unit_is_still_refused(cell):
    from windoweval.records import RecordsError, validate
    vr = pd.DataFrame({"point_id": ["V1"], "window_id": "PW01", "supply_type": "single_phase_220v", "nominal_v": "220",
                       "measured_v": "230", "read_at": "2025-05-01 00:00", "duration_min": [cell], "system_state": "normal"})
    with pytest.raises(RecordsError) as e:
        validate(vr, "voltage_readings", file="x.csv")
    assert "duration_min" in str(e.value)


@pytest.mark.parametrize("cell", ["NaN", "NA", "n.a."])
def test_nan_or_na_in_a_number_column_is_a_blank_cell_not_a_number(cell):
    """An export's word for "no value" (NaN, NA) reads as the blank cell it stands for: missing evidence, counted by
    records check as a placeholder, never a number (it was refused until the tenth round; a workbook's NA, read as
    written since that round, refused whole files)."""
    from windoweval.records import validate
    vr = pd.DataFrame({"point_id": ["V1"], "window_id": "PW01", "supply_type": "single_phase_220v", "nominal_v": "220",
                       "measured_v": "230", "read_at": "2025-05-01 00:00", "duration_min": [cell], "system_state": "normal"})
    assert validate(vr, "voltage_readings", file="x.csv")["duration_min"].isna().all()


def test_combine_takes_an_excel_serial_date_a_placeholder_time_and_a_time_cell_holding_the_date(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["流水号", "来电日期", "振铃时刻", "应答时刻", "挂机时刻"])
    ws.append(["C1", 45717, 0.5, "-", 0.50006])                        # a General-format serial day and fractions
    ws.append(["C2", "2025-03-01", "12:00:00", "2025-03-01 12:00:13", "无"])   # the answer time written whole
    ws.append(["C3", "2025/3/1", "23:59:55", "00:00:08", "—"])
    wb.save(tmp_path / "话单.xlsx")
    mapping = {"file": "话单.xlsx", "columns": {"流水号": "call_id"}, "constant": {"window_id": "CC95598"},
               "combine": {"offered_at": {"date": "来电日期", "time": "振铃时刻"},
                           "answered_at": {"date": "来电日期", "time": "应答时刻", "after": "offered_at"},
                           "hung_up_at": {"date": "来电日期", "time": "挂机时刻", "after": "offered_at"}}}
    df = read_records("calls_95598", tmp_path, mapping=mapping).set_index("call_id")
    assert df.loc["C1", "offered_at"] == pd.Timestamp("2025-03-01 12:00:00")
    assert pd.isna(df.loc["C1", "answered_at"]) and df.loc["C1", "hung_up_at"] == pd.Timestamp("2025-03-01 12:00:05")
    assert df.loc["C2", "answered_at"] == pd.Timestamp("2025-03-01 12:00:13") and pd.isna(df.loc["C2", "hung_up_at"])
    assert df.loc["C3", "answered_at"] == pd.Timestamp("2025-03-02 00:00:08")


def test_a_totals_row_marked_in_a_column_not_read_is_named_with_its_drop_entry(tmp_path):
    from windoweval.records import RecordsError
    (tmp_path / "work_orders.csv").write_text(
        "序号,工单号,窗口编号,工单类型,受理时间\n1,W1,PW01,fault_repair,2025-06-01 20:10\n合计,1条,,,\n", encoding="gb18030")
    with pytest.raises(RecordsError) as e:
        read_records("work_orders", tmp_path, mapping={"ignore": ["序号"]})
    p = e.value.problems
    hit = p[p["code"] == "totals_row"]
    assert hit[["row", "column", "value"]].values.tolist() == [[3, "序号", "合计"]]
    assert "drop: {序号: [合计]}" in hit["fix_zh"].iloc[0] and "drop: {序号: [合计]}" in hit["fix_en"].iloc[0]
    # and the entry it names reads the file, the row counted as dropped
    assert read_records("work_orders", tmp_path, mapping={"ignore": ["序号"], "drop": {"序号": ["合计"]}})["order_id"].tolist() == ["W1"]


def test_records_map_proposes_the_drop_of_a_totals_row_and_null_for_a_placeholder_code(tmp_path):
    import yaml

    from windoweval.records.propose import propose
    f = tmp_path / "诉求台账.csv"
    f.write_text("序号,工单编号,受理渠道,诉求类型,窗口编号,受理时间,回访结果\n"
                 "1,TS1,95598,complaint,PW01,2025-03-01 08:05,satisfied\n2,TS2,95598,complaint,PW01,2025-03-01 08:05,无\n"
                 "合计,2件,,,,,\n", encoding="utf-8-sig")
    got = yaml.safe_load(propose(f, "complaints"))["complaints"]
    assert got["drop"] == {"序号": ["合计"]}
    assert got["values"]["callback_result"] == {"无": None}
    mapping = {**got, "file": f.name}
    assert read_records("complaints", tmp_path, mapping=mapping)["case_id"].tolist() == ["TS1", "TS2"]
