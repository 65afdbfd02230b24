"""Benchmark (j): an outage export of one row per event, its customers listed in one cell (mapping.yaml's ``split``),
read against the per-customer export of the same records (one row per customer and outage, the contract's shape).

Both are CSV files of the same outages (50,000 events x 20 customers = 1 million records by default), read through
``load_files`` with their mappings; both must give the same customers in the same order.  CPU time of each,
alternating, medians.  The list export is a fifth of the bytes, but every record is made by the split (pyarrow's
``split_pattern_regex``, then a ``take`` of the other columns, which the per-customer read gets from pyarrow's
threaded CSV reader); target: the split read within 3x the per-customer read.

    python benchmarks/bench_outage_split.py [--events 50000] [--customers 20] [--repeats 3]
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def _files(folder: Path, events: int, customers: int) -> tuple[Path, Path]:
    listed, per = folder / f"listed_{events}x{customers}.csv", folder / f"per_{events}x{customers}.csv"
    if listed.exists() and per.exists():
        return listed, per
    rng = np.random.default_rng(35)
    start = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 360 * 24, events), unit="h")
    ev = pd.DataFrame({"停电编号": [f"TD{i:07d}" for i in range(events)], "供电单位": "PW01", "停电类型": "planned",
                       "电压等级": "kv10", "停电开始时间": start.strftime("%Y-%m-%d %H:%M"),
                       "送电时间": (start + pd.to_timedelta(rng.integers(1, 8, events), unit="h")).strftime("%Y-%m-%d %H:%M")})
    ids = np.char.add("05", np.char.zfill(rng.integers(0, 10**8, (events, customers)).astype(str), 8))
    ev.assign(影响户数=customers, 停电用户=[";".join(r) for r in ids]).to_csv(listed, index=False)
    ev.loc[ev.index.repeat(customers)].assign(户号=ids.reshape(-1)).to_csv(per, index=False)
    return listed, per


def main() -> None:
    from windoweval.records.files import load_files
    from windoweval.records.mapping import parse_mapping

    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--customers", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "windoweval-bench"
    folder.mkdir(parents=True, exist_ok=True)
    listed, per = _files(folder, a.events, a.customers)
    cols = {"供电单位": "window_id", "送电时间": "restored_at"}
    m_listed = parse_mapping({"outages": {"columns": cols, "split": {"customer_id": {"from": "停电用户",
                                                                                   "count": "影响户数"}}}}, "m")["outages"]
    m_per = parse_mapping({"outages": {"columns": cols}}, "m")["outages"]
    took = {"split": [], "per_customer": []}
    for _ in range(a.repeats):
        for name, f, m in (("split", listed, m_listed), ("per_customer", per, m_per)):
            t0 = time.process_time()
            got = load_files("outages", [f], m)
            took[name].append(time.process_time() - t0)
            took.setdefault(name + "_ids", got.frame["customer_id"])
    assert took.pop("split_ids").tolist() == took.pop("per_customer_ids").tolist(), "not the same customers"
    med = {k: float(np.median(v)) for k, v in took.items()}
    ratio = med["split"] / med["per_customer"]
    print(f"{a.events * a.customers:,} records: split {med['split']:.2f} s CPU ({min(took['split']):.2f}-"
          f"{max(took['split']):.2f}), per customer {med['per_customer']:.2f} s CPU ({min(took['per_customer']):.2f}-"
          f"{max(took['per_customer']):.2f}); ratio {ratio:.2f}x (target <= 3x)")
    print("RESULT " + json.dumps({"bench": "outage_split", "records": a.events * a.customers, **med, "ratio": ratio}))


if __name__ == "__main__":
    main()
