"""verdicts48: verdicts checked by hand against the standards' text (after verdicts47/47b).

Promises (第五条(二) 供电服务承诺兑现率100%, 第十三条(六) 定期向社会公布承诺兑现率): a promise whose kind of records holds no
record at all in the year is insufficient evidence, never kept, and all promises together are then never "达到 100%"
(one fault repair kept, no complaint, counter or meter-reading file at all, read 100.0 % met before); a promise whose
deadline falls after the data's cut-off is open (未到期); two promises end to end against their clauses' words.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from windoweval.promises import NO_RECORDS, fulfilment, occurrences, publication_table

ROOT = Path(__file__).resolve().parents[1]

WS = 'name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def _data(tmp_path: Path, orders: str, complaints: str | None = None, extra: str = "") -> Path:
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(extra + WS, encoding="utf-8")   # top-level keys before [[windows]]
    (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at,completed_at\n" + orders,
                                       encoding="utf-8")
    if complaints is not None:
        (d / "complaints.csv").write_text("case_id,window_id,channel,kind,received_at,replied_at\n" + complaints,
                                          encoding="utf-8")
    return d


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "windoweval", *args], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)


def test_a_promise_with_no_record_of_its_kind_is_insufficient_and_all_promises_never_kept(tmp_path):
    """One fault repair kept and a complaints file; no counter-transaction, meter-reading or outage file at all.
    Before: every other promise read 无数据 and all promises together 100.0 %, 达到 100% / met (a pass on missing
    evidence); the promise with records of its kind but no occurrence (a billing query: none received) stays 无数据."""
    d = _data(tmp_path, "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,\n",
              "C1,PW01,counter,complaint,2025-03-01 10:00,2025-03-02 10:00\n")
    occ = occurrences(2025, data=d, standard="power_window")
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window").set_index("promise_id")["verdict"]
    assert per["pw_fault_repair_45min"] == "pass" and per["pw_complaint_reply_5d"] == "pass"
    for p in ("pw_resident_payment_5min", "pw_meter_reading_on_schedule", "pw_planned_outage_notice_7d"):
        assert per[p] == "insufficient", p
    # work orders there are, none a billing query; complaints there are, none a report: nothing owed, no data
    assert per["pw_billing_query_1wd"] == "no_data" and per["pw_report_reply_10d"] == "no_data"
    # a promise no window of this workspace is subject to (95598: no call centre) is not insufficient
    assert per["pw_95598_12s"] == "no_data"
    total = fulfilment(by=[], occ=occ, standard="power_window").iloc[0]
    assert (int(total["occurrences"]), int(total["met"]), total["verdict"]) == (2, 2, "insufficient")
    win = fulfilment(by=["window_id"], occ=occ, standard="power_window").set_index("window_id")["verdict"]
    assert win["PW01"] == "insufficient"
    # the promises without a record of their kind, with the windows subject to them
    assert set(occ.attrs[NO_RECORDS]) == {"pw_resident_payment_5min", "pw_electricity_business_15min",
                                          "pw_meter_reading_on_schedule", "pw_planned_outage_notice_7d"}
    assert set(occ.attrs[NO_RECORDS].values()) == {("PW01",)}
    pub = publication_table(2025, occ=occ, standard="power_window")
    rate = pub.set_index("承诺事项")["兑现率"]
    assert rate["全部承诺"] == "证据不足(已判定的 2 次均兑现;4 项承诺本年无此类记录)"
    assert rate["按规定日期准确抄表"] == "证据不足(本年无此类记录)"
    assert rate["书面查询电费,1个工作日内书面答复"] == "无数据"
    en = publication_table(2025, occ=occ, standard="power_window", lang="en").set_index("Promise")["Rate kept"]
    assert en["All promises"].startswith("insufficient evidence (kept in all 2 judged; 4 promises without")
    # the caller's occurrences are not changed by the table
    assert "period" not in occ.columns and set(occ.attrs[NO_RECORDS]) == set(per[per == "insufficient"].index)
    out = _cli("promises", "--year", "2025", "--data", str(d), "--standard", "power_window")
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("总兑现率"))
    assert "达到 100% / met" not in line and "证据不足" in line and "insufficient evidence: 4 promise(s)" in line
    assert "pw_meter_reading_on_schedule" in line


def test_every_kind_present_keeps_the_verdict_and_the_unsubject_promise_is_not_counted(tmp_path):
    """The rule reads the kinds, not the promises: with a file of each kind a hall is subject to, all kept reads met."""
    d = _data(tmp_path, "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,\n",
              "C1,PW01,counter,complaint,2025-03-01 10:00,2025-03-02 10:00\n")
    (d / "counter_transactions.csv").write_text(
        "ticket_id,window_id,business_type,ticket_at,started_at,ended_at\n"
        "T1,PW01,resident_payment,2025-03-04 08:58,2025-03-04 09:00,2025-03-04 09:05\n",
        encoding="utf-8")
    (d / "meter_readings.csv").write_text(
        "reading_id,window_id,customer_id,scheduled_on,read_at\nR1,PW01,C1,2025-03-05,2025-03-05 10:00\n", encoding="utf-8")
    (d / "outages.csv").write_text(
        "outage_id,customer_id,window_id,voltage_class,outage_kind,announced_at,start_at,cause_cleared_at,restored_at\n"
        "O1,C1,PW01,kv10,planned,2025-03-01 09:00,2025-03-08 08:00,2025-03-08 12:00,2025-03-08 12:10\n", encoding="utf-8")
    occ = occurrences(2025, data=d, standard="power_window")
    assert occ.attrs[NO_RECORDS] == {}
    per = fulfilment(by=["promise_id"], occ=occ, standard="power_window").set_index("promise_id")["verdict"]
    assert "insufficient" not in set(per)
    assert fulfilment(by=[], occ=occ, standard="power_window").iloc[0]["verdict"] == "pass"


def test_a_reply_due_after_the_cut_off_is_open_and_the_five_days_count_from_the_day_after(tmp_path):
    """第十三条(五) 对客户投诉在5天内答复 (5天: calendar days, the day of receipt not counted, the guide's rule): a complaint
    received 1 March 10:00 is kept by a reply at 23:59:59 on 6 March, broken at 00:00:00 on 7 March; one received
    on 29 December, unanswered, is due on 3 January: at the year's end cut-off it is open (未到期), never kept or
    broken; one received 20 December, unanswered, was due on 25 December: broken."""
    d = _data(tmp_path, "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,\n",
              "C1,PW01,counter,complaint,2025-03-01 10:00,2025-03-06 23:59:59\n"
              "C2,PW01,counter,complaint,2025-03-01 10:00,2025-03-07 00:00:00\n"
              "C3,PW01,counter,complaint,2025-12-29 10:00,\n"
              "C4,PW01,counter,complaint,2025-12-20 10:00,\n")
    occ = occurrences(2025, data=d, standard="power_window")
    got = occ[occ["promise_id"] == "pw_complaint_reply_5d"].set_index("record_id")
    assert got["passed"].to_dict() == {"C1": True, "C2": False, "C3": pd.NA, "C4": False} or (
        [got.at[c, "passed"] for c in ("C1", "C2", "C4")] == [True, False, False] and pd.isna(got.at["C3", "passed"]))
    assert got["open"].to_dict() == {"C1": False, "C2": False, "C3": True, "C4": False}
    # only the open one: open, 未到期 in the published table
    only = occ[occ["record_id"] == "C3"]
    t = fulfilment(by=["promise_id"], occ=only, standard="power_window").set_index("promise_id")
    assert t.at["pw_complaint_reply_5d", "verdict"] == "open"
    pub = publication_table(2025, occ=only, standard="power_window").set_index("承诺事项")
    assert pub.at["您的投诉,5天内给您答复", "兑现率"] == "未到期"


def test_the_one_working_day_billing_reply_across_national_day(tmp_path):
    """第十条(二)4 接到客户书面查询电费账目后,在1个工作日内书面回复客户 (the guide's reading 1个工作内 → 1个工作日内): a
    query received on 30 September 2025 is due at the end of the next working day, 9 October (1-8 October are the
    National Day and Mid-Autumn holidays; 28 September, a Sunday, was a 调休 working day before it): a reply on
    9 October at 23:59 keeps the promise, one on 10 October breaks it; a query received on Saturday 27 September
    (a rest day) is due at the end of Sunday 28 September, the make-up working day."""
    d = _data(tmp_path, "Q1,PW01,billing_query,2025-09-30 16:00,,2025-10-09 23:59\n"
                        "Q2,PW01,billing_query,2025-09-30 16:00,,2025-10-10 08:00\n"
                        "Q3,PW01,billing_query,2025-09-27 10:00,,2025-09-28 17:00\n"
                        "Q4,PW01,billing_query,2025-09-27 10:00,,2025-09-30 09:00\n")
    occ = occurrences(2025, data=d, standard="power_window")
    got = occ[occ["promise_id"] == "pw_billing_query_1wd"].set_index("record_id")["passed"].astype(bool).to_dict()
    assert got == {"Q1": True, "Q2": False, "Q3": True, "Q4": False}


def test_too_few_records_is_insufficient_with_the_count_said(tmp_path):
    """A window with fewer assessed records than the workspace's min_records: insufficient evidence, never a pass on
    two repairs both on time; `windoweval score` says which cell, its count and the minimum (before, a bare ``?``)."""
    from windoweval.scoring import score

    d = _data(tmp_path, "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,\n"
                        "2,PW01,fault_repair,2025-06-02 18:00,2025-06-02 18:45,\n", extra="min_records = 3\n")
    r = score("power_window", 2025, data=d).results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (2, 2, "insufficient")
    out = _cli("score", "--standard", "power_window", "--year", "2025", "--data", str(d), "--out", str(tmp_path / "o"))
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if "min_records" in x)
    assert "power_window.10.2.5 @ PW01: 2 < 3" in line and line.startswith("已评价记录少于")
    # at the minimum it passes (不少于 the minimum is enough)
    (d / "work_orders.csv").write_text((d / "work_orders.csv").read_text(encoding="utf-8")
                                       + "3,PW01,fault_repair,2025-06-03 18:00,2025-06-03 18:45,\n", encoding="utf-8")
    r = score("power_window", 2025, data=d).results.set_index("measure").loc["power_window.10.2.5"]
    assert (int(r["n"]), r["verdict"]) == (3, "pass")


def _callbacks(called: int, not_called: int, extra: list | None = None) -> pd.DataFrame:
    from windoweval.records import validate

    rows = [{"case_id": f"F{i}", "channel": "95598", "kind": "fault_repair", "window_id": "PW01",
             "received_at": "2025-05-06 09:00", "resolved_at": "2025-05-06 11:00", "case_status": "closed",
             "callback_at": "2025-05-07 10:00" if i < called else None,
             "callback_result": "satisfied" if i < called else None} for i in range(called + not_called)]
    return validate(pd.DataFrame(rows + (extra or [])).astype(object), "complaints", file="诉求.csv")


def _rate_cell(df: pd.DataFrame, measure: str):
    import tempfile

    from windoweval.records.workspace import Workspace
    from windoweval.scoring import score

    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "a", "kind": "power_hall"}]})
    r = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"complaints": df}).results
    return r.set_index("measure").loc[measure]


def test_callback_rate_exactly_90_percent_passes_and_its_denominator():
    """第十三条(五) 回访率不低于90% (不低于: at least; 90 % itself passes): 9 of 10 fault repairs called back pass, 17 of 19
    (89.5 %) fail; a suggestion and an enquiry are owed no callback (not in the denominator); a case the customer
    could not be reached in counts as not called back; a callback with no result written is missing evidence, and
    at the threshold it decides: 9 of 10 with one such is insufficient evidence, never a pass."""
    r = _rate_cell(_callbacks(9, 1), "power_window.13.5#fault_repair_callback")
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (10, 9, "pass")
    r = _rate_cell(_callbacks(17, 2), "power_window.13.5#fault_repair_callback")
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (19, 17, "fail")
    other = [{"case_id": f"S{i}", "channel": "counter", "kind": k, "window_id": "PW01",
              "received_at": "2025-05-06 09:00", "resolved_at": "2025-05-06 11:00", "case_status": "closed"}
             for i, k in enumerate(["suggestion", "enquiry"])]
    r = _rate_cell(_callbacks(9, 1, other), "power_window.13.5#callback_rate")
    assert (int(r["records"]), int(r["n"]), int(r["met"]), r["verdict"]) == (10, 10, 9, "pass")
    unreached = [{"case_id": "U1", "channel": "95598", "kind": "fault_repair", "window_id": "PW01",
                  "received_at": "2025-05-06 09:00", "resolved_at": "2025-05-06 11:00", "case_status": "closed",
                  "callback_at": "2025-05-07 10:00", "callback_result": "unreachable"}]
    r = _rate_cell(_callbacks(9, 0, unreached), "power_window.13.5#fault_repair_callback")
    assert (int(r["n"]), int(r["met"]), r["verdict"]) == (10, 9, "pass")
    blank = [{"case_id": "B1", "channel": "95598", "kind": "fault_repair", "window_id": "PW01",
              "received_at": "2025-05-06 09:00", "resolved_at": "2025-05-06 11:00", "case_status": "closed",
              "callback_at": "2025-05-07 10:00", "callback_result": None}]
    r = _rate_cell(_callbacks(8, 1, blank), "power_window.13.5#fault_repair_callback")
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (9, 8, 1, "insufficient")
