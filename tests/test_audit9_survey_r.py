"""Survey statistics against R's survey package on what a firm's delivery can hold.

The R numbers are in tests/golden/audit9_survey_r.json, written by tests/golden/audit9_survey_r.R from
tests/golden/survey_fixture.csv (R 4.2.2, survey 4.1.1); no R is needed at test time. Each test names its R call.
Agreement is to 1e-12 relative, and NaN where R gives NaN.

Fixed here, each failing on the code before:

* a rate of 1 or 0 (every respondent of a window satisfied, or none): R's ``svyciprop(method = "beta")`` interval
  is NaN at both ends (its effective sample size ``p (1 - p) / var`` is 0/0), on every design (one stage,
  strata, clusters, with and without fpc); the package took ``n`` as the effective sample size there and gave an
  interval such as (0.93, 1).
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from windoweval.survey import estimate as E

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "audit9_survey_r.json").read_text(encoding="utf-8"))
RTOL = 1e-12


def r(x):
    """R's JSON numbers as floats (jsonlite writes NaN and NA as strings)."""
    return np.array([np.nan if v in ("NaN", "NA") else v for v in np.atleast_1d(x)], dtype=float)


def close(a, b, rtol=RTOL):
    np.testing.assert_allclose(np.asarray(a, dtype=float), r(b), rtol=rtol, atol=0, equal_nan=True)


@pytest.fixture(scope="module")
def fixture():
    """ans <- d$overall %in% 1:5; d$overall[d$window_id == "PW03" & ans] <- 5; ...[... "PW05" ...] <- 2."""
    d = pd.read_csv(HERE / "survey_fixture.csv", dtype={"respondent_id": str, "window_id": str, "stratum": str,
                                                        "psu": str, "customer_type": str})
    ans = d["overall"].between(1, 5)
    d.loc[(d["window_id"] == "PW03") & ans, "overall"] = 5
    d.loc[(d["window_id"] == "PW05") & ans, "overall"] = 2
    ov = d["overall"].where(d["overall"].between(1, 5))
    return d.assign(sat=(ov >= 4).astype(float).where(ov.notna()), y=(ov - 1) / 4 * 100,
                    npsu=d["stratum"].map({"D1": 150, "D2": 200, "D3": 260}),
                    nrow_h=d["stratum"].map({"D1": 9000, "D2": 12000, "D3": 15000}), nrow_all=36000)


#: svydesign(ids = ~1 | ~psu, strata = ~stratum, fpc = ..., weights = ~weight, nest = TRUE, data = d)
DESIGNS = {"srs": dict(ids=None, strata=None), "srs_fpc": dict(ids=None, strata=None, fpc="nrow_all"),
           "strat": dict(ids=None, strata="stratum"), "strat_fpc": dict(ids=None, strata="stratum", fpc="nrow_h"),
           "clus": dict(ids="psu", strata=None), "stclus": dict(ids="psu", strata="stratum"),
           "stclus_fpc": dict(ids="psu", strata="stratum", fpc="npsu")}


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_a_window_all_or_none_satisfied_has_no_beta_interval_as_in_r(fixture, name):
    # svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
    #   -> PW03 rate 1, se 0, ci_l NaN, ci_u NaN; PW05 rate 0, se 0, ci_l NaN, ci_u NaN; the other windows numbers
    g = G["ciprop"][name]["beta"]
    des = D.svydesign(fixture, weights="weight", **DESIGNS[name])
    t = D.svyciprop(des, fixture[["sat"]], by="window_id", method="beta")
    assert t["window_id"].tolist() == g["window"]
    close(t["mean"], g["rate"])
    close(t["se"], g["se"])
    close(t["ci_low"], g["lo"])
    close(t["ci_high"], g["hi"])
    assert np.isnan(t.loc[t["window_id"].isin(["PW03", "PW05"]), ["ci_low", "ci_high"]].to_numpy()).all()
    # the whole design at 1 and at 0: svyciprop(~sat, subset(des, window_id == "PW03"), method = "beta")
    #   -> 1 with attr(, "ci") c(NaN, NaN); PW05: 0 with c(NaN, NaN)
    for w, key in (("PW03", "one"), ("PW05", "zero")):
        sub = D.svydesign(fixture[fixture["window_id"] == w], weights="weight", **DESIGNS[name])
        e = D.svyciprop(sub, "sat").iloc[0]
        close([e["mean"], e["ci_low"], e["ci_high"]], g[key])


def test_satisfaction_rate_by_window_is_r_at_rates_of_one_and_zero(fixture):
    # des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
    # svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
    g = G["ciprop"]["stclus"]["beta"]
    t = E.satisfaction_rate(fixture, "power_hall", by="window_id")
    close(t["rate"], g["rate"])
    close(t["se"], g["se"])
    close(t["ci_low"], g["lo"])
    close(t["ci_high"], g["hi"])


def test_proportion_ci_beta_at_zero_variance_is_nan_at_both_ends_and_qbeta_limits_inside():
    # svyciprop(~y, design, method = "beta") on every y 1 (or every y 0): 1 (0), ci c(NaN, NaN)
    lo, hi = E.proportion_ci([1.0, 0.0], [0.0, 0.0], [40, 40], [12, 12], method="beta")
    assert np.isnan(lo).all() and np.isnan(hi).all()
    # variance 0 inside (0, 1): d <- data.frame(h = rep(c("a","b"), each = 4), psu = rep(1:4, each = 2), w = 1,
    # y = rep(c(1, 0), 4)); svyciprop(~y, svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = d),
    # method = "beta") -> 0.5 with ci c(0.5, 0.5) (qbeta of infinite shapes)
    f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [1, 1, 2, 2, 3, 3, 4, 4], "w": 1.0, "y": [1.0, 0] * 4})
    e = D.svyciprop(D.svydesign(f, ids="psu", strata="h", weights="w"), "y").iloc[0]
    assert [e["mean"], e["se"], e["ci_low"], e["ci_high"]] == [0.5, 0.0, 0.5, 0.5]
