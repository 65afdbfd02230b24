"""Steps out of order beyond outages (twenty-ninth audit).

A repair order completed before the crew arrived (完成时间 < 到达现场时间) and a 95598 call hung up before it was
answered yet answered (挂机时间 < 接听时间) were read as they stood: the 45-minute arrival limit (标准1
第十条(二)5) passed on an arrival that came after the work was done, and the 12-second limit (第十条(二)6) passed on a
call the export also calls abandoned.  Neither contract named the rule, so ``records check`` was silent.

Decided, as outages' ``flag_before`` (twenty-sixth audit): the row is kept; ``records check`` lists it (file, row,
both values, the fix; exit 0); a time limit ending at either time reads it as missing evidence, never met; the
missing-evidence list says why; ``records import`` lists the same rows after its result line.

A hang-up at or after the answer is the call's end (many 95598 exports write 挂机时间 for every call): the call is
judged by its answer and not listed (the lead's review of this round: flagging every such call made 第十条(二)6
insufficient for a whole call centre on an ordinary export).
"""
from __future__ import annotations

import pandas as pd
from _workspace import POWER, run_cli, workspace, write_workspace

from windoweval.records.contract import contracts
from windoweval.scoring import score

_ARRIVE, _METER, _CALL = "power_window.10.2.5", "power_window.10.2.8", "power_window.10.2.6"


def _orders() -> pd.DataFrame:
    return pd.DataFrame({
        "工单号": ["W1", "W2", "W3", "W4"], "窗口编号": ["PW01"] * 4,
        "工单类型": ["fault_repair", "fault_repair", "meter_fault", "meter_fault"],
        "受理时间": ["2025-06-02 10:00:00"] * 4,
        # W2 arrived 10:30 (in time) yet completed 10:20: out of order; W4 completed before its arrival too
        "到达现场时间": ["2025-06-02 10:45:00", "2025-06-02 10:30:00", "2025-06-02 11:00:00", "2025-06-03 09:00:00"],
        "完成时间": ["2025-06-02 12:00:00", "2025-06-02 10:20:00", "2025-06-03 10:00:00", "2025-06-02 15:00:00"]})


def _calls() -> pd.DataFrame:
    return pd.DataFrame({
        "来电编号": ["C1", "C2", "C3"], "窗口编号": ["CC95598"] * 3,
        "振铃时间": ["2025-01-02 08:00:00"] * 3,
        "接听时间": ["2025-01-02 08:00:12", "2025-01-02 08:00:05", ""],
        # C2 hung up at 3 s yet answered at 5 s: the hang-up before the answer
        "挂机时间": ["", "2025-01-02 08:00:03", "2025-01-02 08:00:30"]})


def _data(tmp_path):
    d = write_workspace(tmp_path / "d", POWER)
    _orders().to_csv(d / "work_orders.csv", index=False)
    _calls().to_csv(d / "calls_95598.csv", index=False)
    return d


def test_the_contracts_name_the_rules():
    assert contracts()["work_orders"].flag_before == {"completed_at": ["arrived_at"]}
    assert contracts()["calls_95598"].flag_both == (("answered_at", "hung_up_at"),)


def test_records_check_lists_the_rows_and_exits_0(tmp_path):
    d = _data(tmp_path)
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "Traceback" not in out
    rows = [ln for ln in out.splitlines() if "work_orders.csv" in ln or "第 3 行 row 3" in ln or "第 5 行 row 5" in ln]
    w2 = [ln for ln in out.splitlines() if "W2" in ln and "completed_at" in ln]
    assert len(w2) == 1 and "2025-06-02 10:20:00" in w2[0] and "arrived_at = 2025-06-02 10:30:00" in w2[0], rows
    w4 = [ln for ln in out.splitlines() if "W4" in ln and "completed_at" in ln]
    assert len(w4) == 1 and "2025-06-02 15:00:00" in w4[0]
    assert not any("W1" in ln or "W3" in ln for ln in out.splitlines())
    c2 = [ln for ln in out.splitlines() if "C2" in ln and "hung_up_at" in ln]
    assert len(c2) == 1 and "2025-01-02 08:00:03" in c2[0] and "早于" in c2[0] and "hung up before" in c2[0]
    assert not any("C1" in ln or "C3" in ln for ln in out.splitlines() if "hung_up_at" in ln)


def test_the_limits_are_missing_evidence_never_met(tmp_path):
    card = score("power_window", 2025, data=_data(tmp_path))
    r = card.results.set_index(["measure", "window_id"])
    a = r.loc[(_ARRIVE, "PW01")]
    # W1 at 45:00 met; W2 (arrived 10:30, completed 10:20) missing evidence: one of one assessed, one missing
    assert (int(a["records"]), int(a["n"]), int(a["met"]), int(a["missing_evidence"]), a["verdict"]) == (
        2, 1, 1, 1, "insufficient")
    me = card.missing_evidence([_ARRIVE])
    assert me["order_id"].tolist() == ["W2"] and "晚于" in me["reason"].iloc[0] and "out of order" in me["reason"].iloc[0]
    m = r.loc[(_METER, "PW01")]
    # W3: Mon 2 June received, completed Tue 3 June 10:00 (within 2 working days); W4 completed before its arrival
    assert (int(m["n"]), int(m["met"]), int(m["missing_evidence"]), m["verdict"]) == (1, 1, 1, "insufficient")
    c = r.loc[(_CALL, "CC95598")]
    # C1 at exactly 12 s met; C2 hung up before its answer: missing evidence; C3 abandoned after 12 s: missed
    assert (int(c["n"]), int(c["met"]), int(c["missing_evidence"]), c["verdict"]) == (2, 1, 1, "fail")
    mc = card.missing_evidence([_CALL])
    assert mc["call_id"].tolist() == ["C2"] and "hung up before the answer" in mc["reason"].iloc[0]


def test_a_call_answered_and_abandoned_alone_is_never_a_pass(tmp_path):
    d = write_workspace(tmp_path / "d", POWER)
    _calls().iloc[:2].to_csv(d / "calls_95598.csv", index=False)
    c = score("power_window", 2025, data=d).results.set_index(["measure", "window_id"]).loc[(_CALL, "CC95598")]
    assert (int(c["n"]), int(c["met"]), int(c["missing_evidence"]), c["verdict"]) == (1, 1, 1, "insufficient")


def test_records_import_lists_the_flagged_rows(tmp_path):
    d = write_workspace(tmp_path / "s", POWER)
    src = tmp_path / "工单.csv"
    _orders().to_csv(src, index=False)
    p = run_cli("records", "import", "work_orders", str(src), "--data", str(d), cwd=tmp_path)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    assert "✓ work_orders: 4 条记录 / records" in p.stdout
    assert "2 条 / records" in p.stdout and "out of order" in p.stdout
    assert sum(("W2" in ln or "W4" in ln) and "completed_at" in ln for ln in p.stdout.splitlines()) == 2


def test_the_store_gives_the_same_verdicts(tmp_path):
    """Imported into the Parquet store (read in pieces, or by value), the flagged rows are missing evidence alike."""
    from windoweval import import_records

    csv = score("power_window", 2025, data=_data(tmp_path)).results
    d = write_workspace(tmp_path / "store", POWER)
    for kind, frame in (("work_orders", _orders()), ("calls_95598", _calls())):
        src = tmp_path / f"{kind}.csv"
        frame.to_csv(src, index=False)
        import_records(kind, src, d)
    got = score("power_window", 2025, data=d).results
    cols = ["measure", "window_id", "records", "n", "met", "missing_evidence", "verdict"]
    for m in (_ARRIVE, _METER, _CALL):
        a = csv[csv["measure"] == m][cols].reset_index(drop=True)
        b = got[got["measure"] == m][cols].reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_the_arrays_path_judges_out_of_order_as_the_frame_does():
    """engine.byvalue judges a store's time limits on Arrow arrays; with ``not_before`` (completed before the
    arrival) it gives the frame's counts exactly, and the rule decided rows."""
    import numpy as np
    import pyarrow as pa

    import windoweval.engine.byvalue as bv
    from windoweval.engine.frame import evaluate_frame
    from windoweval.kernels import Measure
    from windoweval.records import store

    rng = np.random.default_rng(29)
    n = 800
    w = np.array(["PW01", "PW02"], dtype=object)[rng.integers(0, 2, n)]
    t0 = np.datetime64("2025-03-01", "ns").astype(np.int64) + rng.integers(0, 300 * 86_400, n) * 10**9
    t1 = t0 + rng.integers(0, 3 * 86_400, n) * 10**9
    ta = t0 + rng.integers(0, 3 * 86_400, n) * 10**9
    t = pa.table([pa.array(w, pa.string()).dictionary_encode(),
                  pa.array(t0, pa.timestamp("ns"), mask=rng.random(n) < 0.1),
                  pa.array(t1, pa.timestamp("ns"), mask=rng.random(n) < 0.2),
                  pa.array(ta, pa.timestamp("ns"), mask=rng.random(n) < 0.3)],
                 names=["window_id", "received_at", "completed_at", "arrived_at"])
    params = {"start": "received_at", "end": "completed_at", "limit": 2, "unit": "working_days",
              "not_before": "arrived_at"}
    it = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit", "where": {"order_type": "x"}},
                    ["PW01", "PW02"], params, horizon="2025-12-31 23:59:59")
    assert bv._arrays_ok(it, t.column_names) and bv._arrays_read(t, [it])
    df = store.to_frame(t, "work_orders", ["window_id"])
    df["order_type"] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=["x"])
    want = evaluate_frame(df, [it], False)["m"].agg
    got = bv._on_arrays(t, [it])["m"]
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    plain = Measure.of({"measure": "m", "records": "work_orders", "kernel": "time_limit",
                        "where": {"order_type": "x"}}, ["PW01", "PW02"],
                       {k: v for k, v in params.items() if k != "not_before"}, horizon="2025-12-31 23:59:59")
    assert int(bv._on_arrays(t, [plain])["m"]["n"].sum()) > int(got["n"].sum())


def test_a_hang_up_time_that_is_every_call_s_end_is_read_by_the_answer(tmp_path):
    """Many 95598 exports write 挂机时间 for every call, answered or not (the call's end).  A hang-up at or after the
    answer is that end: the call is judged by its answer, not listed, never missing evidence (flagging them all made
    the 12-second limit insufficient for a whole call centre)."""
    d = write_workspace(tmp_path / "d", POWER)
    pd.DataFrame({
        "来电编号": ["E1", "E2", "E3"], "窗口编号": ["CC95598"] * 3,
        "振铃时间": ["2025-01-02 08:00:00"] * 3,
        "接听时间": ["2025-01-02 08:00:05", "2025-01-02 08:00:20", ""],
        "挂机时间": ["2025-01-02 08:03:00", "2025-01-02 08:05:00", "2025-01-02 08:00:40"]}).to_csv(
        d / "calls_95598.csv", index=False)
    c = score("power_window", 2025, data=d).results.set_index(["measure", "window_id"]).loc[(_CALL, "CC95598")]
    # E1 answered at 5 s: met; E2 answered at 20 s: missed; E3 abandoned at 40 s: missed
    assert (int(c["n"]), int(c["met"]), int(c["missing_evidence"]), c["verdict"]) == (3, 1, 0, "fail")
    p = run_cli("records", "check", "--data", str(d), cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert not any(x in (p.stdout + p.stderr) for x in ("E1", "E2", "hung up before"))
