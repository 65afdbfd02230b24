"""Benchmark: the survey15 statistics against R's survey package, side by side in one run.

A seeded stratified cluster sample (``--rows`` respondents, 40 strata, 10 PSUs each, weights varied, a 1-5 score
``s`` with a few missing, visits ``v``, a time ``tm``, ten windows ``win`` by row, a half-day ``b``), the design
``svydesign(ids=~psu, strata=~h, weights=~w)`` built once on each side, then timed from the data in memory:

* ``svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE, deff = TRUE)``;
* ``svyby(~tm, ~win, des, svyvar, na.rm = TRUE)``;
* ``svycontrast(svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE), <each window minus W00>)``;
* ``svyranktest(s ~ b, des)`` (Wilcoxon) and ``svyranktest(s ~ win, des, test = "KruskalWallis")``.

The numbers are compared (largest relative difference printed) and the ratio R / windoweval given per statistic.
R is skipped (and said so) when Rscript or the survey package is missing.

    python benchmarks/bench_survey15.py [--rows 200000]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import r_survey_script, survey_against_r, survey_labels, survey_strata_psu

R_SCRIPT = r_survey_script(["h", "psu", "win", "b"], r"""
r1 <- tm(svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE, deff = TRUE))
v1 <- tm(svyby(~tm, ~win, des, svyvar, na.rm = TRUE))
k1 <- tm({
  b <- svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE)
  C <- cbind(-1, diag(nrow(b) - 1))
  svycontrast(b, lapply(seq_len(nrow(C)), function(i) C[i, ]))
})
w1 <- tm(svyranktest(s ~ b, des))
w2 <- tm(svyranktest(s ~ win, des, test = "KruskalWallis"))
cat(toJSON(list(
  ratio_by = list(s = r1$s, v = c(coef(r1$v), SE(r1$v), deff(r1$v))),
  var_by = list(s = v1$s, v = c(coef(v1$v), SE(v1$v))),
  contrast = list(s = k1$s, v = c(coef(k1$v), SE(k1$v))),
  rank_wilcoxon = list(s = w1$s, v = unname(c(w1$v$statistic, w1$v$p.value))),
  rank_kw = list(s = w2$s, v = unname(c(w2$v$parameter, w2$v$p.value)))), digits = NA, auto_unbox = TRUE), "\n")
""")


def make(rows: int, seed: int = 15) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    h, psu = survey_strata_psu(rng, rows)
    win = rng.integers(0, 10, rows)
    s = np.clip(np.round(3.4 + 0.1 * (win - 5) + rng.normal(0, 1, rows)), 1, 5)
    s[rng.choice(rows, rows // 100, replace=False)] = np.nan
    return pd.DataFrame({**survey_labels(h, psu),
                         "w": np.round(rng.uniform(2, 30, rows), 3), "win": [f"W{v:02d}" for v in win], "s": s,
                         "v": rng.integers(1, 7, rows).astype(float),
                         "tm": np.round(rng.gamma(2.0, 4.0, rows) + (win == 2) * 1.5, 2),
                         "b": np.where(rng.uniform(size=rows) < 0.5, "am", "pm")})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    a = ap.parse_args()
    from scipy import stats  # noqa: F401  -- loaded before timing, as R's library(survey) is
    from windoweval.survey import design as D

    df = make(a.rows)
    des = D.svydesign(df, ids="psu", strata="h", weights="w")

    def contrast():
        m = D.svymean(des, "s", by="win", covmat=True)
        C = np.column_stack([-np.ones(len(m) - 1), np.eye(len(m) - 1)])
        c = D.svycontrast(m, {f"d{i}": C[i] for i in range(len(C))})
        return np.concatenate([c["estimate"], c["se"]])

    runs = {
        "ratio_by": lambda: D.svyratio(des, "s", "v", by="win", deff=True)[["ratio", "se", "deff"]].to_numpy().T.ravel(),
        "var_by": lambda: D.svyvar(des, "tm", by="win")[["variance", "se"]].to_numpy().T.ravel(),
        "contrast": contrast,
        "rank_wilcoxon": lambda: D.svyranktest(des, "s", "b")[["value", "p_value"]].to_numpy(dtype=float).ravel(),
        "rank_kw": lambda: D.svyranktest(des, "s", "win", test="KruskalWallis")[["value", "p_value"]].to_numpy(
            dtype=float).ravel(),
    }
    return survey_against_r(runs, df, R_SCRIPT, a.rows)


if __name__ == "__main__":
    sys.exit(main())
