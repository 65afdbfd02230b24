"""The benchmark's DuckDB peer query follows the engine's rules, so its count check means something.

``benchmarks/bench_time_limit.py`` compares ``score()`` with one DuckDB query and refuses to
report a ratio when the counts differ.  Here both sides score a small set of work orders built
to sit on every rule's boundary: the filing year (``filed_at``) against the clock start
(``received_at``), open cases at the cut-off (one second either side, minutes and working days),
working days across the 2025 National Day holiday and its 调休 Saturday, an early arrival at an
appointment.  The hand-worked counts are asserted as well, so a rule both sides lost cannot pass.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

duckdb = pytest.importorskip("duckdb")  # the bench extra: pip install -e '.[bench]'

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_time_limit", BENCH / "bench_time_limit.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(BENCH))


# (order id, order type, received_at, filed_at, due_at, arrived_at, completed_at)
ROWS = [
    # the filing year decides: filed in 2024, clock started in 2025 -> a 2024 record (not counted)
    ("F1", "new_connection_other", "2025-01-03 10:00", "2024-12-28 10:00", None, None, "2025-01-05 10:00"),
    # filed in 2025, clock started in 2026 -> a 2025 record (stored in the 2026 partition), missed
    ("F2", "new_connection_other", "2026-01-05 10:00", "2025-12-29 10:00", None, None, "2026-02-20 10:00"),
    ("F3", "new_connection_other", "2025-06-03 10:00", None, None, None, "2025-06-04 10:00"),  # met
    # the 5th working day after 30 Sep 2025 is 14 Oct (National Day, 调休 Saturday 11 Oct)
    ("W1", "new_connection_resident", "2025-09-30 16:00", None, None, None, "2025-10-14 17:00"),  # met
    ("W2", "new_connection_resident", "2025-09-30 16:05", None, None, None, "2025-10-15 09:00"),  # missed
    # open at the cut-off (the year's last second): deadline 31 Dec (5 working days after 24 Dec) not yet passed
    ("W3", "new_connection_resident", "2025-12-24 09:00", None, None, None, None),  # open
    ("W4", "new_connection_resident", "2025-12-23 09:00", None, None, None, None),  # deadline 30 Dec: missed
    ("B1", "billing_query", "2025-12-30 09:00", None, None, None, None),  # deadline 31 Dec: open
    ("B2", "billing_query", "2025-12-29 09:00", None, None, None, None),  # deadline 30 Dec: missed
    # minutes: 45 after receipt; at 23:59:59 one second short of the limit is open, at it missed
    ("M1", "fault_repair", "2025-12-31 23:15:00", None, None, None, None),  # due 24:00:00: open
    ("M2", "fault_repair", "2025-12-31 23:14:59", None, None, None, None),  # due 23:59:59: still open
    ("M3", "fault_repair", "2025-12-31 23:14:58", None, None, None, None),  # due 23:59:58: missed
    ("M4", "fault_repair", "2025-05-01 10:00", None, None, "2025-05-01 10:45", None),  # exactly 45: met
    ("M5", "fault_repair", "2025-05-01 10:00", None, None, "2025-05-01 10:45:01", None),  # missed
    # an appointment: an early arrival meets the limit (early: met); 61 minutes late misses it
    ("A1", "appointment", "2025-05-01 08:00", None, "2025-05-02 10:00", "2025-05-02 09:50", None),
    ("A2", "appointment", "2025-05-01 08:00", None, "2025-05-02 10:00", "2025-05-02 11:01", None),
    ("A3", "appointment", "2025-05-01 08:00", None, "2025-12-31 23:00", None, None),  # due 24:00: open
]
# per order type: records, assessed (n), met
EXPECTED = {
    "new_connection_other": (2, 2, 1),
    "new_connection_resident": (4, 3, 1),
    "billing_query": (2, 1, 0),
    "fault_repair": (5, 3, 1),
    "appointment": (3, 2, 1),
}


# steps out of order (the contract's flag_before completed_at: arrived_at; the measures' not_before / not_after,
# audit29): the record is kept and missing evidence for the measure reading both times, never met nor missed
OUT_OF_ORDER = [
    # completed before the crew arrived: 10.2.2 (not_before: arrived_at) cannot judge it; in order it is met
    ("O1", "new_connection_resident", "2025-06-02 09:00", None, None, "2025-06-03 10:00", "2025-06-03 09:00"),
    ("O2", "new_connection_resident", "2025-06-02 09:00", None, None, "2025-06-03 08:00", "2025-06-03 09:00"),
    # arrived after the repair was completed: 10.2.5 (not_after: completed_at) cannot judge it, met or missed
    ("O3", "fault_repair", "2025-05-01 10:00", None, None, "2025-05-01 10:30", "2025-05-01 10:20"),
    ("O4", "fault_repair", "2025-05-01 10:00", None, None, "2025-05-01 11:00", "2025-05-01 10:50"),
    ("O5", "fault_repair", "2025-05-01 10:00", None, None, "2025-05-01 10:30", "2025-05-01 11:00"),  # met
    # an early arrival (early: met) after the completion: no evidence either
    ("O6", "appointment", "2025-05-01 08:00", None, "2025-05-02 10:00", "2025-05-02 09:50", "2025-05-02 09:40"),
    # one of the two times blank: judged by the other rules (no end: overdue by the year's end; an end: met)
    ("O7", "billing_query", "2025-06-02 09:00", None, None, "2025-06-02 10:00", None),
    ("O8", "meter_fault", "2025-06-02 09:00", None, None, None, "2025-06-02 10:00"),
]
EXPECTED_OUT_OF_ORDER = {
    "new_connection_resident": (2, 1, 1),
    "fault_repair": (3, 1, 1),
    "appointment": (1, 0, 0),
    "billing_query": (1, 1, 0),
    "meter_fault": (1, 1, 1),
}


def _frame(rows=ROWS):
    cols = ["order_id", "order_type", "received_at", "filed_at", "due_at", "arrived_at", "completed_at"]
    df = pd.DataFrame(rows, columns=cols)
    for c in cols[2:]:
        df[c] = pd.to_datetime(df[c], format="ISO8601")
    return df.assign(window_id="PW0001")


@pytest.fixture(scope="module")
def bench():
    return _bench()


def _both_sides(tmp_path, bench, df, extracted_at=None):
    """``score()`` on ``df`` written as a CSV export, and the DuckDB peer query on it imported into a store: the rows
    (window, order type, records, assessed, met) of each side, sorted."""
    from windoweval.records.store import import_records
    from windoweval.records.workspace import load_workspace
    from windoweval.scoring import score

    common = sys.modules["common"]  # the benchmarks' helpers, imported by the benchmark
    src = tmp_path / "src" / "work_orders.csv"
    src.parent.mkdir()
    df.to_csv(src, index=False)
    for d in ("csv", "store"):
        common.write_workspace(tmp_path / d, 2)
        if extracted_at:
            ws = tmp_path / d / "windoweval.toml"
            ws.write_text(f'extracted_at = "{extracted_at}"\n' + ws.read_text(encoding="utf-8"), encoding="utf-8")
    df.to_csv(tmp_path / "csv" / "work_orders.csv", index=False)
    import_records("work_orders", src, tmp_path / "store")

    cat = common.work_order_catalog(("minutes", "working_days"))
    res = score("power_window", year=2025, data=tmp_path / "csv", catalog=cat).results
    otype = {m["measure"]: m["where"]["order_type"] for m in cat.measures("power_window")}
    engine = sorted((w, otype[m], int(r), int(n), int(k)) for m, w, r, n, k in
                    res[["measure", "window_id", "records", "n", "met"]].itertuples(index=False) if r > 0)

    ws = load_workspace(tmp_path / "store")
    sql = bench.duckdb_sql(str(tmp_path / "store"), bench._measures(("minutes", "working_days")),
                           horizon=ws.horizon(2025))
    con = duckdb.connect()
    cal = ws.calendar()
    calf = pd.DataFrame({"d": cal.days.astype("datetime64[s]"), "cum": cal.cum.astype("int32"),
                         "work": cal.work.astype("int32")})
    con.register("calf", calf)
    con.execute("CREATE TABLE cal AS SELECT CAST(d AS DATE) AS d, cum, work FROM calf")
    peer = sorted((w, o, int(r), int(n), int(k)) for w, o, r, n, k in con.execute(sql).fetchall())
    return engine, peer


@pytest.mark.parametrize("extracted_at", [None, "2025-12-31 23:59:58"])
def test_duckdb_peer_follows_the_engine(tmp_path, bench, extracted_at):
    engine, peer = _both_sides(tmp_path, bench, _frame(), extracted_at)
    expected = dict(EXPECTED)
    if extracted_at:  # the extraction a second before the year's end: M3 (due 23:59:58) is not yet missed
        expected["fault_repair"] = (5, 2, 1)
    assert engine == peer
    assert {o: (r, n, k) for _, o, r, n, k in engine} == expected


def test_duckdb_peer_leaves_steps_out_of_order_unjudged(tmp_path, bench):
    """The power_window time limits name the step their end must not precede (``not_before: arrived_at``) or follow
    (``not_after: completed_at``); the peer query refused them ("duckdb_sql does not mirror ... ['not_before']"), so
    the benchmark could not run where DuckDB is installed.  It mirrors them: the same counts on both sides."""
    engine, peer = _both_sides(tmp_path, bench, _frame(OUT_OF_ORDER))
    assert engine == peer
    assert {o: (r, n, k) for _, o, r, n, k in engine} == EXPECTED_OUT_OF_ORDER


def test_peer_refuses_what_it_does_not_mirror(bench):
    m = {"measure": "x", "where": {"order_type": "fault_repair"},
         "params": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes", "exempt": "flag"}}
    with pytest.raises(ValueError, match="does not mirror"):
        bench.duckdb_sql("/nowhere", [m])
