"""Benchmark (survey21, item 6): grake's replicate loop (bounded linear, raking, logit: one ``_grake`` a replicate, as
``calibrate`` on a replicate design runs it) against a candidate that takes every replicate at once (Newton steps
on a stack of p x p systems, each replicate stopping, halving and failing on its own), in one run.

The candidate (``_grake_reps`` below) is kept here, not in the package: on bench_survey20's bootstrap delivery it
gave the loop's weights to 3e-13 but was slower (0.15-0.8x at 3,000 rows x 40 replicates, load 10): each replicate's
Newton step is already vectorised over the rows, so taking the replicates at once saves only the Python calls and
pays for the p^2 products of the stacked systems. The loop stays (design.calibrate).

    python benchmarks/bench_survey21_grake.py [--rows 3000] [--reps 40]
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import pandas as pd

from bench_survey19 import timed
from bench_survey20 import make

def _grake_reps(mm, W, population, calfun, lo, hi, maxit, epsilon):
    from windoweval.survey.design import _calfun

    fm1, dF = _calfun(calfun, lo, hi)
    n, p = mm.shape
    k = W.shape[1]
    K = (mm[:, :, None] * mm[:, None, :]).reshape(n, p * p)
    st = (mm.T @ W).T                                   # (k, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        scales = population / st
    big = scales.min(axis=1) > 20
    scale = np.where(big, scales.mean(axis=1), 1.0)
    W = W * np.where(big, scale, 1.0)
    st = st * np.where(big, scale, 1.0)[:, None]
    eta = np.zeros((k, p))
    xeta = np.zeros((n, k))
    it = np.ones(k, dtype=np.int64)
    active = np.ones(k, dtype=bool)
    tol = 256 * np.finfo(float).eps
    while active.any():
        a = np.flatnonzero(active)
        X, Wa = xeta[:, a], W[:, a]
        Tm = (K.T @ (Wa * dF(X))).T.reshape(len(a), p, p)
        misfit = population - st[a] - (mm.T @ (Wa * fm1(X))).T
        deta = np.einsum("rjk,rk->rj", np.linalg.pinv(Tm, rcond=tol), misfit)
        eta[a] += deta
        xeta[:, a] = mm @ eta[a].T
        with np.errstate(over="ignore", invalid="ignore"):
            X = xeta[:, a]
            bad = ~(np.isfinite(1 + fm1(X)).all(axis=0) & np.isfinite(dF(X)).all(axis=0))
            while True:
                h = bad & (it[a] < maxit)
                if not h.any():
                    break
                hi_ = a[h]
                it[hi_] += 1
                deta[h] /= 2
                eta[hi_] -= deta[h]
                xeta[:, hi_] = mm @ eta[hi_].T
                X = xeta[:, hi_]
                bad[h] = ~(np.isfinite(1 + fm1(X)).all(axis=0) & np.isfinite(dF(X)).all(axis=0))
            misfit = population - st[a] - (mm.T @ (W[:, a] * fm1(xeta[:, a]))).T
        conv = np.all(np.abs(misfit) / (1 + np.abs(population)) < epsilon, axis=1)
        active[a[conv]] = False
        rest = a[~conv]
        it[rest] += 1
        active[rest[it[rest] > maxit]] = False
    g = 1 + fm1(xeta)
    return g * np.where(big, scale, 1.0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--reps", type=int, default=40)
    a = ap.parse_args()
    from windoweval.survey import design as D

    f, R = make(a.rows, a.reps)
    cols = [f"r{j}" for j in range(R.shape[1])]
    des = D.replicate_design(pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1), cols, type="bootstrap", weights="w")
    A = D._model_matrix(des.frame, ["win"], True).to_numpy()
    W = des.repweights
    out = []
    for calfun, lo, hi in (("raking", -np.inf, np.inf), ("raking", 0.5, 2.0), ("linear", 0.7, 1.5), ("logit", 0.5, 2.0)):
        T = A.T @ des.weights * np.r_[1.0, 1.05, 0.97, 1.02, 0.99, 1.03]
        with np.errstate(all="ignore"):
            loop, t1, c1 = timed(lambda: np.column_stack([
                W[:, r] * D._grake(A, W[:, r], T, calfun, lo, hi, 50, 1e-7, True, replicate=True)
                for r in range(W.shape[1])]))
            vec, t2, c2 = timed(lambda: W * _grake_reps(A, W, T, calfun, lo, hi, 50, 1e-7))
        diff = float(np.nanmax(np.abs(vec - loop) / np.maximum(np.abs(loop), 1e-300)))
        out.append({"calfun": calfun, "bounds": [lo, hi], "loop_s": t1, "vector_s": t2, "loop_cpu": c1,
                    "vector_cpu": c2, "ratio_loop_over_vector": t1 / t2, "max_rel_diff": diff})
        print(f"{calfun} ({lo:g}, {hi:g}): loop {t1:.3f} s, at once {t2:.3f} s, {t1 / t2:.2f}x; weights within {diff:.1e}")
    print("RESULT " + json.dumps({"rows": a.rows, "reps": a.reps, "runs": out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
