"""Benchmark (j): a work-order process log read through mapping.yaml's ``steps`` against the pivot done by hand.

A log holds one row per step (受理, 派工, 到达现场, 竣工, 归档; one order in twelve visited twice).  The peer is what
a user did before ``steps``: pandas reads the log, pivots it by hand (the first arrival, the one completion) and
writes the one-row-per-order CSV that windoweval then reads.  Both sides must give the same records (order ids and
the three times); CPU time of each (process time, this process only), alternating, medians.
Target: ``steps`` within 3x the hand pivot plus the wide read (it checks every step row's time, an order's own
columns across its rows and the step names, which the hand pivot does not).

    python benchmarks/bench_steps.py [--orders 200000] [--repeats 3]
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

MAPPING = {"columns": {"业务类型": "order_type", "供电所编号": "window_id"}, "ignore": ["处理人"],
           "values": {"order_type": {"故障报修": "fault_repair"}},
           "steps": {"key": "工单编号", "step": "环节名称", "time": "环节时间",
                     "as": {"受理": "received_at", "到达现场": "arrived_at", "竣工": "completed_at"},
                     "ignore": ["派工", "归档"], "repeated": {"arrived_at": "first"}}}


def make_log(n: int, folder: Path) -> Path:
    """``n`` fault repairs as a process log (about 5.1 rows an order), written once and reused."""
    f = folder / f"log_{n}.csv"
    if f.exists():
        return f
    rng = np.random.default_rng(35)
    ids = np.char.add("WO", np.arange(n).astype(str))
    t0 = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 360 * 86400, n), unit="s")
    arrive = t0 + pd.to_timedelta(rng.integers(10 * 60, 60 * 60, n), unit="s")
    done = arrive + pd.to_timedelta(rng.integers(30 * 60, 4 * 3600, n), unit="s")
    again = rng.random(n) < 1 / 12
    parts = [(ids, "受理", t0), (ids, "派工", t0 + pd.Timedelta(minutes=3)), (ids, "到达现场", arrive),
             (ids[again], "派工", arrive[again] + pd.Timedelta(minutes=90)),
             (ids[again], "到达现场", arrive[again] + pd.Timedelta(hours=2)), (ids, "竣工", done),
             (ids, "归档", done + pd.Timedelta(hours=20))]
    log = pd.concat([pd.DataFrame({"工单编号": i, "环节名称": s, "t": t}) for i, s, t in parts], ignore_index=True)
    log = log.sort_values(["工单编号", "t"], kind="stable")
    hall = pd.Series(np.array([f"PW{k:02d}" for k in range(1, 13)])[rng.integers(0, 12, n)], index=ids)
    out = pd.DataFrame({"工单编号": log["工单编号"], "业务类型": "故障报修", "供电所编号": hall.reindex(log["工单编号"]).to_numpy(),
                        "环节名称": log["环节名称"], "环节时间": log["t"].dt.strftime("%Y-%m-%d %H:%M:%S"),
                        "处理人": np.array(["张伟", "王芳", "李娜"])[rng.integers(0, 3, len(log))]})
    out.to_csv(f, index=False)
    return f


def by_steps(f: Path) -> pd.DataFrame:
    from windoweval.records.files import load_files
    from windoweval.records.mapping import parse_mapping

    km = parse_mapping({"work_orders": MAPPING}, "mapping.yaml")["work_orders"]
    return load_files("work_orders", [f], km).frame


def by_hand(f: Path, scratch: Path) -> pd.DataFrame:
    """The peer: pandas pivots the log by hand and writes the wide CSV, which windoweval reads."""
    from windoweval.records.files import load_files

    log = pd.read_csv(f, dtype=str)
    log["t"] = pd.to_datetime(log["环节时间"])
    first = log.drop_duplicates("工单编号").set_index("工单编号")
    wide = pd.DataFrame({"order_id": first.index, "window_id": first["供电所编号"].to_numpy(),
                         "order_type": "fault_repair"}).set_index("order_id", drop=False)
    for step, col, how in (("受理", "received_at", "min"), ("到达现场", "arrived_at", "min"), ("竣工", "completed_at", "max")):
        wide[col] = log[log["环节名称"] == step].groupby("工单编号")["t"].agg(how).dt.strftime("%Y-%m-%d %H:%M:%S")
    out = scratch / "wide.csv"
    wide.to_csv(out, index=False)
    return load_files("work_orders", [out]).frame


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=200_000)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "windoweval-bench"
    folder.mkdir(parents=True, exist_ok=True)
    f = make_log(a.orders, folder)
    rows = sum(1 for _ in open(f, encoding="utf-8")) - 1
    times: dict = {"steps": [], "hand": []}
    got = {}
    for _ in range(a.repeats):
        for name in ("steps", "hand"):
            t = time.process_time()
            got[name] = by_steps(f) if name == "steps" else by_hand(f, folder)
            times[name].append(time.process_time() - t)
    cols = ["order_id", "received_at", "arrived_at", "completed_at"]
    same = got["steps"][cols].sort_values("order_id").reset_index(drop=True).equals(
        got["hand"][cols].sort_values("order_id").reset_index(drop=True))
    if not same:
        raise SystemExit("the two sides differ: no ratio")
    med = {k: float(np.median(v)) for k, v in times.items()}
    ratio = med["steps"] / med["hand"]
    print(f"{a.orders:,} orders, {rows:,} log rows: steps {med['steps']:.2f} s CPU, hand pivot + wide read "
          f"{med['hand']:.2f} s CPU: {ratio:.2f}x (target <= 3x)")
    print("RESULT " + json.dumps({"bench": "steps", "orders": a.orders, "rows": rows, "steps_cpu": med["steps"],
                                  "hand_cpu": med["hand"], "ratio": ratio, "same": same}))


if __name__ == "__main__":
    main()
