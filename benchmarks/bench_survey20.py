"""Benchmark (survey20): the replicate refits of svyciprop (method logit) over the replicate axis at once, against the
Python loop over replicates it replaced, side by side in one run.

bench_survey19's seeded bootstrap delivery (``--rows`` respondents in 60 PSUs, ``--reps`` replicates, multipliers
Poisson x 1.5, weights 1-40, six windows) with a 0/1 ``sat`` and a waiting time ``tm``. The loop (the code before
survey20): ``_glm_logit_mean(y, R[:, r], 1.0, start=b0, coef=True)`` for each replicate ``r``, against
``_glm_logit_coefs(y, R, b0)``, the two results checked equal to 1e-12; and the whole ``svyciprop(method="logit",
by=window)`` for scale. Medians of ``--repeat`` runs, pair by pair, wall and CPU (the machine is shared).

    python benchmarks/bench_survey20.py [--rows 20000] [--reps 200] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from bench_survey19 import bootstrap_design, make as make19, paired   # the same delivery, design and clock


def make(rows: int, reps: int, seed: int = 20):
    """bench_survey19's bootstrap delivery (its windows, weights and replicates) with a 0/1 ``sat`` and a time ``tm``."""
    f, R = make19(rows, reps, seed)
    rng = np.random.default_rng(seed + 1)
    return f.assign(sat=(rng.uniform(size=rows) < 0.8).astype(float), tm=np.round(rng.gamma(3, 2, rows), 2)), R


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from windoweval.survey import design as D
    from windoweval.survey.estimate import _glm_logit_coefs, _glm_logit_mean

    f, R = make(a.rows, a.reps)
    des = bootstrap_design(f, R)         # the design's rank once, outside the timings
    R = des.repweights
    y = f["sat"].to_numpy()
    b0 = _glm_logit_mean(y, des.weights, float(len(y)), coef=True)

    def check(got):
        np.testing.assert_allclose(got[1], got[0], rtol=1e-12, atol=1e-15)

    med = paired({"logit_loop": lambda: np.array([_glm_logit_mean(y, R[:, r], 1.0, start=b0, coef=True)
                                                  for r in range(R.shape[1])]),
                  "logit_vector": lambda: _glm_logit_coefs(y, R, b0),
                  "ciprop_by": lambda: D.svyciprop(des, "sat", by="win", method="logit")}, a.repeat, check)
    out = {"rows": a.rows, "reps": a.reps, **med}
    out["ratio_logit_loop_over_vector"] = out["logit_loop_s"] / out["logit_vector_s"]
    out["cpu_ratio_logit_loop_over_vector"] = out["logit_loop_cpu"] / out["logit_vector_cpu"]
    print(f"{a.reps} replicates, {a.rows} rows: logit refits loop {out['logit_loop_s']:.3f} s, at once "
          f"{out['logit_vector_s']:.3f} s, {out['ratio_logit_loop_over_vector']:.1f}x (CPU "
          f"{out['cpu_ratio_logit_loop_over_vector']:.1f}x); svyciprop logit by window {out['ciprop_by_s']:.3f} s")
    print("RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
