"""Benchmark: the survey14 statistics against R's survey package, side by side in one run.

A seeded stratified cluster sample (``--rows`` respondents, 40 strata, 10 PSUs each, weights varied, a continuous
``x`` with ties, a 0/1 ``y``, two categories ``b`` (2 levels) and ``a`` (4)), the design
``svydesign(ids=~psu, strata=~h, weights=~w)`` built once on each side, then timed from the data in memory:

* ``svyquantile(~x, des, c(.1, .5, .9), qrule = "hf7", interval.type = "mean")`` and ``interval.type = "score"``;
* ``svychisq(~b + a, des, statistic = "Wald")`` and ``statistic = "saddlepoint"``;
* ``svyciprop(~y, des, method = "likelihood")``.

The numbers are compared (largest relative difference printed) and the ratio R / windoweval given per statistic.
R is skipped (and said so) when Rscript or the survey package is missing.

    python benchmarks/bench_survey_stats.py [--rows 200000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import r_survey_script, survey_against_r, survey_labels, survey_strata_psu

R_SCRIPT = r_survey_script(["h", "psu", "b", "a"], r"""
q1 <- tm(svyquantile(~x, des, c(.1, .5, .9), qrule = "hf7", interval.type = "mean", ci = TRUE)$x)
q2 <- tm(svyquantile(~x, des, c(.1, .5, .9), qrule = "hf7", interval.type = "score", ci = TRUE)$x)
c1 <- tm(svychisq(~b + a, des, statistic = "Wald"))
c2 <- tm(suppressWarnings(svychisq(~b + a, des, statistic = "saddlepoint")))
p1 <- tm(svyciprop(~y, des, method = "likelihood"))
cat(toJSON(list(
  quantile_mean = list(s = q1$s, v = as.vector(q1$v[, 1:3])), quantile_score = list(s = q2$s, v = as.vector(q2$v[, 1:3])),
  chisq_wald = list(s = c1$s, v = unname(c(c1$v$statistic, c1$v$p.value))),
  chisq_saddle = list(s = c2$s, v = unname(c(c2$v$statistic, c2$v$p.value))),
  ciprop_likelihood = list(s = p1$s, v = unname(c(coef(p1$v), attr(p1$v, "ci"))))), digits = NA, auto_unbox = TRUE), "\n")
""")


def make(rows: int, seed: int = 14) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    h, psu = survey_strata_psu(rng, rows)
    x = np.round(rng.gamma(2.0, 3.0, rows) + (h % 5) * 0.3, 1)
    return pd.DataFrame({**survey_labels(h, psu),
                         "w": np.round(rng.uniform(2, 30, rows), 3), "x": x,
                         "y": (0.15 * x + rng.logistic(size=rows) > 1).astype(int),
                         "b": np.where(rng.uniform(size=rows) < 0.35 + 0.02 * x.clip(max=10), "B", "A"),
                         "a": rng.choice(list("uvwz"), rows)})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    a = ap.parse_args()
    from scipy import stats  # noqa: F401  -- loaded before timing, as R's library(survey) is
    from windoweval.survey import design as D

    df = make(a.rows)
    des = D.svydesign(df, ids="psu", strata="h", weights="w")
    runs = {
        "quantile_mean": lambda: D.svyquantile(des, "x", [.1, .5, .9], qrule="hf7")[
            ["estimate", "ci_low", "ci_high"]].to_numpy().T.ravel(),
        "quantile_score": lambda: D.svyquantile(des, "x", [.1, .5, .9], qrule="hf7", interval_type="score")[
            ["estimate", "ci_low", "ci_high"]].to_numpy().T.ravel(),
        "chisq_wald": lambda: D.svychisq(des, "b", "a", statistic="Wald")[["value", "p_value"]].to_numpy().ravel(),
        "chisq_saddle": lambda: D.svychisq(des, "b", "a", statistic="saddlepoint")[["value", "p_value"]].to_numpy().ravel(),
        "ciprop_likelihood": lambda: D.svyciprop(des, "y", method="likelihood")[
            ["mean", "ci_low", "ci_high"]].to_numpy().ravel(),
    }
    return survey_against_r(runs, df, R_SCRIPT, a.rows)


if __name__ == "__main__":
    sys.exit(main())
