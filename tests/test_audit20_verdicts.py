"""Verdicts on evidence, round six (twentieth audit): a record the system marks closed with its time blank, the
printed missing-evidence counts, and the open orders ``records check`` counts; every verdict worked by hand first.

- 标准1 第十条(二)5/9 and 第十三条(五): a work order, restoration order, outage or complaint the system marks closed
  (已办结, 归档, 完成; a work order 撤单) with no time for the step the clause reads was read as open (a restoration order,
  an outage within its first working day) or as overdue (missed).  The step happened; when is unknown: missing
  evidence (insufficient), with the reason in ``<name>_missing_evidence.*``.  The new optional status columns
  (``order_status``, ``outage_status``) are read as the complaints' ``case_status``; ``records map`` proposes them.
- A status saying open (or none) changes nothing: the same rows read as before.
- ``windoweval score`` printed one missing-evidence count that added records to hour slots and promise occurrences;
  it prints records and units (by kind) apart.  ``records check`` counts the orders filed but not yet accepted
  (open) and those marked closed with no completion apart from refused rows.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from _workspace import run_cli, workspace, write_workspace

from windoweval.records import validate
from windoweval.scoring import score

_HALLS = (("PW01", "城东营业厅", "power_hall"), ("PW02", "城西营业厅", "power_hall"))


def _ws(extracted: str | None = None):
    return workspace(_HALLS, **({"extracted_at": extracted} if extracted else {}))


def _row(card, measure: str, window: str) -> dict:
    r = card.results.set_index(["measure", "window_id"]).loc[(measure, window)]
    # a measure judged over units (hour slots, crowded snapshots) counts them under units, records <NA> (left19v)
    r = r.copy()
    r["records"] = r["units"] if r["records"] is pd.NA else r["records"]
    return {c: (r[c] if c == "verdict" else int(r[c]))
            for c in ("records", "n", "met", "open", "missing_evidence", "verdict")}


def _orders(status) -> pd.DataFrame:
    """PW01: a fault repair received Mon 2 Jun 2025 09:00 with no arrival time; a restoration order filed Mon 2 Jun
    with neither its clock start (cause cleared) nor its completion.  PW02: a fault repair arrived in 30 minutes."""
    return pd.DataFrame({
        "order_id": ["R1", "S1", "R2"], "window_id": ["PW01", "PW01", "PW02"],
        "order_type": ["fault_repair", "supply_restoration", "fault_repair"],
        "filed_at": ["2025-06-02 09:00", "2025-06-02 09:00", "2025-06-02 09:00"],
        "received_at": ["2025-06-02 09:00", None, "2025-06-02 09:00"],
        "arrived_at": [None, None, "2025-06-02 09:30"], "completed_at": [None, None, "2025-06-02 11:00"],
        "order_status": [status, status, "closed"]})


# -- 1. marked closed, the time blank: missing evidence, never open nor missed ----------------------------------

def test_a_work_order_marked_closed_without_its_time_is_missing_evidence():
    """已办结 with no arrival time: the arrival happened, when is unknown.  By the year's end the 45 minutes from 2 Jun
    09:00 have passed: it read as missed (fail); now missing evidence, none assessed: insufficient.  The restoration
    order marked 已办结 with neither time read as open (its clock not started): now missing evidence too."""
    orders = validate(_orders("closed"), "work_orders", file="工单.csv")
    card = score("power_window", 2025, data=".", workspace=_ws(), records={"work_orders": orders})
    assert _row(card, "power_window.10.2.5", "PW01") == {
        "records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1, "verdict": "insufficient"}
    assert _row(card, "power_window.10.2.9#work_orders", "PW01") == {
        "records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1, "verdict": "insufficient"}
    assert _row(card, "power_window.10.2.5", "PW02")["verdict"] == "pass"   # its times given: judged on them
    lacking = card.missing_evidence(["power_window.10.2.5", "power_window.10.2.9#work_orders"])
    assert sorted(lacking["order_id"]) == ["R1", "S1"]
    assert lacking["reason"].str.contains("已办结").all() and lacking["reason"].str.contains("closed").all()


@pytest.mark.parametrize("status", ["open", None])
def test_a_status_saying_open_or_nothing_changes_nothing(status):
    """The same rows with 处理中 (open) or no status: the repair past its 45 minutes unarrived is missed, the
    restoration order not yet started is open, as before this round."""
    orders = validate(_orders(status), "work_orders", file="工单.csv")
    card = score("power_window", 2025, data=".", workspace=_ws(), records={"work_orders": orders})
    assert _row(card, "power_window.10.2.5", "PW01")["verdict"] == "fail"
    assert _row(card, "power_window.10.2.9#work_orders", "PW01") == {
        "records": 1, "n": 0, "met": 0, "open": 1, "missing_evidence": 0, "verdict": "open"}


def test_an_outage_marked_restored_without_its_times_is_missing_evidence_at_once():
    """Mon 2 Jun 2025 10:00, neither cause-cleared nor restored time, the cut-off 2 Jun 12:00: 1 working day from
    the start has not passed, so with no status it is open.  Marked 已恢复 (closed) the restoration happened, when
    unknown: missing evidence at once, never open."""
    out = pd.DataFrame({"outage_id": ["O1", "O2"], "customer_id": ["C1", "C2"], "window_id": ["PW01", "PW02"],
                        "voltage_class": "kv10", "outage_kind": "fault", "start_at": ["2025-06-02 10:00"] * 2,
                        "cause_cleared_at": [None, None], "restored_at": [None, None],
                        "outage_status": ["closed", "open"]})
    card = score("power_window", 2025, data=".", workspace=_ws("2025-06-02 12:00"),
                 records={"outages": validate(out, "outages", file="停电.csv")})
    m = "power_window.10.2.9#outages"
    assert _row(card, m, "PW01") == {"records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1,
                                     "verdict": "insufficient"}
    assert _row(card, m, "PW02") == {"records": 1, "n": 0, "met": 0, "open": 1, "missing_evidence": 0,
                                     "verdict": "open"}


def _complaints() -> pd.DataFrame:
    """Received Wed 5 Mar 2025 10:00 (5 days end with Mon 10 Mar), none replied.  K1 (PW01) 办结 with no reply time,
    resolved 7 Mar; K2 (PW02) open (处理中).  Fault repairs: F1 (PW01) 办结 with no repair time, called back
    8 Mar, satisfied; F2 (PW02) 办结 with no repair time and no callback."""
    return pd.DataFrame({"case_id": ["K1", "K2", "F1", "F2"], "channel": "95598",
                         "kind": ["complaint", "complaint", "fault_repair", "fault_repair"],
                         "window_id": ["PW01", "PW02", "PW01", "PW02"], "category": None,
                         "received_at": ["2025-03-05 10:00"] * 4, "replied_at": [None] * 4,
                         "resolved_at": ["2025-03-07 09:00", None, None, None],
                         "case_status": ["closed", "open", "closed", "closed"],
                         "callback_at": [None, None, "2025-03-08 10:00", None],
                         "callback_result": [None, None, "satisfied", None]})


def test_a_complaint_marked_closed_without_a_reply_time_is_missing_evidence():
    """K1: its 5 days passed by the year's end with no reply time: read as overdue (fail); 办结 says it was answered,
    when unknown: missing evidence.  K2, still open, is overdue as before (fail)."""
    cases = validate(_complaints(), "complaints", file="诉求.csv")
    card = score("power_window", 2025, data=".", workspace=_ws(), records={"complaints": cases})
    m = "power_window.13.5#complaint_reply"
    assert _row(card, m, "PW01") == {"records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1,
                                     "verdict": "insufficient"}
    assert _row(card, m, "PW02")["verdict"] == "fail"


def test_a_repair_marked_closed_without_its_repair_time_owes_its_callback():
    """回访 after the repair (修复后要及时回访): F1 and F2 were read as not yet repaired (no callback owed, left
    out).  办结 says repaired, when unknown: F1's callback may have come before the repair (missing evidence);
    F2 has none at all (missed: one is owed)."""
    cases = validate(_complaints(), "complaints", file="诉求.csv")
    card = score("power_window", 2025, data=".", workspace=_ws(), records={"complaints": cases})
    m = next(x for x in card.results["measure"].unique() if x.startswith("power_window.13.5#")
             and "fault" in x and "callback" in x)
    assert _row(card, m, "PW01") == {"records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1,
                                     "verdict": "insufficient"}
    assert _row(card, m, "PW02") == {"records": 1, "n": 1, "met": 0, "open": 0, "missing_evidence": 0,
                                     "verdict": "fail"}


def test_the_complaint_tables_read_a_closed_case_without_a_reply_time_as_the_scorecard():
    from windoweval.complaints import timeliness

    cases = validate(_complaints(), "complaints", file="诉求.csv")
    from windoweval.complaints import assess_cases

    a = assess_cases(cases, as_of="2025-12-31 23:59:59").set_index("case_id")["reply_status"]
    assert a[["K1", "K2"]].tolist() == ["no_evidence", "overdue"]
    t = timeliness(cases, by="window_id", as_of="2025-12-31 23:59:59")
    t = t[t["kind"] == "complaint"].set_index("window_id")
    assert t.loc["PW01", "verdict"] == "insufficient" and t.loc["PW02", "verdict"] == "fail"


def test_records_map_proposes_the_status_columns():
    import yaml

    from windoweval.records.propose import propose

    import tempfile
    d = Path(tempfile.mkdtemp())
    f = d / "工单导出.csv"
    f.write_text("工单编号,供电所编号,业务类别,受理时间,完成时间,工单状态\n"
                 "1,PW01,故障报修,2025-03-05 10:00,,已办结\n2,PW01,故障报修,2025-03-05 10:00,,归档\n"
                 "3,PW01,故障报修,2025-03-05 10:00,,处理中\n4,PW01,故障报修,2025-03-05 10:00,,撤单\n", encoding="utf-8")
    got = yaml.safe_load(propose(f, "work_orders"))["work_orders"]
    assert got["columns"]["工单状态"] == "order_status"
    assert got["values"]["order_status"] == {"已办结": "closed", "归档": "closed", "处理中": "open", "撤单": "withdrawn"}
    g = d / "停电导出.csv"
    g.write_text("停电编号,客户编号,窗口编号,电压等级,停电类型,停电开始时间,恢复供电时间,停电状态\n"
                 "O1,C1,PW01,10kV,故障,2025-03-05 10:00,,已恢复\nO2,C2,PW01,10kV,故障,2025-03-05 10:00,,停电中\n",
                 encoding="utf-8")
    got = yaml.safe_load(propose(g, "outages"))["outages"]
    assert got["columns"]["停电状态"] == "outage_status"
    assert got["values"]["outage_status"] == {"已恢复": "closed", "停电中": "open"}


# -- 2. the counts printed apart ---------------------------------------------------------------------------------

ORDERS = """order_id,window_id,order_type,filed_at,received_at,arrived_at,completed_at,order_status
N1,PW01,new_connection_other,2025-12-01 10:00,,,,
N2,PW01,new_connection_other,2025-11-03 09:00,2025-11-10 09:00,,2025-11-17 12:00,closed
N3,PW01,new_connection_other,2025-10-09 09:00,,,2025-10-20 10:00,closed
R1,PW02,fault_repair,2025-06-02 09:00,2025-06-02 09:00,,,closed
R3,PW01,fault_repair,2025-06-03 09:00,,,,
"""


@pytest.fixture(scope="module")
def orders_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("org20")
    write_workspace(d, _HALLS, name="某供电公司")
    (d / "work_orders.csv").write_text(ORDERS, encoding="utf-8")
    return d


def test_records_check_counts_the_open_and_the_closed_without_time_apart_from_refused(orders_dir):
    """N1 filed, not yet accepted: open (1); R1 marked closed with no completion (1); N3 completed with no
    acceptance time and R3, a fault repair with no time of its call (its clock cannot be waiting), both missing
    evidence (2).  None refused: exit 0."""
    p = run_cli("records", "check", "--data", str(orders_dir), cwd=orders_dir)
    assert p.returncode == 0, p.stdout + p.stderr
    out = p.stdout
    assert "✓ work_orders: 5 行" in out
    assert "filed, not yet accepted (the clock not started: open): 1 条" in out
    assert "no acceptance time (evidence missing): 2 条" in out
    assert ("marked closed or withdrawn, no completion (repairs, appointments: arrival on site) time (evidence "
            "missing): 1 条") in out
    assert "refused" not in out.split("work_orders")[-1].split("\n-")[0]


def test_score_prints_records_and_units_missing_evidence_apart(orders_dir, tmp_path):
    """10.2.5: R1 (PW02, 已办结 with no arrival) and R3 (PW01, no times) lack evidence: 2 records.  R3 is PW01's only
    fault repair and has no time of its call: each of PW01's 24 hours of repair service (10.1.2) lacks evidence:
    24 units, not records; so are the promise occurrences (第五条(二), 5.2) of the same orders.  They were printed
    as one count (records, hours and occurrences added): printed apart now."""
    out = tmp_path / "out"
    p = run_cli("score", "--standard", "power_window", "--year", "2025", "--data", str(orders_dir), "--out", str(out),
             cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    res = pd.read_csv(out / "power_window_results.csv", dtype={"window_id": str})
    listed = pd.read_parquet(out / "power_window_missing_evidence.parquet")
    # (diff39) the file lists the units missing evidence too, each with its keys and ``unit``: the records apart
    lacking, units = listed[listed["unit"].isna()], listed[listed["unit"].notna()]
    rec = "records missing evidence: " + str(len(lacking))
    assert rec in p.stdout, p.stdout[-2000:]
    slots = int(res.loc[res["measure"].str.startswith("power_window.10.1.2#"), "missing_evidence"].sum())
    promised = int(res.loc[res["measure"] == "power_window.5.2#work_orders", "missing_evidence"].sum())
    line = next(x for x in p.stdout.splitlines() if "units missing evidence" in x)
    assert f"service slots (hours or weekdays) {slots}" in line and f"promise occurrences {promised}" in line
    # clauses45: PW01's 24 hours (its one repair untimed) and PW02's 23 hours with no fault report (R1 at 09:00 fills
    # hour 9): an hour nobody reported a fault in is missing evidence, no longer a miss
    assert slots == 24 + 23 and set(lacking.loc[lacking["measure"] == "power_window.10.2.5", "order_id"]) == {"R1", "R3"}
    assert promised == 3   # the promises' time limits (5.2) over the same orders: N3, R1, R3, by occurrence
    assert int(res["missing_evidence"].sum()) == len(lacking) + slots + promised
    pw01 = units[units["window_id"] == "PW01"]
    assert sorted(pw01["hour"].astype(int)) == list(range(24)) and set(units["window_id"]) == {"PW01", "PW02"}
    assert sorted(units.loc[units["window_id"] == "PW02", "hour"].astype(int)) == [h for h in range(24) if h != 9]
    assert set(units["measure"]) == {"power_window.10.1.2#repair"}


def test_a_store_reads_the_status_as_a_frame_does(orders_dir, tmp_path):
    """The same orders imported into the Parquet store and scored from it: the same counts and verdicts, measure by
    measure and window by window, as from the CSV (R1: missing evidence, not missed)."""
    data = tmp_path / "data"
    data.mkdir()
    write_workspace(data, _HALLS, name="某供电公司")
    p = run_cli("records", "import", "work_orders", str(orders_dir / "work_orders.csv"), "--data", str(data),
             cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    stored = score("power_window", 2025, data=data)
    framed = score("power_window", 2025, data=orders_dir)
    cols = ["measure", "window_id", "records", "n", "met", "open", "missing_evidence", "verdict"]
    key = ["measure", "window_id"]
    a = stored.results[cols].sort_values(key).reset_index(drop=True)
    b = framed.results[cols].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert _row(stored, "power_window.10.2.5", "PW02") == {
        "records": 1, "n": 0, "met": 0, "open": 0, "missing_evidence": 1, "verdict": "insufficient"}


@pytest.mark.parametrize("setting", [{"limit": 45, "unit": "minutes"},
                                     {"limit": 1, "unit": "working_days", "unstarted": "open"}])
def test_the_arrays_read_the_status_as_the_frame(setting):
    """engine.byvalue judges a sorted store's time limits on its Arrow arrays: the status read there (each chunk
    its own dictionary, blanks among them) gives the frame's counts exactly."""
    import numpy as np
    import pyarrow as pa

    import windoweval.engine.byvalue as bv
    from windoweval.engine.frame import evaluate_frame
    from windoweval.kernels import Measure
    from windoweval.records import store

    rng = np.random.default_rng(20)
    batches = []
    for k, n in enumerate((500, 300)):
        w = np.array(["PW01", "PW02"], dtype=object)[rng.integers(0, 2, n)]
        t0 = np.datetime64("2025-03-01", "ns").astype(np.int64) + rng.integers(0, 300 * 86_400, n) * 10**9
        t1 = t0 + rng.integers(0, 3 * 86_400, n) * 10**9
        values = (["closed", "open", None], ["withdrawn", "closed", "open", None])[k]
        st = np.array(values, dtype=object)[rng.integers(0, len(values), n)]
        batches.append(pa.record_batch(
            [pa.array(w, pa.string()).dictionary_encode(),
             pa.array(t0, pa.timestamp("ns"), mask=rng.random(n) < 0.2),
             pa.array(t1, pa.timestamp("ns"), mask=rng.random(n) < 0.4),
             pa.array(st, pa.string()).dictionary_encode()],
            names=["window_id", "received_at", "completed_at", "order_status"]))
    t = pa.Table.from_batches(batches)
    it = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit", "where": {"order_type": "x"}},
                    ["PW01", "PW02"], {"start": "received_at", "end": "completed_at", "status": "order_status",
                                       **setting}, horizon="2025-12-31 23:59:59")
    assert bv._arrays_ok(it, t.column_names) and bv._arrays_read(t, [it])
    df = store.to_frame(t, "work_orders", ["window_id", "order_status"])
    df["order_type"] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=["x"])
    want = evaluate_frame(df, [it], False)["m"].agg
    pd.testing.assert_frame_equal(bv._on_arrays(t, [it])["m"], want, check_exact=True)
    # and the status did decide rows: without it more are open or missed
    plain = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit",
                        "where": {"order_type": "x"}}, ["PW01", "PW02"],
                       {"start": "received_at", "end": "completed_at", **setting}, horizon="2025-12-31 23:59:59")
    assert not evaluate_frame(df, [plain], False)["m"].agg.equals(want)


# -- 4. found by the edge rows, left: a look-ahead over the year's end --------------------------------------------

def test_a_queue_relieved_just_after_the_year_end_is_met_in_the_years_scoring():
    """标准4 药房/收费 八、排队超过10人时及时分流: 11 waiting at 23:55 on 31 December 2025, a third window open at
    00:05:00 on 1 January 2026.  By the clause it was relieved within 10 minutes: met (the twenty-third audit: the
    kernel declares its reach and sees the next year's first 10 minutes, tests/test_audit23_verdicts.py)."""
    ws = workspace([("HPHA", "药房", "hospital_pharmacy")])
    q = validate(pd.DataFrame({"window_id": ["HPHA"] * 2, "observed_at": ["2025-12-31 23:55:00", "2026-01-01 00:05:00"],
                               "queue_length": [11, 11], "open_windows": [2, 3]}), "queue_snapshots", file="q.csv")
    card = score("hospital_departments", 2025, data=".", workspace=ws, records={"queue_snapshots": q})
    assert _row(card, "hospital_departments.pharmacy_window.8", "HPHA")["verdict"] == "pass"
