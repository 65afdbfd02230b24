"""Rates and index means against R's survey package on designs not pinned before.

The R numbers are in tests/golden/audit12_designs.json, written by tests/golden/audit12_designs.R from
tests/golden/survey_fixture.csv (R 4.2.2, survey 4.1.1); no R is needed at test time. Agreement is to 1e-12
relative, and NaN where R gives NaN. By window and by quarter (quarter Q1 has no interview in stratum D2, a
domain absent from one stratum), beta and logit intervals (``svyciprop``) and means (``svymean``):

* a stratum with a single PSU under each of R's ``options(survey.lonely.psu = ...)``, through the annual
  evaluation's estimator (:mod:`windoweval.survey.estimate`) and the declared design (:mod:`~.design`);
* the fpc as a count and as a sampling fraction, one-stage clusters and one respondent per cluster;
* rows of zero weight (every seventh respondent and one whole PSU), which R keeps in the design.
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from windoweval.survey import estimate as E

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "audit12_designs.json").read_text(encoding="utf-8"))
RTOL = 1e-12


def r(x):
    """R's JSON numbers as floats (jsonlite writes NaN and NA as strings)."""
    return np.array([np.nan if v in ("NaN", "NA") else v for v in np.atleast_1d(x)], dtype=float)


def close(a, b, rtol=RTOL):
    np.testing.assert_allclose(np.asarray(a, dtype=float), r(b), rtol=rtol, atol=1e-13, equal_nan=True)   # an SE of 0 is 1e-14 off in float


@pytest.fixture(scope="module")
def fx():
    """The R script's preparation of the fixture, step by step."""
    d = pd.read_csv(HERE / "survey_fixture.csv", dtype={"respondent_id": str, "window_id": str, "stratum": str,
                                                        "psu": str, "customer_type": str, "interview_date": str})
    ov = d["overall"].where(d["overall"].between(1, 5))
    q = "Q" + ((d["interview_date"].str[5:7].astype(int) - 1) // 3 + 1).astype(str)
    q = q.mask((d["stratum"] == "D2") & (q == "Q1"), "Q2")       # d$quarter[d$stratum == "D2" & ...] <- "Q2"
    npsu = d["stratum"].map({"D1": 150, "D2": 200, "D3": 260})
    nrow_h = d["stratum"].map({"D1": 9000, "D2": 12000, "D3": 15000})
    wz = d["weight"].copy()
    wz.iloc[6::7] = 0                                              # d$wz[seq(7, nrow(d), by = 7)] <- 0
    wz[d["psu"] == sorted(d.loc[d["stratum"] == "D1", "psu"].unique())[0]] = 0
    return d.assign(sat=(ov >= 4).astype(float).where(ov.notna()), y=(ov - 1) / 4 * 100, quarter=q,
                    psu_l=d["psu"].mask(d["stratum"] == "D3", "D3-all"), npsu=npsu, frac=12 / npsu,
                    nrow_h=nrow_h, frac_row=100 / nrow_h, wz=wz)


def check_design(des, fx, g):
    for by in ("window_id", "quarter"):
        for m in ("beta", "logit"):
            t = D.svyciprop(des, fx[["sat"]], by=by, method=m)
            assert t[by].tolist() == g[by][m]["group"]
            close(t["mean"], g[by][m]["rate"])
            close(t["se"], g[by][m]["se"])
            close(t["ci_low"], g[by][m]["lo"])
            close(t["ci_high"], g[by][m]["hi"])
        t = D.svymean(des, fx[["y"]], by=by)
        assert t[by].tolist() == g[by]["mean"]["group"]
        close(t["mean"], g[by]["mean"]["mean"])
        close(t["se"], g[by]["mean"]["se"])
    for m in ("beta", "logit"):
        t = D.svyciprop(des, fx[["sat"]], method=m)
        close(t[["mean", "ci_low", "ci_high", "se"]].iloc[0], g["all"][m])


RULES = ("certainty", "remove", "adjust", "average")


@pytest.mark.parametrize("rule", RULES)
def test_a_lonely_stratum_in_the_declared_design_as_r(fx, rule):
    # options(survey.lonely.psu = rule)
    # svydesign(ids = ~psu_l, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
    des = D.svydesign(fx, ids="psu_l", strata="stratum", weights="weight", lonely_psu=rule)
    check_design(des, fx, G["lonely"][rule])


@pytest.mark.parametrize("rule", RULES)
def test_a_lonely_stratum_in_the_yearly_estimates_as_r(fx, rule):
    # the annual evaluation's estimator (satisfaction_rate / satisfaction_index) on the same design:
    # svyby(~sat, ~BY, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci")) and
    # svyby(~y, ~BY, des, svymean, na.rm = TRUE), options(survey.lonely.psu = rule)
    g = G["lonely"][rule]
    frame = fx.assign(psu=fx["psu_l"])
    for by in ("window_id", "quarter"):
        for m in ("beta", "logit"):
            t = E.satisfaction_rate(frame, "power_hall", by=by, method=m, lonely_psu=rule)
            assert t[by].tolist() == g[by][m]["group"]
            close(t["rate"], g[by][m]["rate"])
            close(t["se"], g[by][m]["se"])
            close(t["ci_low"], g[by][m]["lo"])
            close(t["ci_high"], g[by][m]["hi"])
        t = E.satisfaction_index(frame, "power_hall", by=by, measures=["overall"], lonely_psu=rule)
        assert t[by].tolist() == g[by]["mean"]["group"]
        close(t["estimate"], g[by]["mean"]["mean"])
        close(t["se"], g[by]["mean"]["se"])
    for m in ("beta", "logit"):
        t = E.satisfaction_rate(frame, "power_hall", method=m, lonely_psu=rule)
        close(t[["rate", "ci_low", "ci_high", "se"]].iloc[0], g["all"][m])


@pytest.mark.parametrize("name,kw", [
    ("count", dict(ids="psu", fpc="npsu")), ("rate", dict(ids="psu", fpc="frac")),
    ("row_count", dict(ids=None, fpc="nrow_h")), ("row_rate", dict(ids=None, fpc="frac_row"))])
def test_the_fpc_as_a_count_or_a_fraction_as_r(fx, name, kw):
    # svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~npsu | ~frac, nest = TRUE, data = d);
    # svydesign(ids = ~1, strata = ~stratum, weights = ~weight, fpc = ~nrow_h | ~frac_row, data = d)
    check_design(D.svydesign(fx, strata="stratum", weights="weight", **kw), fx, G["fpc"][name])


def test_a_fraction_and_its_count_give_the_same_figures(fx):
    a = D.svyciprop(D.svydesign(fx, ids="psu", strata="stratum", weights="weight", fpc="npsu"), fx[["sat"]],
                    by="quarter")
    b = D.svyciprop(D.svydesign(fx, ids="psu", strata="stratum", weights="weight", fpc="frac"), fx[["sat"]],
                    by="quarter")
    pd.testing.assert_frame_equal(a, b, rtol=1e-13)


def test_rows_of_zero_weight_as_r(fx):
    # svydesign(ids = ~psu, strata = ~stratum, weights = ~wz, nest = TRUE, data = d)
    check_design(D.svydesign(fx, ids="psu", strata="stratum", weights="wz"), fx, G["zero"])
