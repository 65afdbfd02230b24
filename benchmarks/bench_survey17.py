"""Benchmark: the degrees of freedom of a replicate design (survey17), R's way, against the old way in one run.

A seeded bootstrap delivery (``--rows`` respondents in 60 PSUs, ``--reps`` replicates, multipliers Poisson x 1.5,
weights 1-40, rounded to 4 decimals as a survey firm delivers them). ``degf`` is R's ``qr(weights, tol = 1e-5)$rank
- 1``: windoweval's ``_qr_rank`` (LINPACK dqrdc2's pivoting on LAPACK's R factor) against numpy's
``matrix_rank`` (the SVD the project used before, which counts the rounding noise as rank), medians of ``--repeat``
runs, side by side; with ``--r`` the rank is also checked against R on the first 8,000 rows (written to a CSV first,
not timed). Also the cached ``degf`` of the same array (rev17s: the cache checks a digest of the weights' bytes, so a
caller who writes into them gets the new rank), as a fraction of the QR's CPU.

    python benchmarks/bench_survey17.py [--rows 50000] [--reps 200] [--repeat 3] [--r]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def make(rows: int, reps: int, seed: int = 17) -> np.ndarray:
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 60, rows)
    mult = rng.poisson(1.0, (60, reps)) * 1.5
    w = rng.uniform(1, 40, rows)
    return np.round(w[:, None] * mult[psu], 4)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--r", action="store_true")
    a = ap.parse_args()
    from windoweval.survey.design import _qr_rank, _rep_rank

    A = make(a.rows, a.reps)
    ours, old, ours_cpu, old_cpu = [], [], [], []
    for _ in range(a.repeat):           # pair by pair, wall and CPU (the machine is shared: CPU is the steadier)
        t, c = time.perf_counter(), time.process_time()
        r1 = _qr_rank(A)
        ours.append(time.perf_counter() - t)
        ours_cpu.append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        r2 = int(np.linalg.matrix_rank(A))
        old.append(time.perf_counter() - t)
        old_cpu.append(time.process_time() - c)
    out = {"rows": a.rows, "reps": a.reps, "rank_qr": r1, "rank_svd": r2, "qr_s": float(np.median(ours)),
           "svd_s": float(np.median(old)), "ratio_qr_over_svd": float(np.median(ours) / np.median(old)),
           "qr_cpu_s": float(np.median(ours_cpu)), "svd_cpu_s": float(np.median(old_cpu)),
           "cpu_ratio_qr_over_svd": float(np.median(ours_cpu) / np.median(old_cpu))}
    _rep_rank(A)                        # rev17s: a cached degf still reads the weights (digest), a fraction of the QR
    hits = []
    for _ in range(a.repeat):
        c = time.process_time()
        assert _rep_rank(A) == r1
        hits.append(time.process_time() - c)
    out["cached_cpu_s"] = float(np.median(hits))
    out["cpu_ratio_cached_over_qr"] = float(np.median(hits) / np.median(ours_cpu))
    if a.r and shutil.which("Rscript"):
        with tempfile.TemporaryDirectory() as d:
            f = Path(d) / "w.csv"
            np.savetxt(f, A[:8000], delimiter=",", fmt="%.4f")
            r = subprocess.run(["Rscript", "-e", f"cat(qr(as.matrix(read.csv('{f}', header = FALSE)), tol = 1e-5)$rank)"],
                               capture_output=True, text=True, check=True)
            out["rank_r_8000"], out["rank_qr_8000"] = int(r.stdout.strip()), _qr_rank(A[:8000])
    print(f"degf + 1 (rank): ours {r1}, numpy SVD {r2}; ours {out['qr_s']:.3f} s, SVD {out['svd_s']:.3f} s, "
          f"ratio {out['ratio_qr_over_svd']:.2f} (CPU {out['qr_cpu_s']:.3f} s / {out['svd_cpu_s']:.3f} s = "
          f"{out['cpu_ratio_qr_over_svd']:.2f}); cached degf (digest check) CPU {out['cached_cpu_s']:.3f} s = "
          f"{out['cpu_ratio_cached_over_qr']:.2f} of the QR")
    print("RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
