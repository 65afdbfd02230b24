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
compared.  Targets: windoweval <= 1.5x DuckDB for all seven, <= 1.2x for each subset (issue 14).

    python benchmarks/bench_time_limit.py [--rows 10000000] [--windows 200] [--before SRC]

``--before SRC`` also runs the windoweval side from another source tree (``git archive <commit> | tar -x -C
SRC``: the package before a change) in the same rounds, its process's ``PYTHONPATH`` that tree: the after /
before ratios pair by pair (wall and CPU of the cold run), on the same counts.
"""
from __future__ import annotations

import argparse
import json
import os
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


# what duckdb_sql mirrors of time_limit; ``unstarted: open`` (no start and no end: open) needs nothing more, since
# an open record and one without evidence are both left out of ``n`` (NULL) and both sides count only records, n, met
# ``status: order_status`` neither: the generated orders have no status column, so no order is marked closed (one
# marked closed without its end is missing evidence, NULL like an open one, only where the column is written); nor
# ``withdrawn_ends`` (a withdrawn order within its limit is not assessed: NULL, out of ``n``, as the kernel's excluded
# are), for the same reason: no generated order is marked withdrawn
# ``not_before`` / ``not_after`` (audit29: the steps around the end out of order) are mirrored: a record whose end
# precedes a ``not_before`` step or follows a ``not_after`` one, both written, is missing evidence (NULL) whatever
# else it says, as the kernel's ``_out_of_order`` makes it
_SUPPORTED = {"start", "end", "limit", "unit", "missing", "early", "unstarted", "status", "not_before", "not_after",
              "withdrawn_ends"}


def _steps(p: dict, key: str) -> list[str]:
    """The columns a measure's ``not_before`` / ``not_after`` names (one, a list, or none)."""
    v = p.get(key)
    return [v] if isinstance(v, str) else list(v or [])


def _out_of_order_sql(p: dict) -> str | None:
    """The SQL condition of :func:`windoweval.kernels.time._out_of_order` for one measure (without ``abandoned``,
    which the query refuses): the end before a ``not_before`` step or after a ``not_after`` step, both written;
    None: the measure names no step."""
    e = p["end"]
    terms = [f"(o.{e} IS NOT NULL AND o.{c} IS NOT NULL AND o.{e} {op} o.{c})"
             for key, op in (("not_before", "<"), ("not_after", ">")) for c in _steps(p, key)]
    return " OR ".join(terms) or None


def duckdb_sql(data: str, measures: list[dict], year: int = common.YEAR, horizon=None) -> str:
    """One query: every measure's verdict per record (CASE on its population), counted per window.

    It follows the engine's rules (:func:`windoweval.kernels.time.time_limit`, the
    contract's period and the workspace's cut-off), so both sides must give the
    same counts:

    * the year a record belongs to is its filing year (``filed_at``, 受理), else
      the year of its clock start (``received_at``): the contract's ``period``;
    * an elapsed time in minutes meets the limit when ``end - start <= limit``;
      an end before the start is no evidence (``early: na``) or met (``early: met``);
    * working days: the end's date on or before the N-th official working day
      after the start's date (``cal``: the same :class:`~windoweval.calendar.WorkCalendar`
      as a table with its cumulative working-day index);
    * open cases (a start, no end): missed when the deadline has passed by the
      cut-off ``horizon`` (:meth:`Workspace.horizon`: ``extracted_at``, else the
      year's last second), open (NULL, not counted in ``n``) when not yet due;
      ``missing: fail`` fails every record without its end;
    * steps out of order: an end before a ``not_before`` step (completed before
      the crew arrived) or after a ``not_after`` step (arrived after the repair
      was completed), both written, is no evidence (NULL), whatever else holds.

    A measure with a parameter this query does not mirror (exempt, special,
    abandoned, calendar days) is refused rather than compared wrongly.
    """
    import pandas as pd

    horizon = pd.Timestamp(horizon if horizon is not None else pd.Timestamp(year + 1, 1, 1) - pd.Timedelta(seconds=1))
    for m in measures:
        p = m["params"]
        extra = {k for k, v in p.items() if v is not None} - _SUPPORTED
        if extra or p["unit"] not in (*_SECONDS, "working_days") or set(m.get("where") or {}) != {"order_type"}:
            raise ValueError(f"duckdb_sql does not mirror {m['measure']}: {sorted(extra) or p['unit']}")
    h_sql = f"TIMESTAMP '{horizon:%Y-%m-%d %H:%M:%S.%f}'"
    # the day before the cut-off's date: a working-day deadline has passed when the working days after the
    # start's date up to that day reach the limit (the deadline day ended before the cut-off's day began)
    h_day = (horizon.normalize() - pd.Timedelta(days=1)).date()
    wd_cols = sorted({c for m in measures if m["params"]["unit"] == "working_days"
                      for c in (m["params"]["start"], m["params"]["end"])})
    cols = sorted({"window_id", "order_type"} | {m["params"][k] for m in measures for k in ("start", "end")}
                  | {c for m in measures for k in ("not_before", "not_after") for c in _steps(m["params"], k)})
    joins = "\n".join(f"  LEFT JOIN cal AS c_{c} ON c_{c}.d = CAST(o.{c} AS DATE)" for c in wd_cols)
    branches = []
    for m in measures:
        p = m["params"]
        s, e, n = p["start"], p["end"], p["limit"]
        early = p.get("early") or "na"
        if p["unit"] in _SECONDS:
            secs = n * _SECONDS[p["unit"]]
            done = (f"WHEN o.{e} < o.{s} THEN {'TRUE' if early == 'met' else 'NULL'} "
                    f"ELSE epoch(o.{e} - o.{s}) <= {secs}")
            overdue = f"o.{s} + INTERVAL '{secs} seconds' < {h_sql}"
        else:  # working days strictly after the start date and before the end date < n
            done = (f"WHEN CAST(o.{e} AS DATE) <= CAST(o.{s} AS DATE) THEN 0 < {int(n)} "
                    f"ELSE (c_{e}.cum - c_{e}.work) - c_{s}.cum < {int(n)}")
            overdue = f"(SELECT cum FROM cal WHERE d = DATE '{h_day}') - c_{s}.cum >= {int(n)}"
        if (p.get("missing") or "na") == "fail":
            pending = "FALSE"
        else:  # open case: missed once overdue by the cut-off, else open (NULL)
            pending = f"CASE WHEN {overdue} THEN FALSE ELSE NULL END"
        odd = _out_of_order_sql(p)
        verdict = (f"CASE {f'WHEN {odd} THEN NULL ' if odd else ''}WHEN o.{s} IS NULL THEN NULL "
                   f"WHEN o.{e} IS NULL THEN {pending} {done} END")
        branches.append(f"    WHEN '{m['where']['order_type']}' THEN {verdict}")
    types = ", ".join(f"'{m['where']['order_type']}'" for m in measures)
    # the partitions are the clock start's year (received_at); a record filed in another year is that year's
    y0, y1 = f"TIMESTAMP '{year}-01-01'", f"TIMESTAMP '{year + 1}-01-01'"
    return f"""
WITH o AS (
  SELECT {', '.join(cols)}
  FROM read_parquet('{data}/work_orders/**/*.parquet', hive_partitioning = true)
  WHERE order_type IN ({types}) AND (
    (year = {year} AND (filed_at IS NULL OR (filed_at >= {y0} AND filed_at < {y1})))  -- received in the year
    OR (year <> {year} AND filed_at >= {y0} AND filed_at < {y1}))                   -- received in another, filed in it
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
    # the modules score() imports at its first call on a store imported outside the timing, as every import here
    # and DuckDB's are (without cached bytecode, PYTHONDONTWRITEBYTECODE, they cost 0.05-0.15 s to compile);
    # the calendar (chinese_calendar) is imported inside the timing on both sides (DuckDB's builds its table)
    import pyarrow.dataset  # noqa: F401
    import pyarrow.pandas_compat  # noqa: F401
    import windoweval.records.io  # noqa: F401
    import windoweval.records.mapping  # noqa: F401
    from windoweval.scoring import score

    cat = common.work_order_catalog(units)
    times, cpu, res = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        card = score("power_window", year=common.YEAR, data=data, catalog=cat)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        res = card.results
        del card  # the scorecard keeps the records for its drill-down: one at a time
    otype = {m["measure"]: m["where"]["order_type"] for m in cat.measures("power_window")}
    rows = sorted((w, otype[m], int(r), int(n), int(k)) for m, w, r, n, k in
                  res[["measure", "window_id", "records", "n", "met"]].itertuples(index=False) if r > 0)
    return {"times": times, "cpu": cpu, "peak_rss_mib": common.peak_rss_mib(), "rows": rows}


def child_duckdb(data: str, units, repeat: int, threads: int) -> dict:
    import duckdb
    import numpy as np
    import pandas as pd

    from windoweval.records.workspace import load_workspace

    measures = _measures(units)  # the catalog narrowed to the measures, as the windoweval side's is (untimed)
    times, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        # the workspace read inside the timing, as score() reads it: the same cut-off for open cases and the
        # same calendar (until 2026-12-01 05:50 it was read before the timing, 0.015-0.03 s cold)
        ws = load_workspace(data)
        sql = duckdb_sql(data, measures, horizon=ws.horizon(common.YEAR))
        con = duckdb.connect()
        con.execute(f"SET threads TO {threads}")
        cal = ws.calendar()  # the same working-day calendar, as a table with the cumulative index
        calf = pd.DataFrame({"d": cal.days.astype("datetime64[s]"), "cum": cal.cum.astype(np.int32),
                             "work": cal.work.astype(np.int32)})
        con.register("calf", calf)
        con.execute("CREATE TABLE cal AS SELECT CAST(d AS DATE) AS d, cum, work FROM calf")
        out = con.execute(sql).fetchall()
        con.close()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    rows = sorted((w, o, int(r), int(n), int(k)) for w, o, r, n, k in out)
    return {"times": times, "cpu": cpu, "peak_rss_mib": common.peak_rss_mib(), "rows": rows}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of both engines")
    ap.add_argument("--repeat", type=int, default=2, help="runs per engine per round (one process)")
    ap.add_argument("--units", choices=list(UNITS), nargs="*", default=["all", "minutes", "working_days"])
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--before", help="another source tree run in the same rounds (the package before a change)")
    ap.add_argument("--child", choices=["pandas", "duckdb"], help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    threads = os.cpu_count() or 1
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
    engines = ("pandas", "duckdb") + (("before",) if a.before else ())
    before_env = dict(os.environ, PYTHONPATH=str(Path(a.before).resolve())) if a.before else None
    for u in a.units:
        cold = {k: [] for k in engines}  # the first run in a fresh process (as a command runs)
        warm = {k: [] for k in engines}  # the runs after it in the same process
        peak = {k: [] for k in engines}
        cpu = {k: [] for k in engines}  # the cold run's CPU seconds (all threads): less sensitive to the load
        load = []
        rows = {}
        for _ in range(a.rounds):
            load.append(os.getloadavg()[0])
            for eng in engines:
                r = common.run_child([me, "--child", "pandas" if eng == "before" else eng, "--data", str(data),
                                      "--units", u, "--repeat", str(a.repeat)],
                                     env=before_env if eng == "before" else None)
                cold[eng].append(r["times"][0])
                cpu[eng].append(r["cpu"][0])
                warm[eng] += r["times"][1:]
                peak[eng].append(r["peak_rss_mib"])
                rows[eng] = r["rows"]
            # both sides must give the same counts (records, assessed, met per window and order type)
            # before a ratio means anything: stop at the first round that differs
            same = rows["pandas"] == rows["duckdb"] and rows.get("before", rows["pandas"]) == rows["pandas"]
            if not same:
                print(f"{u:>13}: COUNTS DIFFER, no ratio reported; first differences "
                      "(window, order type, records, assessed, met):")
                for k, (x, y) in enumerate(_differences(rows["pandas"], rows["duckdb"])):
                    if k == 10:
                        break
                    print(f"    windoweval {x}\n    DuckDB     {y}")
                print("RESULT " + json.dumps({"rows": a.rows, "windows": a.windows, "same": False, "units": u}))
                return 1
        mc = {k: statistics.median(v) for k, v in cold.items()}
        mw = {k: statistics.median(v) for k, v in warm.items()} if a.repeat > 1 else mc
        rc, rw = mc["pandas"] / mc["duckdb"], mw["pandas"] / mw["duckdb"]
        # pair by pair (the same round): the ratios' range
        pc_ = sorted(x / y for x, y in zip(cold["pandas"], cold["duckdb"]))
        pcpu = sorted(x / y for x, y in zip(cpu["pandas"], cpu["duckdb"]))
        pk = {k: statistics.median(v) for k, v in peak.items()}
        target = 1.5 if u == "all" else 1.2
        print(f"{u:>13}: windoweval {mc['pandas']:5.2f} s cold ({min(cold['pandas']):.2f}-{max(cold['pandas']):.2f}), "
              f"{mw['pandas']:5.2f} s warm, peak {pk['pandas']:5.0f} MiB"
              f" | DuckDB {mc['duckdb']:5.2f} s cold ({min(cold['duckdb']):.2f}-{max(cold['duckdb']):.2f}), "
              f"{mw['duckdb']:5.2f} s warm, peak {pk['duckdb']:5.0f} MiB"
              f" | ratio {rc:4.2f}x cold (pairs {pc_[0]:.2f}-{pc_[-1]:.2f}), {rw:4.2f}x warm (target <= {target}x)"
              f" | cold CPU {statistics.median(cpu['pandas']):.2f} / {statistics.median(cpu['duckdb']):.2f} s "
              f"({statistics.median(pcpu):.2f}x) | peak ratio {pk['pandas'] / pk['duckdb']:.2f}x"
              f" | load {min(load):.1f}-{max(load):.1f} | same counts: yes")
        if a.before:
            bw = sorted(x / y for x, y in zip(cold["pandas"], cold["before"]))
            bc = sorted(x / y for x, y in zip(cpu["pandas"], cpu["before"]))
            rb = statistics.median(cold["before"]) / mc["duckdb"]
            print(f"{'':>13}  before ({a.before}): {statistics.median(cold['before']):5.2f} s cold, "
                  f"{rb:4.2f}x DuckDB, cold CPU {statistics.median(cpu['before']):.2f} s "
                  f"({statistics.median(x / y for x, y in zip(cpu['before'], cpu['duckdb'])):.2f}x), peak "
                  f"{statistics.median(peak['before']):5.0f} MiB | after / before, pair by pair: wall "
                  f"{statistics.median(bw):.3f}x ({bw[0]:.3f}-{bw[-1]:.3f}), CPU {statistics.median(bc):.3f}x "
                  f"({bc[0]:.3f}-{bc[-1]:.3f})")
        summary[u] = {"cold_s": cold, "warm_s": warm, "cpu_cold_s": cpu, "ratio_cold": rc, "ratio_warm": rw,
                      "peak_mib": peak, "load": load, "same": same}
    print("RESULT " + json.dumps({"rows": a.rows, "windows": a.windows, "by_units": summary}))
    return 0


def _differences(a: list, b: list):
    """The (window, order type) rows whose counts differ between the two sides (None: absent on that side)."""
    da, db = {r[:2]: r for r in a}, {r[:2]: r for r in b}
    for k in sorted(set(da) | set(db)):
        if da.get(k) != db.get(k):
            yield da.get(k), db.get(k)


if __name__ == "__main__":
    sys.exit(main())
