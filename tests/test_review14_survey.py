"""Review 14 (review14b): four confirmed defects of windoweval.survey.design against R 4.2.2 / survey 4.1.1.

Every golden number is R's; the R call that gives it is in the comment or docstring beside it.
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def _ties_design():
    # a 1-5 satisfaction score: the 0.9 quantile is the top answer, so P(y <= q) = 1
    f = pd.DataFrame({"y": [1.0, 2, 2, 3, 3, 4, 5, 5, 5, 5], "w": [1.0, 2, 1, 1, 2, 1, 1, 2, 1, 1]})
    return D.svydesign(f, ids=None, strata=None, weights="w")


def test_svyquantile_xlogit_at_the_largest_value_is_nan_not_a_traceback():
    """xlogit's ``se_p / (pe * (1 - pe))`` on Python floats raised ZeroDivisionError at pe = 1.
    R: f <- data.frame(y=c(1,2,2,3,3,4,5,5,5,5), w=c(1,2,1,1,2,1,1,2,1,1))
    svyquantile(~y, svydesign(ids=~1, weights=~w, data=f), c(0.5, 0.9), ci=TRUE, interval.type="xlogit")
    -> 0.5: 3, ci 2 5, se 0.6630839; 0.9: 5, ci NaN NaN, se NaN."""
    q = D.svyquantile(_ties_design(), "y", [0.5, 0.9], interval_type="xlogit")
    assert q["estimate"].tolist() == [3.0, 5.0]
    np.testing.assert_allclose(q[["ci_low", "ci_high", "se"]].to_numpy()[0], [2, 5, 0.6630839], rtol=1e-6)
    assert np.isnan(q["ci_low"][1]) and np.isnan(q["ci_high"][1]) and np.isnan(q["se"][1])


@pytest.mark.parametrize("interval_type,top", [("asin", [np.nan] * 3), ("mean", [5, 5, 0]), ("beta", [np.nan] * 3)])
def test_svyquantile_the_other_intervals_at_the_largest_value_are_rs(interval_type, top):
    # R: the same svyquantile call with interval.type = "asin" / "mean" / "beta" -> 0.9: ci and se as `top`
    q = D.svyquantile(_ties_design(), "y", [0.9], interval_type=interval_type)
    np.testing.assert_allclose(q[["ci_low", "ci_high", "se"]].to_numpy()[0], top, rtol=1e-12)


def test_post_stratified_design_with_a_zero_weight_row_keeps_its_standard_error():
    """_resid_calibration ("post"): ``X * (oldw / psw)`` was 0/0 = NaN for a row of weight 0 (R's svyrecvar sets
    psw = 1 where psw == oldw == 0).
    R: f <- data.frame(h=rep(c("a","b"),each=4), psu=1:8, w=c(1,2,0,1,2,1,1,3), y=c(1,2,3,4,2,3,5,4),
    g=rep(c("p","q"),4)); ps <- postStratify(svydesign(ids=~psu, strata=~h, weights=~w, data=f), ~g,
    data.frame(g=c("p","q"), Freq=c(6,7))); svymean(~y, ps) -> 2.92307692307692, SE 0.450637693123814;
    svyquantile(~y, ps, 0.5, ci=TRUE) -> 2, ci 2 5, se 0.5835255."""
    f = pd.DataFrame({"h": list("aaaabbbb"), "psu": [str(i) for i in range(1, 9)], "w": [1, 2, 0, 1, 2, 1, 1, 3.0],
                      "y": [1, 2, 3, 4, 2, 3, 5, 4.0], "g": list("pqpqpqpq")})
    ps = D.post_stratify(D.svydesign(f, ids="psu", strata="h", weights="w"), "g",
                         pd.DataFrame({"g": ["p", "q"], "Freq": [6, 7]}))
    m = D.svymean(ps, "y")
    np.testing.assert_allclose([m["mean"][0], m["se"][0]], [2.92307692307692, 0.450637693123814], rtol=1e-10)
    q = D.svyquantile(ps, "y", 0.5)
    np.testing.assert_allclose(q[["estimate", "ci_low", "ci_high", "se"]].to_numpy()[0], [2, 2, 5, 0.5835255],
                               rtol=1e-6)


def _all_yes():
    f = pd.DataFrame({"h": ["a"] * 6 + ["b"] * 6, "psu": [str(i) for i in np.repeat(np.arange(1, 7), 2)],
                      "w": [1, 2, 1, 1, 2, 1, 3, 1, 1, 2, 1, 1.0], "y": [1, 0, 1, 1, 0, 1] + [1.0] * 6,
                      "g": ["m"] * 6 + ["n"] * 6})
    f["z"] = 1 - f["y"]
    return D.svydesign(f, ids="psu", strata="h", weights="w")


def test_svyciprop_logit_in_a_window_where_everyone_said_yes_is_an_interval_at_1_not_nan():
    """svyciprop(method="logit") skipped the fit where the mean is 0 or 1 and gave NaN; R's svyglm stops ~2e-11 from
    the edge and its interval is the coefficient +/- t * SE.
    R: f <- data.frame(h=rep(c("a","b"),each=6), psu=rep(1:6,each=2), w=c(1,2,1,1,2,1,3,1,1,2,1,1),
    y=c(1,0,1,1,0,1, 1,1,1,1,1,1), g=rep(c("m","n"),each=6)); options(digits=15)
    svyby(~y, ~g, svydesign(ids=~psu, strata=~h, weights=~w, data=f), svyciprop, method="logit", vartype="ci")
    -> m: 0.5, ci 0.0381625958803847 0.961837404119615; n: 0.999999999979411, ci 0.999999999952875
    0.999999999991005."""
    t = D.svyciprop(_all_yes(), "y", by="g", method="logit")
    np.testing.assert_allclose(t[["ci_low", "ci_high"]].to_numpy(),
                               [[0.0381625958803847, 0.961837404119615], [0.999999999952875, 0.999999999991005]],
                               rtol=1e-8)
    np.testing.assert_allclose(t["mean"][1], 0.999999999979411, rtol=1e-13)


def test_svyciprop_logit_in_a_window_where_nobody_said_yes_is_an_interval_near_0():
    """R: the same with z = 1 - y: svyby(~z, ~g, ..., svyciprop, method="logit", vartype="ci")
    -> n: 2.05889898071347e-11, ci 8.99537497524021e-12 4.71249394759826e-11."""
    t = D.svyciprop(_all_yes(), "z", by="g", method="logit")
    np.testing.assert_allclose(t[["mean", "ci_low", "ci_high"]].to_numpy()[1],
                               [2.05889898071347e-11, 8.99537497524021e-12, 4.71249394759826e-11], rtol=1e-8)


def _two_stage(rule):
    f = pd.DataFrame({"h": ["a"] * 9 + ["b"] * 9, "psu": [str(i) for i in np.repeat(np.arange(1, 7), 3)],
                      "ssu": [str(i) for i in range(1, 19)],
                      "w": [2, 3, 2, 4, 2, 3, 3, 2, 2, 1, 2, 3, 2, 2, 1, 3, 1, 2.0],
                      "y": [3, 5, 2, 4, 4, 1, 5, 2, 3, 2, 4, 5, 1, 3, 3, 4, 2, 5.0],
                      "d": list("xxyxyyyyy") + list("xxxxyxyxy"), "N": 10.0, "M": 6.0})
    return D.svydesign(f, ids=["psu", "ssu"], strata="h", weights="w", fpc=["N", "M"], lonely_psu=rule,
                       adjust_domain_lonely=True)


@pytest.mark.parametrize("rule,want", [("adjust", [26.1772802254168, 23.7655212440207]), ("average", [np.nan, np.nan])])
def test_adjust_domain_lonely_on_a_two_stage_design_with_a_second_stage_fpc_is_rs(rule, want):
    """adjust_domain_lonely was applied at the first stage only; R's multistage calls onestrat (and so
    survey.adjust.domain.lonely) at every stage: matched at every stage, not refused.
    R: options(survey.lonely.psu=rule, survey.adjust.domain.lonely=TRUE); svyby(~y, ~d, svydesign(ids=~psu+ssu,
    strata=~h, weights=~w, fpc=~N+M, data=f), svytotal) (f as built here) -> totals 69, 68; SE as `want`."""
    t = D.svytotal(_two_stage(rule), "y", by="d")
    np.testing.assert_allclose(t["total"], [69.0, 68.0], rtol=1e-12)
    np.testing.assert_allclose(t["se"], want, rtol=1e-10)


def _three_stage():
    # seed 1 of the 64 two- and three-stage designs compared with R for this fix (adjust, average; with and without
    # adjust_domain_lonely): every SE equal to 12 digits
    rng = np.random.default_rng(1)
    rows, ssu = [], 0
    for h in "ab":
        for p in range(rng.integers(1, 4)):
            psu, k = f"{h}{p}", int(rng.integers(1, 5))
            M = float(k + rng.integers(0, 3))
            for _ in range(k):
                ssu += 1
                for t in range(rng.integers(1, 3)):
                    rows.append(dict(h=h, psu=psu, ssu=str(ssu), tsu=f"{ssu}_{t}", w=float(rng.integers(1, 5)),
                                     y=float(rng.integers(1, 9)), d=rng.choice(list("xyz")), N=10.0, M=M, K=4.0))
    return pd.DataFrame(rows)


def test_adjust_domain_lonely_on_a_three_stage_design_is_rs():
    """R: f as built here (written to csv); options(survey.lonely.psu="adjust", survey.adjust.domain.lonely=TRUE);
    SE(svyby(~y, ~d, svydesign(ids=~psu+ssu+tsu, strata=~h, weights=~w, fpc=~N+M+K, data=f), svytotal))
    -> 26.8655913763 39.7778833022 10.9696551146."""
    d = D.svydesign(_three_stage(), ids=["psu", "ssu", "tsu"], strata="h", weights="w", fpc=["N", "M", "K"],
                    lonely_psu="adjust", adjust_domain_lonely=True)
    np.testing.assert_allclose(D.svytotal(d, "y", by="d")["se"], [26.8655913763, 39.7778833022, 10.9696551146],
                               rtol=1e-10)
