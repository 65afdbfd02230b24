"""Verdicts worked out by hand from the standards' text and the reading guide, for a new organisation's own exports
(eleventh audit): a government service hall's attendance workbook (standards 2 and 5), a hospital HIS export of
laboratory and pharmacy events (standard 3) and a 95598 ACD export with ring durations (standard 1, 第十条(二)6).
Every row is counted, refused with a reason, or shown as open / not assessed."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from windoweval.scoring import score

TOML = """name = "某市政务服务中心与某市人民医院"
mapping_file = "mapping.yaml"
[[windows]]
id = "ZW01"
name = "市民中心政务大厅"
kind = "service_hall"
[[windows]]
id = "HLAB"
name = "检验科"
kind = "hospital_lab"
[[windows]]
id = "HPHA"
name = "门诊药房"
kind = "hospital_pharmacy"
[[windows]]
id = "CC95598"
name = "95598客服中心"
kind = "call_centre"
"""
MAPPING = """calls_95598:
  file: ACD话务明细.csv
  columns: {CallID: call_id, AgentNo: agent_id}
  combine: {offered_at: {date: Date, time: RingStart}}
  derive:
    answered_at: {from: offered_at, add: RingSec, when: {Result: [ANSWERED]}}
    hung_up_at: {from: offered_at, add: RingSec, when: {Result: [ABANDONED]}}
  constant: {window_id: CC95598}
  drop: {CallID: [Total]}
hospital_events:
  file: HIS导出.csv
  columns: {流水号: event_id, 科室: window_id, 项目类别: event_type, 付数: doses, 特殊情况: exempt}
  combine:
    started_at: {date: 接收日期, time: 接收时间}
    finished_at: {date: 报告日期, time: 报告时间, after: started_at}
  values:
    event_type: {急诊检验: lab_emergency, 三大常规: lab_routine, 生化免疫: lab_biochem_immuno, 中药处方: prescription_chinese,
                 西药处方: prescription_western}
    window_id: {检验科: HLAB, 门诊药房: HPHA}
    exempt: {仪器故障: "是"}
  drop: {流水号: [合计]}
attendance:
  file: 考勤.xlsx
  columns: {工号: staff_id, 部门: window_id}
  combine:
    shift_start: {date: 排班日期, time: 上班时间}
    arrived_at: {date: 排班日期, time: 签到时间}
    shift_end: {date: 排班日期, time: 下班时间}
    left_at: {date: 排班日期, time: 签退时间}
  ignore: [序号]
  values: {window_id: {市民中心政务大厅: ZW01}}
  drop: {序号: [合计]}
"""
HIS = [
    "流水号,科室,项目类别,付数,接收日期,接收时间,报告日期,报告时间,特殊情况",
    "L001,检验科,急诊检验,,2025-12-31,23:50,2026-01-01,01:30,否",     # 1 h 40 over the year's end: met (year 2025)
    "L002,检验科,急诊检验,,2025-12-31,22:00,2026-01-01,00:01,否",     # 2 h 01: missed
    "L008,检验科,急诊检验,,2025-12-31,23:30,-,-,否",                  # due 01:30 of 2026, after the cut-off: open
    "L003,检验科,三大常规,,2025-06-03,08:00,2025-06-03,08:30,否",     # 30 min exactly: within, met
    "L004,检验科,三大常规,,2025-06-03,08:00,2025-06-03,08:31,仪器故障",  # 适当延长: the time allowed unknown, not judged
    "L007,检验科,三大常规,,2025-06-03,10:00,-,-,否",                  # no report, deadline long past: missed
    "L005,检验科,生化免疫,,2025-06-03,09:29,2025-06-03,14:30,否",     # before 09:30, reported by 14:30: met
    "L006,检验科,生化免疫,,2025-06-03,09:30,2025-06-03,16:00,否",     # 09:30 is not 前 09:30: outside the promise
    "P001,门诊药房,中药处方,6付,2025-06-03,10:00,2025-06-03,10:20,否",  # 5付以上, 20 min: met
    "P002,门诊药房,中药处方,5付,2025-06-03,10:00,2025-06-03,10:11,否",  # 5付以下, 11 min: missed
    "P003,门诊药房,西药处方,,2025-06-03,10:00,2025-06-03,2025-06-03 10:04,否",  # the time cell holds its date: met
    "P004,门诊药房,西药处方,,2025-06-04,23:58,2025-06-04,2025-06-05 00:02,否",  # past midnight, 4 min: met
    "P005,门诊药房,西药处方,,2025-06-04,10:00,2025-06-04 10:03,,否",   # the date cell holds the time: met
    "合计,13条,,,,,,,",
]
ACD = [
    "CallID,Date,RingStart,RingSec,Result,AgentNo",
    "A1,2025-12-31,23:59:55,10,ANSWERED,1001",    # answered 00:00:05 of 2026 after 10 s: met, a 2025 call
    "A2,2025-06-01,10:00:00,12,ANSWERED,1002",    # 12 s exactly (铃响4声(12秒)内): met
    "A3,2025-06-01,10:01:00,13,ANSWERED,1002",    # 13 s: missed
    "A4,2025-06-01,10:02:00,5,ABANDONED,",        # hung up at 5 s, not yet owed an answer: not counted
    "A5,2025-06-01,10:03:00,20,ABANDONED,",       # hung up at 20 s unanswered: missed
    "Total,5,,,,",
]
ATTENDANCE = [   # 2025-09-28 (Sun) and 10-11 (Sat) are 调休 working days: shifts like any other
    (1, "0012", "市民中心政务大厅", "2025-09-28", "08:30", "08:15", "17:30", "17:35"),
    (2, "0012", "市民中心政务大厅", "2025-09-29", "08:30", "08:25", "17:30", "17:20"),
    (3, "0013", "市民中心政务大厅", "2025-09-29", "08:30", "08:31", "17:30", "17:30"),
    (4, "0013", "市民中心政务大厅", "2025-09-30", "08:30", "-", "17:30", "无"),
    (5, "0014", "市民中心政务大厅", "2025-10-11", "08:30", "08:20", "17:30", "17:30"),
    (6, "0014", "市民中心政务大厅", "2025-12-31", "08:30", "08:30", "17:30", "N/A"),
]
# (measure, window): (records, n, met, open, not assessed, exempt) by hand
EXPECTED = {
    # 标准2 第十条1 提前到岗: at or before the shift start; row 4 no clock-in: evidence missing, as under 标准5 一、1
    # (the fourteenth audit's reading: a 缺卡 is read the same way in every standard, never as a miss)
    ("etiquette.10.1#attendance", "ZW01"): (6, 5, 4, 0, 1, 0),
    # 标准5 一、1 提倡提前10分钟: at least 10 min before (rows 1 and 5, exactly 10); row 4 no clock-in: evidence missing
    ("window_staff.1.1", "ZW01"): (6, 5, 2, 0, 1, 0),
    # 标准5 六、5 不准擅离职守: no leaving before the shift end (row 2 left 10 min early); rows 4 and 6 no clock-out
    ("window_staff.6.5#early_leave", "ZW01"): (6, 4, 3, 0, 2, 0),
    ("hospital_commitments.lab.5#emergency", "HLAB"): (3, 2, 1, 1, 0, 0),
    ("hospital_commitments.lab.5#routine", "HLAB"): (3, 2, 1, 0, 1, 0),
    ("hospital_commitments.lab.5#biochem_immuno", "HLAB"): (1, 1, 1, 0, 0, 1),   # L006 outside
    ("hospital_commitments.pharmacy.7#western", "HPHA"): (3, 3, 3, 0, 0, 0),
    ("hospital_commitments.pharmacy.7#chinese_up_to_5", "HPHA"): (1, 1, 0, 0, 0, 0),
    ("hospital_commitments.pharmacy.7#chinese_over_5", "HPHA"): (1, 1, 1, 0, 0, 0),
    ("power_window.10.2.6", "CC95598"): (4, 4, 2, 0, 0, 1),   # A4 not owed an answer
}


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    d = tmp_path_factory.mktemp("org")
    (d / "windoweval.toml").write_text(TOML, encoding="utf-8")
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (d / "HIS导出.csv").write_bytes(("\r\n".join(HIS) + "\r\n").encode("gb18030"))
    (d / "ACD话务明细.csv").write_bytes(("\r\n".join(ACD) + "\r\n").encode("gbk"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["市民中心政务大厅2025年考勤明细表"])
    ws.merge_cells("A1:H1")
    ws.append(["导出时间:2026-01-05 08:00", None, None, None, None, None, "导出人:李四"])
    ws.append(["序号", "工号", "部门", "排班日期", "上班时间", "签到时间", "下班时间", "签退时间"])
    for r in ATTENDANCE:
        ws.append(list(r))
    ws.append(["合计", "6人次"])
    wb.save(d / "考勤.xlsx")
    return score(None, 2025, data=d)


@pytest.mark.parametrize("measure, window", sorted(EXPECTED))
def test_verdict_counts_match_the_hand_reading(card, measure, window):
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    got = tuple(int(r[c]) for c in ("records", "n", "met", "open", "not_assessed", "exempt"))
    assert got == EXPECTED[(measure, window)]
    assert r["verdict"] == ("pass" if r["met"] == r["n"] else "fail")   # every target here is 1.0 but 1.1 (0.9)


def test_no_window_passes_on_missing_evidence(card):
    w = card.windows.set_index("window_id")
    assert (w["passed"] <= w["measures"] - w["no_data"]).all()
    assert pd.isna(card.results.loc[card.results["n"] == 0, "rate"]).all()
