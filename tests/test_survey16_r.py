"""Survey statistics against R's survey package, round four: raking as R stops it, svyglm's aliased terms and families.

The R numbers are in tests/golden/survey16_survey_r.json, written by tests/golden/survey16_survey_r.R (R 4.2.2,
survey 4.1.1) from tests/golden/survey16_data.csv (tests/golden/survey16_make_data.py, seeded); no R is needed at test
time (``WINDOWEVAL_RERUN_R=1`` with Rscript present reruns the script and compares its output to the stored JSON).
Everything agrees to 1e-10 relative unless said at the test:

* ``rake`` with R's default control (``maxit = 10, epsilon = 1``), a relative ``epsilon`` (below 1: a share of the
  weights' sum), a small ``maxit`` (R warns that it did not converge: so do we, in both languages) and to
  convergence;
* ``svyglm`` with aliased terms (R's NA coefficients; the rest, the covariance and the df as R's), and in the
  families quasibinomial, poisson and quasipoisson with an offset, Gamma with its inverse and log links, on the
  linearisation design and on JKn and bootstrap replicates (where R stops on an aliased term: refused here).
"""
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from _survey_r import design_from_golden, load_golden, rerun_r_test
from windoweval.survey import design as D

G, DATA, close, HERE = load_golden("survey16", {"h": str, "psu": str, "win": str, "b": str, "ct": str})
SETS = (1, 2)
KINDS = ("lin", "bootstrap", "JKn")
POPS = {"win": {"W1": 9000, "W2": 6000, "W3": 5000}, "ct": {"business": 3000, "other": 5000, "resident": 12000},
        "b": {"am": 12000, "pm": 8000}}


def data(k):
    return DATA[DATA["set"] == k].reset_index(drop=True)


def design(k, kind, frame=None):
    # svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), or R's replicate weights rebuilt
    if kind == "lin":
        return D.svydesign(data(k) if frame is None else frame, ids="psu", strata="h", weights="w", fpc="N")
    return design_from_golden(data(k) if frame is None else frame, G[f"set{k}"][f"rep_{kind}"])


def golden(k, kind):
    return G[f"set{k}"] if kind == "lin" else G[f"set{k}"][f"rep_{kind}"]


def margins(f):
    return {c: {k: v * f for k, v in m.items()} for c, m in POPS.items()}


RAKES = {"rake_default": (1, {}), "rake_default_big": (1e5, {}), "rake_maxit3": (1, {"maxit": 3}),
         "rake_relative": (1, {"epsilon": 1e-4}), "rake_converged": (1, {"maxit": 200, "epsilon": 1e-12})}


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("case", list(RAKES))
def test_rake_stops_where_r_stops_and_warns_where_r_warns(k, case):
    # rake(des, list(~win, ~ct, ~b), pops, control = ...) (see the R script); svymean(~s, rake, na.rm = TRUE)
    f, kw = RAKES[case]
    g = G[f"set{k}"][case]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        des = D.rake(design(k, "lin"), margins(f), **kw)
    close(des.weights, g["weights"])
    m = D.svymean(des, "s")
    close(m["mean"], g["mean"])
    close(m["se"], g["se"])
    said = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    if g["warning"]:            # R: "Raking did not converge after <maxit> iterations."
        assert len(said) == 1 and "未收敛" in said[0] and "did not converge" in said[0]
        assert f"after {kw.get('maxit', 10)} iterations" in said[0]
    else:
        assert not said


def test_rake_refuses_what_it_cannot_rake_in_both_languages():
    des = design(1, "lin")
    for bad in ({"maxit": 0}, {"epsilon": 0}, {"epsilon": float("nan")}):
        with pytest.raises(D.DesignError) as e:
            D.rake(des, margins(1), **bad)
        assert "maxit" in str(e.value) and " / " in str(e.value) and e.value.exit_code == 3
    with pytest.raises(D.DesignError) as e:          # a sample level with no population count (was a KeyError)
        D.rake(des, {"win": {"W1": 9000, "W2": 6000}, "b": POPS["b"]})
    assert "W3" in str(e.value) and "没有" in str(e.value) and "no population count" in str(e.value)
    f = data(1).assign(ct=lambda x: x["ct"].where(x.index != 4))
    with pytest.raises(D.DesignError) as e:          # a missing margin value (was read as the text 'nan')
        D.rake(design(1, "lin", f), margins(1))
    assert "缺失" in str(e.value) and "missing values" in str(e.value) and "[5]" in str(e.value)


GLMS = {
    # key: (y, x, family, link, offset)
    "glm_aliased": ("s", ["x1", "x2", "win", "x3"], "gaussian", None, None),
    "glm_aliased_quasibinomial": ("sat", ["x2", "x1", "win"], "quasibinomial", None, None),
    "glm_quasibinomial": ("sat", ["x1", "win"], "quasibinomial", None, None),
    "glm_poisson_offset": ("cnt", ["x1", "win"], "poisson", None, "logdays"),
    "glm_quasipoisson_offset": ("cnt", ["x1", "win"], "quasipoisson", None, "logdays"),
    "glm_gamma": ("tm", ["x1", "win"], "Gamma", None, None),
    "glm_gamma_log": ("tm", ["x1", "win"], "Gamma", "log", None),
    "glm_gamma_tight": ("tm", ["x1", "win"], "Gamma", None, None),
}
CONTROL = {"glm_gamma_tight": {"epsilon": 1e-12, "maxit": 50}}


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", list(GLMS))
def test_svyglm_families_offsets_and_aliased_terms(k, kind, case):
    # svyglm(<formula>, des, family = <family>) (glm's default control; glm_gamma_tight: epsilon = 1e-12, maxit = 50)
    y, x, fam, link, off = GLMS[case]
    frame = data(k).assign(logdays=lambda d: np.log(d["days"]))
    des, g = design(k, kind, frame), golden(k, kind)[case]
    if "error" in g:            # R stops on an aliased term of a replicate design: refused in both languages
        assert "Infinite/NA values" in g["error"]
        with pytest.raises(D.DesignError) as e:
            D.svyglm(des, y, x, family=fam, link=link, offset=off)
        assert "别名" in str(e.value) and "aliased" in str(e.value) and e.value.exit_code == 3
        return
    t = D.svyglm(des, y, x, family=fam, link=link, offset=off, **CONTROL.get(case, {}))
    assert t["term"].tolist() == g["term"]
    assert t["aliased"].tolist() == [bool(a) for a in g["aliased"]]
    rtol = 1e-10
    close(t["estimate"], g["est"], rtol)
    close(t["se"].dropna(), g["se"], rtol)
    assert t.attrs["df"] == g["df"]
    np.testing.assert_allclose(t.attrs["vcov"], np.array(g["vcov"], dtype=float), rtol=rtol, atol=1e-15)
    assert t.loc[t["aliased"], ["estimate", "se", "t", "p_value"]].isna().all().all()


def test_svyglm_refuses_in_both_languages_never_a_traceback():
    des = design(1, "lin", data(1).assign(neg=-1.0, ones=1.0))
    for call, words in ((lambda: D.svyglm(des, "s", ["x1"], family="binomial"), "between 0 and 1"),
                        (lambda: D.svyglm(des, "neg", ["x1"], family="Gamma"), "above 0"),
                        (lambda: D.svyglm(des, "cnt", ["x1"], family="poisson", link="logit"), "link"),
                        (lambda: D.svyglm(des, "s", ["x1"], family="inverse.gaussian"), "family"),
                        (lambda: D.svyglm(des, "s", ["x1"], offset=[0.0, 1.0]), "offset")):
        with pytest.raises(D.DesignError) as e:
            call()
        assert words in str(e.value) and " / " in str(e.value) and e.value.exit_code == 3
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))
    # a column that is all one value repeats the intercept: aliased as R's NA (was numpy's LinAlgError)
    t = D.svyglm(des, "s", ["ones", "x1"])
    assert t.attrs["aliased"] == ["ones"] and np.isnan(t.loc[1, "estimate"])


test_rerun_r_gives_the_stored_values = rerun_r_test("survey16", "under a minute")


def with_factor(k):
    # d$f <- factor(d$ct, levels = c("business", "other", "resident", "never")); d$f[c(3, 10)] <- NA
    f = data(k)
    f["f"] = pd.Categorical(f["ct"], categories=["business", "other", "resident", "never"])
    f.loc[[2, 9], "f"] = np.nan
    return f


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svymean_and_svytotal_of_a_factor_with_an_empty_level(k, kind):
    # svymean(~f, des, na.rm = TRUE); svytotal(~f, des, na.rm = TRUE); svyby(~f, ~win, des, svymean, na.rm = TRUE)
    des, g = design(k, kind, with_factor(k)), golden(k, kind)
    m = D.svymean(des, "f")
    assert m["variable"].tolist() == g["mean_factor"]["name"] == ["fbusiness", "fother", "fresident", "fnever"]
    close(m["mean"], g["mean_factor"]["est"])
    close(m["se"], g["mean_factor"]["se"])
    assert m["mean"].iloc[-1] == 0 and m["se"].iloc[-1] == 0 and (m["n"] == len(data(k)) - 2).all()
    t = D.svytotal(des, "f")
    close(t["total"], g["total_factor"]["est"])
    close(t["se"], g["total_factor"]["se"])
    b = D.svymean(des, "f", by="win")
    e = g["by_mean_factor"]
    assert b["win"].unique().tolist() == e["win"]
    est = np.array(e["est"], dtype=float).reshape(4, 3).T     # R: level by level, the windows within
    close(b["mean"], est.ravel())
    close(b["se"], np.array(e["se"], dtype=float).ravel())


CALS = {  # key: (factor on the totals, calfun, bounds, force)
    "cal_linear_bounds": (1, "linear", (0.6, 1.6), False),
    "cal_raking": (1, "raking", (-np.inf, np.inf), False),
    "cal_raking_bounds": (1, "raking", (0.6, 1.6), False),
    "cal_logit": (1, "logit", (0.7, 1.5), False),
    "cal_raking_big": (25, "raking", (-np.inf, np.inf), False),
    "cal_failed": (1, "linear", (0.97, 1.03), False),
    "cal_forced": (1, "linear", (0.97, 1.03), True),
}


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("case", list(CALS))
def test_calibrate_with_bounds_and_every_calfun(k, case):
    # calibrate(des, ~win + b + days, pop, calfun = ..., bounds = ..., force = ...) (see the R script);
    # svymean(~s, cal, na.rm = TRUE); svytotal(~tm, cal, na.rm = TRUE)
    f, calfun, bounds, force = CALS[case]
    g = G[f"set{k}"][case]
    pop = {t: v * f for t, v in G[f"set{k}"]["cal_population"].items()}
    des = design(k, "lin")
    if "error" in g:            # R stops: "Calibration failed"
        assert g["error"] == "Calibration failed"
        with pytest.raises(D.DesignError) as e:
            D.calibrate(des, ["win", "b", "days"], pop, calfun=calfun, bounds=bounds, force=force)
        assert "未收敛" in str(e.value) and "did not converge" in str(e.value) and e.value.exit_code == 3
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cal = D.calibrate(des, ["win", "b", "days"], pop, calfun=calfun, bounds=bounds, force=force)
    said = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert bool(said) == bool(g["warning"]) == force      # R: "Failed to converge: eps=... in 51 iterations"
    close(cal.weights, g["weights"])
    close(np.array([np.min(cal.weights / des.weights), np.max(cal.weights / des.weights)]), g["g_range"])
    m = D.svymean(cal, "s")
    close(m["mean"], g["mean"])
    close(m["se"], g["se"])
    t = D.svytotal(cal, "tm")
    close(t["total"], g["total"])
    close(t["se"], g["total_se"])
    # svyglm(cnt ~ x1 + win + offset(log(days)), cal, family = quasipoisson()): the sandwich with the calibration
    fit = D.svyglm(replace(cal, frame=cal.frame.assign(logdays=np.log(cal.frame["days"]))), "cnt", ["x1", "win"],
                   family="quasipoisson", offset="logdays")
    close(fit["estimate"], g["glm_est"])
    close(fit["se"], g["glm_se"])
    assert fit.attrs["df"] == g["glm_df"]


def test_calibrate_refuses_bad_arguments_in_both_languages():
    des = design(1, "lin")
    pop = G["set1"]["cal_population"]
    for kw in ({"calfun": "probit"}, {"bounds": (1.2, 2)}, {"calfun": "logit"}):
        with pytest.raises(D.DesignError) as e:
            D.calibrate(des, ["win", "b", "days"], pop, **kw)
        assert " / " in str(e.value) and e.value.exit_code == 3 and any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svyby_of_two_variables_with_their_covariance(k, kind):
    # svyby(~s + tm, ~win, subset(des, !is.na(s) & !is.na(tm)), svymean, covmat = TRUE): R drops a row missing either
    # variable (svymean(~s + tm, na.rm = TRUE) does too); here each column is its own domain, so the rows missing
    # either are given as missing in both. R's order is variable by variable, the windows within; ours window by window
    d = data(k)
    both = d[["s", "tm"]].where(d[["s", "tm"]].notna().all(axis=1))
    des, e = design(k, kind), golden(k, kind)["by_two_covmat"]
    m = D.svymean(des, both, by="win", covmat=True)
    assert m["win"].unique().tolist() == e["win"] and m["variable"].tolist() == ["s", "tm"] * 3
    order = [j * 3 + gi for gi in range(3) for j in range(2)]          # our row -> R's
    close(m["mean"], np.array(e["est"])[order])
    close(m["se"], np.array(e["se"])[order])
    np.testing.assert_allclose(m.attrs["vcov"], np.array(e["vcov"], dtype=float)[np.ix_(order, order)], rtol=1e-10,
                               atol=1e-15)


def test_svyglm_says_what_r_warns_and_refuses_what_r_stops_on():
    # no complete row: refused (R: "0 (non-NA) cases"); complete separation: fitted values numerically 0 or 1, warned
    # as R's glm.fit warns; more columns than rows: the columns past the rows are aliased (R's NA)
    f = pd.DataFrame({"y": [np.nan] * 4, "x": [0.0, 1, 2, 3], "w": 1.0})
    with pytest.raises(D.DesignError) as e:
        D.svyglm(D.svydesign(f, ids=None, strata=None, weights="w"), "y", ["x"])
    assert "没有一行" in str(e.value) and "no row with the response" in str(e.value)
    f = pd.DataFrame({"y": [0.0, 0, 0, 1, 1, 1], "x": [0.0, 1, 2, 3, 4, 5], "w": 1.0})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        D.svyglm(D.svydesign(f, ids=None, strata=None, weights="w"), "y", ["x"], family="quasibinomial")
    said = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert any("分离" in m and "separation" in m for m in said)
    f = pd.DataFrame({"y": [1.0, 2, 3], "x": [0.0, 1, 2], "z": [1.0, 0, 0], "u": [0.0, 0, 1], "w": 1.0})
    t = D.svyglm(D.svydesign(f, ids=None, strata=None, weights="w"), "y", ["x", "z", "u"])
    assert t["aliased"].tolist() == [False, False, False, True]
