"""Benchmark (survey21): a replicate domain's rank (its degrees of freedom) from its distinct row directions, against
the QR of all its rows it replaced, side by side in one run.

bench_survey20's bootstrap delivery (``--rows`` respondents in 60 PSUs, ``--reps`` replicates, six windows). Per
window: the code before survey21, ``_qr_rank(np.linalg.qr(A, mode="r"))`` of the window's replicate weights ``A``,
against ``_qr_rank(A)`` (rows multiple of one another first made one), the two ranks checked equal; and the whole
``svyciprop(by=window)`` on a fresh design (no rank kept) for scale. Medians of ``--repeat`` runs, wall and CPU.

    python benchmarks/bench_survey21.py [--rows 20000] [--reps 200] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import pandas as pd

from bench_survey19 import paired
from bench_survey20 import make


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from windoweval.survey import design as D

    f, R = make(a.rows, a.reps)
    cols = [f"r{j}" for j in range(R.shape[1])]
    frame = pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1)
    win = f["win"].to_numpy()
    doms = [R[win == v] for v in np.unique(win)]

    def fresh_ciprop():
        des = D.replicate_design(frame, cols, type="bootstrap", weights="w")
        D.degf(des)
        return D.svyciprop(des, "sat", by="win")

    def same_ranks(got):
        assert got[0] == got[1], (got[0], got[1])

    fns = {"rank_qr_rows": lambda: [D._qr_rank(np.linalg.qr(A, mode="r")) for A in doms],
           "rank_directions": lambda: [D._qr_rank(A) for A in doms],
           "ciprop_by": fresh_ciprop}
    out = {"rows": a.rows, "reps": a.reps, **paired(fns, a.repeat, check=same_ranks, ranges=True)}
    out["ratio_qr_rows_over_directions"] = out["rank_qr_rows_s"] / out["rank_directions_s"]
    out["cpu_ratio_qr_rows_over_directions"] = out["rank_qr_rows_cpu"] / out["rank_directions_cpu"]
    print(f"{a.reps} replicates, {a.rows} rows, 6 windows: ranks by QR of the rows {out['rank_qr_rows_s']:.3f} s, by "
          f"directions {out['rank_directions_s']:.3f} s, {out['ratio_qr_rows_over_directions']:.1f}x (CPU "
          f"{out['cpu_ratio_qr_rows_over_directions']:.1f}x); svyciprop beta by window, fresh design "
          f"{out['ciprop_by_s']:.3f} s")
    print("RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
