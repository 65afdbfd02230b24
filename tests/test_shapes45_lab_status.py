"""A laboratory sample's state (shapes45, left by newuser45): ``hospital_events`` had no status column, so an LIS row
marked released (已发布, 已审核) with no report time, past its deadline, was counted missed (overdue) - a report the
system says was sent, judged never sent.  Now the optional ``event_status`` (open / closed, as ``order_status`` is for
work orders) is read by the laboratory's report limits (检验科文明服务承诺 5: 三大常规 30 分钟, 生化免疫 9:30 前 →
14:30, 急诊 2 小时): closed with the report time blank is missing evidence (never a pass, never a miss); open past
its deadline stays missed.
"""
from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from _workspace import write_workspace

import windoweval as we
from windoweval.cli import main
from windoweval.records import read_records

MAPPING = """hospital_events:
  file: lis.csv
  columns: {SampleNo: event_id, Dept: window_id, ItemType: event_type, RecvTime: started_at, ReportTime: finished_at,
            标本状态: event_status}
  values:
    event_type: {1: lab_routine, 2: lab_biochem_immuno, 3: lab_emergency}
    event_status: {已发布: closed, 已审核: closed, 检验中: open, 待检: open}
"""
LIS = """SampleNo,Dept,ItemType,RecvTime,ReportTime,标本状态
L1,HLAB,1,2025-03-04 09:00,,已发布
L2,HLAB,1,2025-03-04 09:00,,检验中
L3,HLAB,2,2025-03-04 09:00,,已审核
L4,HLAB,2,2025-03-04 09:00,,待检
L5,HLAB,3,2025-03-04 10:00,2025-03-04 11:00,已发布
L6,HLAB,3,2025-03-04 10:00,,已审核
L7,HLAB,3,2025-03-04 10:00,,
"""


def _ws(tmp_path):
    d = write_workspace(tmp_path / "ws", (("HLAB", "检验科", "hospital_lab"),))
    (d / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    (d / "lis.csv").write_text(LIS, encoding="utf-8")
    return d


def test_status_is_read(tmp_path):
    df = read_records("hospital_events", _ws(tmp_path)).set_index("event_id")
    assert df["event_status"].astype("string").fillna("").to_dict() == {
        "L1": "closed", "L2": "open", "L3": "closed", "L4": "open", "L5": "closed", "L6": "closed", "L7": ""}


def test_released_without_time_is_missing_evidence_and_open_overdue_is_missed(tmp_path):
    card = we.score("hospital_commitments", 2025, data=_ws(tmp_path))
    r = card.results.set_index("measure")
    got = {m.split("#")[1]: (int(r.loc[m, "met"]), int(r.loc[m, "n"]), int(r.loc[m, "missing_evidence"]),
                             r.loc[m, "verdict"])
           for m in r.index if m.startswith("hospital_commitments.lab.5#")}
    # routine: L1 released, no time (missing evidence); L2 not done, overdue (missed)
    # biochem: L3 released (missing evidence); L4 waiting, overdue (missed)
    # emergency: L5 met; L6 released with no time (missing evidence); L7 no status, no time, overdue (missed)
    assert got == {"routine": (0, 1, 1, "fail"), "biochem_immuno": (0, 1, 1, "fail"),
                   "emergency": (1, 2, 1, "fail")}, got
    missed = set()
    for m in r.index:
        if m.startswith("hospital_commitments.lab.5#"):
            missed |= set(card.drilldown(m)["event_id"])
    assert missed == {"L2", "L4", "L7"}, missed


def test_records_check_counts_the_released_without_time(tmp_path):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        rc = main(["records", "check", "--data", str(_ws(tmp_path))])
    text = so.getvalue()
    assert rc == 0, text
    line = next((x for x in text.splitlines() if "已发布、已审核" in x), None)
    assert line is not None and ": 3 条" in line, text   # L1, L3, L6


def test_the_missing_evidence_says_why(tmp_path):
    card = we.score("hospital_commitments", 2025, data=_ws(tmp_path))
    me = card.missing_evidence()
    lab = me[me["measure"].str.startswith("hospital_commitments.lab.5#")]
    assert sorted(lab["event_id"]) == ["L1", "L3", "L6"], lab
    assert lab["reason"].str.contains("已发布、已审核").all() and lab["reason"].str.contains("released").all(), lab
