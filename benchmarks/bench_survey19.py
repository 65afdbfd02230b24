"""Benchmark (survey19): svychisq on a replicate design, its replicates in one matrix product against the Python loop
over replicates it replaced, side by side in one run; and a domain's degrees of freedom asked again (cached per
weights array and row mask) against the QR rank it saves.

A seeded bootstrap delivery (``--rows`` respondents in 60 PSUs of 6 strata, ``--reps`` replicates, multipliers
Poisson x 1.5, weights 1-40); a 6 x 4 table (window x half-day segment). The replicates' cell proportions: the loop
(``(R[:, j] * P).sum(0) / R[ok, j].sum()`` for each replicate ``j``, the code before survey19) against
``(R.T @ P) / R[ok].sum(0)``, the two results checked equal to 1e-12; and the whole ``svychisq`` (statistic F) with
the product, for scale. Medians of ``--repeat`` runs, pair by pair, wall and CPU (the machine is shared).

    python benchmarks/bench_survey19.py [--rows 50000] [--reps 200] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd


def make(rows: int, reps: int, seed: int = 19):
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 60, rows)
    w = rng.uniform(1, 40, rows)
    R = w[:, None] * (rng.poisson(1.0, (60, reps)) * 1.5)[psu]
    f = pd.DataFrame({"w": w, "win": rng.choice([f"W{i}" for i in range(6)], rows),
                      "seg": rng.choice(["a", "b", "c", "d"], rows)})
    f.loc[rng.choice(rows, rows // 100, replace=False), "seg"] = np.nan
    return f, R


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t, time.process_time() - c


def bootstrap_design(f: pd.DataFrame, R: np.ndarray):
    """The bootstrap replicate design of :func:`make`'s delivery, its rank found once (outside any timing)."""
    from windoweval.survey import design as D

    cols = [f"r{j}" for j in range(R.shape[1])]
    des = D.replicate_design(pd.concat([f, pd.DataFrame(R, columns=cols)], axis=1), cols, type="bootstrap", weights="w")
    D.degf(des)
    return des


def paired(fns: dict, repeat: int, check=None, ranges: bool = False) -> dict:
    """Each of ``fns`` (name -> function) run ``repeat`` times, pair by pair (each old loop next to the code that
    replaced it: the machine is shared), ``check(results)`` after each round; the medians ``{name}_s`` (wall) and
    ``{name}_cpu``, with ``ranges`` also each wall clock's ``{name}_s_range`` ``[min, max]``."""
    res = {k: [] for n in fns for k in (f"{n}_s", f"{n}_cpu")}
    for _ in range(repeat):
        got = []
        for n, fn in fns.items():
            out, t, c = timed(fn)
            got.append(out)
            res[f"{n}_s"].append(t)
            res[f"{n}_cpu"].append(c)
        if check is not None:
            check(got)
    out = {k: float(np.median(v)) for k, v in res.items()}
    if ranges:
        out |= {f"{k}_range": [float(min(v)), float(max(v))] for k, v in res.items() if k.endswith("_s")}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from windoweval.survey import design as D

    f, R = make(a.rows, a.reps)
    des = bootstrap_design(f, R)         # the design's rank once, outside the timings
    R = des.repweights
    ok = (f["win"].notna() & f["seg"].notna()).to_numpy()
    P = np.zeros((len(f), 24))
    codes = pd.Categorical(f["win"]).codes + 6 * pd.Categorical(f["seg"]).codes
    P[np.nonzero(ok)[0], codes[ok]] = 1.0

    def check(got):
        np.testing.assert_allclose(got[1], got[0], rtol=1e-12, atol=1e-15)

    med = paired({"loop": lambda: np.array([(R[:, j][:, None] * P).sum(0) / R[ok, j].sum() for j in range(R.shape[1])]),
                  "product": lambda: (R.T @ P) / R[ok].sum(0)[:, None],
                  "chisq": lambda: D.svychisq(des, "win", "seg")}, a.repeat, check)
    out = {"rows": a.rows, "reps": a.reps, **med}
    out["ratio_loop_over_product"] = out["loop_s"] / out["product_s"]
    out["cpu_ratio_loop_over_product"] = out["loop_cpu"] / out["product_cpu"]
    # a domain's rank: the QR once, then the cached answer (digests of the weights and the mask)
    dom = (f["seg"] == "a").to_numpy()
    D._RANKS.clear()
    _, tq, cq = timed(lambda: D._domain_df_nrow(des, dom))
    hits = [timed(lambda: D._domain_df_nrow(des, dom))[2] for _ in range(a.repeat)]
    out["domain_qr_cpu"], out["domain_cached_cpu"] = cq, float(np.median(hits))
    out["cpu_ratio_cached_over_qr"] = out["domain_cached_cpu"] / cq
    print(f"replicate cell proportions ({a.reps} replicates, {a.rows} rows): loop {out['loop_s']:.3f} s, product "
          f"{out['product_s']:.3f} s, {out['ratio_loop_over_product']:.1f}x (CPU {out['cpu_ratio_loop_over_product']:.1f}x); "
          f"svychisq F with the product {out['chisq_s']:.3f} s; a domain's rank cached: "
          f"{out['cpu_ratio_cached_over_qr']:.3f} of its QR's CPU ({out['domain_qr_cpu']:.3f} s)")
    print("RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
