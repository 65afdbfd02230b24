"""Two-way domains (window x quarter), calibrated designs' design effects and a ratio, against R's survey package.

The R numbers are in tests/golden/audit15_domains.json, written by tests/golden/audit15_domains.R from
tests/golden/survey_fixture.csv (R 4.2.2, survey 4.1.1); no R is needed at test time. Agreement is to 1e-12
relative, and NaN where R gives NaN. R's svyby lists the window fastest; the rows are matched by their keys.
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from windoweval.survey import estimate as E

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "audit15_domains.json").read_text(encoding="utf-8"))
RTOL = 1e-12
BY = ["window_id", "quarter"]
POPW = {f"PW{i:02d}": v for i, v in enumerate([52000, 61000, 43000, 80000, 39000, 70000], start=1)}
POPQ = {"Q1": 80000, "Q2": 85000, "Q3": 90000, "Q4": 90000}


def r(x):
    """R's JSON numbers as floats (jsonlite writes NaN and NA as strings)."""
    return np.array([np.nan if v in ("NaN", "NA") else v for v in np.atleast_1d(x)], dtype=float)


def close(a, b, rtol=RTOL):
    np.testing.assert_allclose(np.asarray(a, dtype=float), r(b), rtol=rtol, atol=1e-13, equal_nan=True)


def in_r_order(t, g):
    """The rows of ``t`` in the order of R's svyby (window fastest), checking both list the same domains."""
    keys = pd.DataFrame({"window_id": g["window_id"], "quarter": g["quarter"]})
    m = keys.merge(t, on=BY, how="left", validate="one_to_one", indicator=True)
    assert (m["_merge"] == "both").all() and len(t) == len(keys)
    return m


@pytest.fixture(scope="module")
def fx():
    """The R script's preparation of the fixture, step by step."""
    d = pd.read_csv(HERE / "survey_fixture.csv", dtype={"respondent_id": str, "window_id": str, "stratum": str,
                                                        "psu": str, "customer_type": str, "interview_date": str})
    ov = d["overall"].where(d["overall"].between(1, 5))
    sat = (ov >= 4).astype(float).where(ov.notna())
    q = "Q" + ((d["interview_date"].str[5:7].astype(int) - 1) // 3 + 1).astype(str)
    return d.assign(sat=sat, y=(ov - 1) / 4 * 100, quarter=q, sat0=sat.fillna(0), ans=ov.notna().astype(float))


def designs(fx):
    des = D.svydesign(fx, ids="psu", strata="stratum", weights="weight")
    return {"plain": des, "post": D.post_stratify(des, "window_id", POPW),
            "rake": D.rake(des, {"window_id": POPW, "quarter": POPQ}, maxit=100, epsilon=1e-10)}


@pytest.mark.parametrize("how", ["plain", "post", "rake"])
@pytest.mark.parametrize("method", ["beta", "logit"])
def test_rates_by_window_and_quarter_as_r(fx, how, method):
    # svyby(~sat, ~window_id + quarter, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"),
    #       na.rm = TRUE);
    # des, postStratify(des, ~window_id, popw) or rake(des, list(~window_id, ~quarter), list(popw, popq))
    g = G[how][method]
    t = in_r_order(D.svyciprop(designs(fx)[how], fx[["sat"]], by=BY, method=method), g)
    close(t["mean"], g["rate"])
    close(t["se"], g["se"])
    art = saturated(g) if method == "logit" else np.zeros(len(t), dtype=bool)
    close(t["ci_low"][~art], r(g["lo"])[~art])
    close(t["ci_high"][~art], r(g["hi"])[~art])
    one_df_intervals(t, art)


def saturated(g):
    """Domains where R's logit interval is [0, NaN]: one degree of freedom, R's floating-point saturation.

    confint.svyglm turns the t quantile into a normal level, ``1 - 2 * pnorm(qt(0.025, df = 1))``, which is 1 in
    double precision (pnorm(-12.71) = 2.8e-37), so ``qnorm`` gives Inf and ``expit`` gives 0 and Inf/Inf = NaN.
    The package keeps the t interval with one degree of freedom there (wide, finite, inside 0-1).
    """
    return (r(g["lo"]) == 0) & np.isnan(r(g["hi"]))


def one_df_intervals(t, art):
    lo, hi, p = (t[c].to_numpy(dtype=float)[art] for c in ("ci_low", "ci_high", "mean"))
    assert ((0 < lo) & (lo < p) & (p < hi) & (hi < 1)).all()
    if art.any():
        from windoweval.survey.estimate import _logit_interval
        se = t["se"].to_numpy(dtype=float)[art]
        want = _logit_interval(p, se ** 2, np.ones(art.sum()), 0.95)      # t with 1 df: qt(0.975, 1) = 12.706
        np.testing.assert_allclose([lo, hi], want, rtol=1e-9)    # the fit sits ~1e-11 from the mean (audit9)


@pytest.mark.parametrize("how", ["plain", "post", "rake"])
@pytest.mark.parametrize("var", ["y", "sat"])
def test_means_and_design_effects_by_window_and_quarter_as_r(fx, how, var):
    # svyby(~v, ~window_id + quarter, des, svymean, na.rm = TRUE, deff = TRUE) and deff = "replace"
    g = G[how][var]
    t = in_r_order(D.svymean(designs(fx)[how], fx[[var]], by=BY, deff=True), g)
    close(t["mean"], g["mean"])
    close(t["se"], g["se"])
    close(t["deff"], g["deff"])
    close(t["deff_replace"], g["deff_replace"])


@pytest.mark.parametrize("how", ["plain", "post", "rake"])
def test_the_design_effect_of_the_whole_year_as_r(fx, how):
    # svymean(~y, des, na.rm = TRUE, deff = TRUE) and deff = "replace"
    g = G[how]["all"]
    t = D.svymean(designs(fx)[how], fx[["y"]], deff=True).iloc[0]
    close([t["mean"], t["se"], t["deff"], t["deff_replace"]], [g["mean"], g["se"], g["deff"], g["deff_replace"]])


@pytest.mark.parametrize("method", ["beta", "logit"])
def test_the_yearly_estimator_by_window_and_quarter_as_r(fx, method):
    # the annual evaluation's estimator on the plain design: satisfaction_rate / satisfaction_index by two columns,
    # the index's design effect as R's deff = "replace"
    g = G["plain"]
    t = in_r_order(E.satisfaction_rate(fx, "power_hall", by=BY, method=method), g[method])
    close(t["rate"], g[method]["rate"])
    close(t["se"], g[method]["se"])
    art = saturated(g[method]) if method == "logit" else np.zeros(len(t), dtype=bool)
    close(t["ci_low"][~art], r(g[method]["lo"])[~art])
    close(t["ci_high"][~art], r(g[method]["hi"])[~art])
    one_df_intervals(t.rename(columns={"rate": "mean"}), art)
    t = in_r_order(E.satisfaction_index(fx, "power_hall", by=BY, measures=["overall"]), g["y"])
    close(t["estimate"], g["y"]["mean"])
    close(t["se"], g["y"]["se"])
    t = in_r_order(E.design_mean(E.survey_design(fx), fx[["y"]], by=BY, deff=True), g["y"])
    close(t["deff"], g["y"]["deff_replace"])


def test_a_ratio_of_totals_as_r(fx):
    # svyratio(~sat0, ~ans, des); svyby(~sat0, ~window_id, des, svyratio, denominator = ~ans)
    des = designs(fx)["plain"]
    t = D.svyratio(des, "sat0", "ans").iloc[0]
    close([t["ratio"], t["se"]], [G["ratio"]["ratio"], G["ratio"]["se"]])
    # a domain's ratio of satisfied answers to answers is the rate's mean in that domain, and so is its SE
    m = D.svymean(des, fx[["sat"]], by="window_id")
    assert m["window_id"].tolist() == G["ratio_by"]["window_id"]
    close(m["mean"], G["ratio_by"]["ratio"])
    close(m["se"], G["ratio_by"]["se"])


def test_r_default_raking_stops_short_of_the_packages(fx):
    # rake(des, list(~window_id, ~quarter), list(popw, popq)) with R's default control (maxit = 10, epsilon = 1):
    # the margins within one person, the year's mean 2e-6 and its SE 7e-6 (relative) from the converged rake
    g, conv = G["rake_r_default"], G["rake"]["all"]
    t = D.svymean(D.rake(D.svydesign(fx, ids="psu", strata="stratum", weights="weight"),
                         {"window_id": POPW, "quarter": POPQ}, maxit=10, epsilon=1), fx[["y"]]).iloc[0]
    close([t["mean"], t["se"]], [g["mean"], g["se"]], rtol=1e-9)
    assert abs(g["se"] / conv["se"] - 1) > 1e-6
