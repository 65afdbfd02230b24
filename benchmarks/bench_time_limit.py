"""Benchmark (a): time-limit scoring of work orders, windoweval against one DuckDB SQL query.

The same Parquet store (``work_orders`` partitioned by year and month, as
:func:`windoweval.records.store.import_records` writes it), the same measures (the
``power_window`` time limits on work orders: minutes for fault repair and
appointments, working days for connections, bill queries, meter faults and
restorations), the same answer (records, assessed and met per window and
measure):

* windoweval: ``score("power_window", year=2025, data=store)`` with the
  catalog narrowed to those measures, pandas engine;
* DuckDB: one SQL query over ``read_parquet(...)``, working days through a
  calendar table with a cumulative working-day index joined on the start
  and end dates (generated from the same measures, see :func:`duckdb_sql`).

Each engine runs in its own process (peak memory is that process's peak
RSS), alternately, ``--rounds`` times ``--repeat`` runs.  Medians of the
first run in each fresh process ("cold": what a ``windoweval score`` command
costs) and of the runs after it ("warm": a notebook scoring again) are
compared.  Target: windoweval <= 1.5x DuckDB.

    python benchmarks/bench_time_limit.py [--rows 10000000] [--windows 200]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

UNITS = {"all": ("minutes", "working_days"), "minutes": ("minutes",), "working_days": ("working_days",)}
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600}


def _measures(units):
    cat = common.work_order_catalog(units)
    return [m for m in cat.measures("power_window")]


def duckdb_sql(data: str, measures: list[dict], year: int = common.YEAR) -> str:
    """One query: every measure's verdict per record (CASE on its population), counted per window."""
    wd_cols = sorted({c for m in measures if m["params"]["unit"] == "working_days"
                      for c in (m["params"]["start"], m["params"]["end"])})
    cols = sorted({"window_id", "order_type"} | {m["params"][k] for m in measures for k in ("start", "end")})
    joins = "\n".join(f"  LEFT JOIN cal AS c_{c} ON c_{c}.d = CAST(o.{c} AS DATE)" for c in wd_cols)
    branches = []
    for m in measures:
        p = m["params"]
        s, e, n = p["start"], p["end"], p["limit"]
        if p["unit"] in _SECONDS:
            verdict = (f"CASE WHEN o.{s} IS NULL OR o.{e} IS NULL OR o.{e} < o.{s} THEN NULL "
                       f"ELSE epoch(o.{e} - o.{s}) <= {n * _SECONDS[p['unit']]} END")
        else:  # working days strictly after the start date and before the end date < n
            verdict = (f"CASE WHEN o.{s} IS NULL OR o.{e} IS NULL THEN NULL "
                       f"WHEN CAST(o.{e} AS DATE) <= CAST(o.{s} AS DATE) THEN 0 < {int(n)} "
                       f"ELSE (c_{e}.cum - c_{e}.work) - c_{s}.cum < {int(n)} END")
        if p.get("missing", "na") == "fail":
            verdict = f"CASE WHEN o.{s} IS NOT NULL AND o.{e} IS NULL THEN FALSE ELSE {verdict} END"
        branches.append(f"    WHEN '{m['where']['order_type']}' THEN {verdict}")
    types = ", ".join(f"'{m['where']['order_type']}'" for m in measures)
    return f"""
WITH o AS (
  SELECT {', '.join(cols)}
  FROM read_parquet('{data}/work_orders/**/*.parquet', hive_partitioning = true)
  WHERE year = {year} AND order_type IN ({types})
), v AS (
  SELECT o.window_id, o.order_type, CASE o.order_type
{chr(10).join(branches)}
  END AS passed
  FROM o
{joins}
)
SELECT window_id, order_type, count(*) AS records, count(passed) AS n, count(*) FILTER (WHERE passed) AS met
FROM v GROUP BY window_id, order_type
"""


def child_pandas(data: str, units, repeat: int) -> dict:
    from windoweval.scoring import score

    cat = common.work_order_catalog(units)
    times, res = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        card = score("power_window", year=common.YEAR, data=data, catalog=cat)
        times.append(time.perf_counter() - t)
        res = card.results
        del card  # the scorecard keeps the records for its drill-down: one at a time
    otype = {m["measure"]: m["where"]["order_type"] for m in cat.measures("power_window")}
    rows = sorted((w, otype[m], int(r), int(n), int(k)) for m, w, r, n, k in
                  res[["measure", "window_id", "records", "n", "met"]].itertuples(index=False) if r > 0)
    return {"times": times, "peak_rss_mib": common.peak_rss_mib(), "rows": rows}


def child_duckdb(data: str, units, repeat: int, threads: int) -> dict:
    import duckdb
    import numpy as np
    import pandas as pd

    from windoweval.calendar import WorkCalendar

    sql = duckdb_sql(data, _measures(units))
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"SET threads TO {threads}")
        cal = WorkCalendar()  # the same working-day calendar, as a table with the cumulative index
        calf = pd.DataFrame({"d": cal.days.astype("datetime64[s]"), "cum": cal.cum.astype(np.int32),
                             "work": cal.work.astype(np.int32)})
        con.register("calf", calf)
        con.execute("CREATE TABLE cal AS SELECT CAST(d AS DATE) AS d, cum, work FROM calf")
        out = con.execute(sql).fetchall()
        con.close()
        times.append(time.perf_counter() - t)
    rows = sorted((w, o, int(r), int(n), int(k)) for w, o, r, n, k in out)
    return {"times": times, "peak_rss_mib": common.peak_rss_mib(), "rows": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of both engines")
    ap.add_argument("--repeat", type=int, default=2, help="runs per engine per round (one process)")
    ap.add_argument("--units", choices=list(UNITS), nargs="*", default=["all", "minutes", "working_days"])
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--child", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    threads = __import__("os").cpu_count() or 1
    if a.child:
        units = UNITS[a.units[0]]
        out = child_pandas(a.data, units, a.repeat) if a.child == "pandas" else \
            child_duckdb(a.data, units, a.repeat, threads)
        print(json.dumps(out))
        return 0

    data = Path(a.scratch) / f"work_orders_{a.rows}"
    t = time.perf_counter()
    common.make_work_orders(data, a.rows, a.windows)
    print(f"# time-limit scoring: {a.rows:,} work orders, {a.windows} windows, Parquet by year/month "
          f"(ready in {time.perf_counter() - t:.0f} s: {data})")
    print(f"# machine: {common.machine()}; DuckDB threads {threads}")
    summary = {}
    me = str(Path(__file__).resolve())
    for u in a.units:
        cold = {"pandas": [], "duckdb": []}  # the first run in a fresh process (as a command runs)
        warm = {"pandas": [], "duckdb": []}  # the runs after it in the same process
        peak = {"pandas": 0.0, "duckdb": 0.0}
        rows = {}
        for _ in range(a.rounds):
            for eng in ("pandas", "duckdb"):
                r = common.run_child([me, "--child", eng, "--data", str(data), "--units", u, "--repeat", str(a.repeat)])
                cold[eng].append(r["times"][0])
                warm[eng] += r["times"][1:]
                peak[eng] = max(peak[eng], r["peak_rss_mib"])
                rows[eng] = r["rows"]
        same = rows["pandas"] == rows["duckdb"]
        mc = {k: statistics.median(v) for k, v in cold.items()}
        mw = {k: statistics.median(v) for k, v in warm.items()} if a.repeat > 1 else mc
        rc, rw = mc["pandas"] / mc["duckdb"], mw["pandas"] / mw["duckdb"]
        print(f"{u:>13}: windoweval {mc['pandas']:5.2f} s cold, {mw['pandas']:5.2f} s warm, peak {peak['pandas']:5.0f} MiB"
              f" | DuckDB {mc['duckdb']:5.2f} s cold, {mw['duckdb']:5.2f} s warm, peak {peak['duckdb']:5.0f} MiB"
              f" | ratio {rc:4.2f}x cold, {rw:4.2f}x warm (target <= 1.5x) | same counts: {same}")
        summary[u] = {"cold_s": cold, "warm_s": warm, "ratio_cold": rc, "ratio_warm": rw, "peak_mib": peak,
                      "same": same}
    print("RESULT " + json.dumps({"rows": a.rows, "windows": a.windows, "by_units": summary}))
    return 0 if all(v["same"] for v in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
