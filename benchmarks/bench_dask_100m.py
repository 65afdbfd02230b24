"""Benchmark (d): 100 million work orders on a Dask local cluster of 2 workers within 8 GiB.

The work orders are generated in chunks into a scratch directory (never the
repository) as the store's Parquet layout (year / month partitions), then
scored with ``score(..., scheduler=client)`` on a ``LocalCluster`` of two
worker processes with a memory limit of 4 GiB each.  Reported: the time,
the throughput, each worker's peak resident memory (VmHWM) and the client's,
and a check of the counts against one DuckDB query over the same files
(see bench_time_limit.py).

    python benchmarks/bench_dask_100m.py [--rows 100000000] [--workers 2] [--memory 4GiB]
"""
from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_time_limit  # noqa: E402
import common  # noqa: E402


def _worker_peak() -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common as c

    return c.peak_rss_mib()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--memory", default="4GiB", help="memory limit per worker")
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--no-check", action="store_true", help="skip the DuckDB check of the counts")
    a = ap.parse_args(argv)

    from dask.utils import parse_bytes
    from distributed import Client, LocalCluster

    # (score() no longer imports statsmodels: the Wilson interval is computed without it, issue 14 fifth round)
    from windoweval.scoring import score

    data = Path(a.scratch) / f"work_orders_{a.rows}"
    t = time.perf_counter()
    # generated in another process, so that the client's peak memory below is the scoring's
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                    f"import common; common.make_work_orders({str(data)!r}, {a.rows}, {a.windows})"], check=True)
    files = list((data / "work_orders").rglob("*.parquet"))
    size = sum(f.stat().st_size for f in files)
    print(f"# {a.rows:,} work orders, {a.windows} windows: {len(files)} Parquet files, {size / 2**30:.1f} GiB "
          f"(ready in {time.perf_counter() - t:.0f} s: {data})")
    print(f"# machine: {common.machine()}")
    total_limit = a.workers * parse_bytes(a.memory)
    print(f"# Dask LocalCluster: {a.workers} worker processes x 1 thread, memory limit {a.memory} each "
          f"({total_limit / 2**30:.0f} GiB in all)")
    cat = common.work_order_catalog()
    with LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, memory_limit=a.memory,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        t = time.perf_counter()
        card = score("power_window", year=common.YEAR, data=str(data), catalog=cat, scheduler=client)
        el = time.perf_counter() - t
        peaks = client.run(_worker_peak)
    print(f"windoweval on Dask: {el:7.1f} s  ({a.rows / el / 1e6:5.2f} M rows/s)  worker peak RSS "
          + ", ".join(f"{v:5.0f} MiB" for v in peaks.values())
          + f" (sum {sum(peaks.values()) / 1024:4.1f} GiB of {total_limit / 2**30:.0f} GiB)"
          + f"; client peak {common.peak_rss_mib():5.0f} MiB")
    res = card.results
    otype = {m["measure"]: m["where"]["order_type"] for m in cat.measures("power_window")}
    mine = sorted((w, otype[m], int(r), int(n), int(k)) for m, w, r, n, k in
                  res[["measure", "window_id", "records", "n", "met"]].itertuples(index=False) if r > 0)
    out = {"rows": a.rows, "seconds": el, "worker_peak_mib": peaks, "limit_gib": total_limit / 2**30,
           "within_limit": sum(peaks.values()) <= total_limit / 2**20}
    print(f"records scored: {int(res['records'].sum()):,}")
    if not a.no_check:
        t = time.perf_counter()
        ref = bench_time_limit.child_duckdb(str(data), bench_time_limit.UNITS["all"], 1, 2)
        same = ref["rows"] == mine
        print(f"DuckDB check: {time.perf_counter() - t:5.1f} s, the same counts: {same}")
        out["same_as_duckdb"] = same
        out["duckdb_s"] = ref["times"][0]
    print("RESULT " + json.dumps(out))
    return 0 if out.get("same_as_duckdb", True) and out["within_limit"] else 1


if __name__ == "__main__":
    sys.exit(main())
