"""Benchmark: svyglm's families (survey16) against R's survey package, side by side in one run.

A seeded stratified cluster sample (``--rows`` respondents, 40 strata, 10 PSUs each, weights varied, ten windows
``win``, a predictor ``x1``, days open ``days``, a count ``cnt`` and a positive time ``tm``), the design
``svydesign(ids=~psu, strata=~h, weights=~w)`` built once on each side, then timed from the data in memory:

* ``svyglm(cnt ~ x1 + win + offset(log(days)), des, family = quasipoisson())``;
* ``svyglm(tm ~ x1 + win, des, family = Gamma(link = "log"))``.

The numbers are compared (largest relative difference printed) and the ratio R / windoweval given per statistic.
R is skipped (and said so) when Rscript or the survey package is missing.

    python benchmarks/bench_survey16.py [--rows 200000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import r_survey_script, survey_against_r, survey_labels, survey_strata_psu

R_SCRIPT = r_survey_script(["h", "psu", "win"], r"""
g1 <- tm(svyglm(cnt ~ x1 + win + offset(log(days)), des, family = quasipoisson()))
g2 <- tm(svyglm(tm ~ x1 + win, des, family = Gamma(link = "log")))
cat(toJSON(list(glm_qpois = list(s = g1$s, v = c(coef(g1$v), SE(g1$v))),
                glm_gamma = list(s = g2$s, v = c(coef(g2$v), SE(g2$v)))), digits = NA, auto_unbox = TRUE), "\n")
""")


def make(rows: int, seed: int = 16) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    h, psu = survey_strata_psu(rng, rows)
    win = rng.integers(0, 10, rows)
    x1 = rng.normal(0, 1, rows)
    days = rng.integers(5, 40, rows).astype(float)
    return pd.DataFrame({**survey_labels(h, psu), "w": np.round(rng.uniform(2, 30, rows), 3),
                         "win": [f"W{v:02d}" for v in win], "x1": x1, "days": days,
                         "cnt": rng.poisson(np.exp(-2.5 + 0.3 * x1) * days).astype(float),
                         "tm": rng.gamma(3.0, np.exp(1.5 + 0.2 * x1) / 3.0)})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    a = ap.parse_args()
    from scipy import stats  # noqa: F401  -- loaded before timing, as R's library(survey) is
    from windoweval.survey import design as D

    df = make(a.rows)
    des = D.svydesign(df.assign(logdays=np.log(df["days"])), ids="psu", strata="h", weights="w")
    runs = {
        "glm_qpois": lambda: D.svyglm(des, "cnt", ["x1", "win"], family="quasipoisson", offset="logdays")[
            ["estimate", "se"]].to_numpy().T.ravel(),
        "glm_gamma": lambda: D.svyglm(des, "tm", ["x1", "win"], family="Gamma", link="log")[
            ["estimate", "se"]].to_numpy().T.ravel(),
    }
    return survey_against_r(runs, df, R_SCRIPT, a.rows)


if __name__ == "__main__":
    sys.exit(main())
