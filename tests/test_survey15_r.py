"""Survey statistics against R's survey package, round three: ratios by window, variances, contrasts, rank tests.

The R numbers are in tests/golden/survey15_survey_r.json, written by tests/golden/survey15_survey_r.R (R 4.2.2,
survey 4.1.1) from tests/golden/survey15_data.csv (tests/golden/survey15_make_data.py, seeded: two survey years
stacked, each year in strata of its own, windows sharing PSUs); no R is needed at test time (``WINDOWEVAL_RERUN_R=1``
with Rscript present reruns the script and compares its output to the stored JSON). Everything agrees to 1e-10
relative, on the linearisation design (with fpc) and on bootstrap and JKn replicate designs:

* ``svyratio`` overall and by one and two grouping columns (R's ``svyby(~s, ~win, des, svyratio, denominator=~v)``),
  with ``deff`` (both conventions), and by PSU-level windows with a lonely PSU under every lonely-PSU rule;
* ``svyvar`` overall and by window;
* ``svycontrast`` on ``svyby(..., covmat = TRUE)``: year against year, each window this year against last year,
  window against window (windows share PSUs: their covariance is not 0); ``analysis.year_on_year`` agrees with it;
* ``svyranktest`` in its four tests, two groups and three; ``svyttest`` on replicate designs, and its df where a
  whole PSU has no value.

What R itself does not compute is refused in both languages: a ratio's ``deff`` and a rank test of three or more
groups on a replicate design (survey 4.1.1 stops with an error in both).
"""

import numpy as np
import pandas as pd
import pytest

from _survey_r import RTOL, close, design_from_golden, load_golden, rerun_r_test
from windoweval.survey import analysis
from windoweval.survey import design as D

G, DATA, _, HERE = load_golden("survey15", {"h": str, "psu": str, "win": str, "g1": str, "b": str})
SETS = (1, 2)
TESTS = ("wilcoxon", "vanderWaerden", "median", "KruskalWallis")
KINDS = ("lin", "bootstrap", "JKn")


def data(k):
    return DATA[DATA["set"] == k].reset_index(drop=True)


def lin(k, frame=None, **kw):
    # svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)
    return D.svydesign(data(k) if frame is None else frame, ids="psu", strata="h", weights="w", fpc="N", **kw)


def rep(k, ty, frame=None):
    # as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type=ty): R's replicate weights, rebuilt
    return design_from_golden(data(k) if frame is None else frame, G[f"set{k}"][f"rep_{ty}"])


def design(k, kind, frame=None):
    return lin(k, frame) if kind == "lin" else rep(k, kind, frame)


def golden(k, kind):
    return G[f"set{k}"] if kind == "lin" else G[f"set{k}"][f"rep_{kind}"]


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svyratio_overall_and_by_window(k, kind):
    # svyratio(~s, ~v, des, na.rm=TRUE); svyby(~s, ~win, des, svyratio, denominator=~v, na.rm=TRUE); by ~win + b
    des, g = design(k, kind), golden(k, kind)
    t = D.svyratio(des, "s", "v")
    close(t["ratio"], g["ratio"]["est"])
    close(t["se"], g["ratio"]["se"])
    b = D.svyratio(des, "s", "v", by="win")
    assert b["win"].tolist() == g["by_ratio"]["win"]
    close(b["ratio"], g["by_ratio"]["est"])
    close(b["se"], g["by_ratio"]["se"])
    assert (b["n"] == [int((data(k)["win"] == w).sum() - data(k)[["s", "v"]][data(k)["win"] == w].isna().any(axis=1)
                           .sum()) for w in b["win"]]).all()
    b2 = D.svyratio(des, "s", "v", by=["win", "b"])
    rb = pd.DataFrame({c: g["by2_ratio"][c] for c in ("win", "b", "est", "se")}).sort_values(["win", "b"])
    assert b2[["win", "b"]].values.tolist() == rb[["win", "b"]].values.tolist()
    close(b2["ratio"], rb["est"].tolist())
    close(b2["se"], rb["se"].tolist())


@pytest.mark.parametrize("k", SETS)
def test_svyratio_design_effects_on_the_linearisation_design(k):
    # svyratio(..., deff = TRUE | "replace"); svyby(~s, ~win, des, svyratio, denominator=~v, deff = TRUE | "replace")
    g = G[f"set{k}"]
    t = D.svyratio(lin(k), "s", "v", deff=True)
    close(t["deff"], g["ratio_deff"]["deff"])
    close(t["deff_replace"], g["ratio_deff"]["deff_replace"])
    b = D.svyratio(lin(k), "s", "v", by="win", deff=True)
    close(b["deff"], g["by_ratio_deff"]["deff"])
    close(b["deff_replace"], g["by_ratio_deff"]["deff_replace"])


@pytest.mark.parametrize("ty", ["bootstrap", "JKn"])
def test_what_r_does_not_compute_on_replicate_designs_is_refused_in_both_languages(ty):
    g = G["set1"][f"rep_{ty}"]
    assert "error" in g["ratio_deff"] and "error" in g["rank3_wilcoxon"]      # R stops on both
    with pytest.raises(D.DesignError) as e:
        D.svyratio(rep(1, ty), "s", "v", by="win", deff=True)
    assert "设计效应" in str(e.value) and "design effect" in str(e.value) and e.value.exit_code == 3
    with pytest.raises(D.DesignError) as e:
        D.svyranktest(rep(1, ty), "s", "win")
    assert "秩检验" in str(e.value) and "rank test" in str(e.value) and e.value.exit_code == 3


LONELY = ("fail", "certainty", "remove", "adjust", "average")


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("rule", LONELY)
@pytest.mark.parametrize("adj", [False, True])
def test_ratio_and_variance_by_windows_with_a_lonely_psu(k, rule, adj):
    # options(survey.lonely.psu = rule, survey.adjust.domain.lonely = adj); svyby(~s, ~g1, des, svyratio,
    # denominator=~v, na.rm=TRUE); svyby(~tm, ~g1, des, svyvar, na.rm=TRUE) (W3 has one PSU in <yr>h4)
    g = G[f"set{k}"]
    des = lin(k, lonely_psu=rule, adjust_domain_lonely=adj)
    b = D.svyratio(des, "s", "v", by="g1")
    e = g[f"by_ratio_g1_{rule}_{str(adj).upper()}"]
    close(b["ratio"], e["est"])
    close(b["se"], e["se"])
    v = D.svyvar(des, "tm", by="g1")
    e = g[f"by_var_g1_{rule}_{str(adj).upper()}"]
    close(v["variance"], e["est"])
    close(v["se"], e["se"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svyvar_overall_and_by_window(k, kind):
    # svyvar(~tm, des, na.rm=TRUE); svyby(~tm, ~win, des, svyvar, na.rm=TRUE)
    des, g = design(k, kind), golden(k, kind)
    v = D.svyvar(des, "tm")
    close(v["variance"], g["var"]["est"])
    close(v["se"], g["var"]["se"])
    b = D.svyvar(des, "tm", by="win")
    assert b["win"].tolist() == g["by_var"]["win"]
    close(b["variance"], g["by_var"]["est"])
    close(b["se"], g["by_var"]["se"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svycontrast_years_and_windows(k, kind):
    # svycontrast(svyby(~s, ~yr | ~win + yr | ~win, subset(des, !is.na(s)), svymean, covmat = TRUE), ...)
    des, g = design(k, kind), golden(k, kind)
    y = D.svymean(des, "s", by="yr", covmat=True)
    close(y["mean"], g["year_contrast"]["mean"])
    c = D.svycontrast(y, {"2025 - 2024": [-1, 1]})
    close(c["estimate"], g["year_contrast"]["est"])
    close(c["se"], g["year_contrast"]["se_d"])
    # each window this year against last year: R's rows vary the first column fastest (win within yr)
    wy = D.svymean(des, "s", by=["yr", "win"], covmat=True)
    e = g["window_year_contrast"]
    assert wy[["yr", "win"]].values.tolist() == [[a, b] for a, b in zip(e["yr"], e["win"])]
    close(wy["mean"], e["mean"])
    close(wy["se"], e["se"])
    cw = D.svycontrast(wy, {w: [-(x == w) for x in wy["win"][:3]] + [x == w for x in wy["win"][3:]]
                            for w in ("W1", "W2", "W3")})
    close(cw["estimate"], e["est"])
    close(cw["se"], e["se_d"])
    # window against window in one design: they share PSUs, so the covariance is not 0
    m = D.svymean(des, "s", by="win", covmat=True)
    e = g["window_contrast"]
    close(m["mean"], e["mean"])
    np.testing.assert_allclose(m.attrs["vcov"], np.array(e["vcov"], dtype=float), rtol=RTOL, atol=1e-15)
    assert np.abs(np.array(e["vcov"])[0, 1]) > 1e-6
    cc = D.svycontrast(m, {"W2-W1": [-1, 1, 0], "W3-W1": [-1, 0, 1], "W3-W2": [0, -1, 1]})
    close(cc["estimate"], e["est"])
    close(cc["se"], e["se_d"])
    if kind == "lin":       # the same covariance from svyratio(covmat = TRUE) on the windows' totals
        np.testing.assert_allclose(m.attrs["vcov"], np.array(g["window_contrast_ratio"]["vcov"]), rtol=RTOL,
                                   atol=1e-15)
        rt = D.svyratio(des, "s", "v", by="win", covmat=True)
        assert np.allclose(np.sqrt(np.diag(rt.attrs["vcov"])), rt["se"], rtol=1e-12)


@pytest.mark.parametrize("k", SETS)
def test_year_on_year_agrees_with_r_svycontrast_when_the_years_are_separate_samples(k):
    # analysis.year_on_year takes each year's table alone: se_diff = sqrt(se1^2 + se2^2), as R's svycontrast on the
    # two years stacked in strata of their own (svyby(~s, ~win + yr, ..., covmat = TRUE), window 2025 - 2024)
    e = G[f"set{k}"]["window_year_contrast"]
    d = data(k)
    tabs = []
    for yr in (2024, 2025):
        t = D.svymean(lin(k, d[d["yr"] == yr]), "s", by="win").rename(columns={"win": "window_id", "mean": "estimate"})
        tabs.append(t.assign(measure="s"))
    yy = analysis.year_on_year(tabs[0], tabs[1])
    close(yy["diff"], e["est"])
    close(yy["se_diff"], e["se_d"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("test", TESTS)
def test_svyranktest_two_groups(k, kind, test):
    # svyranktest(s ~ b, des, test = test)
    des, g = design(k, kind), golden(k, kind)[f"rank2_{test}"]
    t = D.svyranktest(des, "s", "b", test=test)
    assert t.loc[0, "statistic"] == "t" and t.loc[0, "levels"] == "pm - am"
    close(t["value"], g["stat"])
    close(t["ddf"], g["df"])
    close(t["estimate"], g["est"])
    close(t["p_value"], g["p"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("test", TESTS)
def test_svyranktest_three_windows(k, test):
    # svyranktest(s ~ win, des, test = test): R's parameter is the chi-squared, its statistic the df
    g = G[f"set{k}"][f"rank3_{test}"]
    t = D.svyranktest(lin(k), "s", "win", test=test)
    assert t.loc[0, "statistic"] == "Chisq"
    close(t["value"], g["chisq"])
    close(t["ndf"], g["ndf"])
    close(t["ddf"], g["ddf"])
    close(t["p_value"], g["p"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_svyttest_on_every_design_and_with_a_psu_without_values(k, kind):
    # svyttest(tm ~ b, des); the same where every tm of the first PSU of 2024h2 is missing (svyglm's df too)
    des, g = design(k, kind), golden(k, kind)
    t = D.svyttest(des, "tm", "b")
    close(t["t"], g["ttest"]["stat"])
    close(t["df"], g["ttest"]["df"])
    close(t["difference"], g["ttest"]["est"])
    close(t["p_value"], g["ttest"]["p"])
    close(t[["ci_low", "ci_high"]].to_numpy()[0], g["ttest"]["ci"])
    d = data(k)
    first = d.loc[d["h"] == "2024h2", "psu"].iloc[0]
    dn = d.assign(tm=d["tm"].where(d["psu"] != first))
    des = design(k, kind, dn)
    e = g["ttest_psu_na"]
    t = D.svyttest(des, "tm", "b")
    close(t["t"], e["stat"])
    close(t["df"], e["df"])
    close(t["p_value"], e["p"])
    close(t[["ci_low", "ci_high"]].to_numpy()[0], e["ci"])
    fit = D.svyglm(des, "tm", ["b"])
    assert fit.attrs["df"] == e["glm_df"]
    close(fit["se"], e["glm_se"])
    rk = D.svyranktest(des, "tm", "b")
    close(rk["value"], g["rank2_psu_na"]["stat"])
    close(rk["ddf"], g["rank2_psu_na"]["df"])
    close(rk["p_value"], g["rank2_psu_na"]["p"])


def test_bad_arguments_are_refused_in_both_languages():
    des = lin(1)
    for call in (lambda: D.svyranktest(des, "s", "win", test="kruskal"),
                 lambda: D.svyranktest(des, "s", "yr2"),
                 lambda: D.svycontrast(D.svymean(des, "s", by="win"), {"d": [-1, 1, 0]}),
                 lambda: D.svycontrast(D.svymean(des, "s", by="win", covmat=True), {"d": [-1, 1]}),
                 lambda: D.svyttest(des, "s", "win")):
        with pytest.raises(D.DesignError) as e:
            call()
        assert e.value.exit_code == 3 and any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value)) and " / " in str(e.value)


test_rerun_r_gives_the_stored_values = rerun_r_test("survey15", "under a minute")


def post(k, frame=None):
    # postStratify(svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), ~b, data.frame(b, Freq))
    return D.post_stratify(lin(k, frame), "b", {"am": 5200, "pm": 4100})


@pytest.mark.parametrize("k", SETS)
def test_a_calibrated_design(k):
    # the same calls on the post-stratified design (R keeps a subset's other rows at weight 0)
    des, g = post(k), G[f"set{k}"]["post"]
    b = D.svyratio(des, "s", "v", by="win", deff=True)
    close(b["ratio"], g["by_ratio"]["est"])
    close(b["se"], g["by_ratio"]["se"])
    close(b["deff"], g["by_ratio_deff"]["deff"])
    close(b["deff_replace"], g["by_ratio_deff"]["deff_replace"])
    t = D.svyratio(des, "s", "v")
    close(t["se"], g["ratio"]["se"])
    for by, key in ((None, "var"), ("win", "by_var")):
        v = D.svyvar(des, "tm", by=by)
        close(v["variance"], g[key]["est"])
        close(v["se"], g[key]["se"])
    # svyby(covmat = TRUE) stops on a calibrated subset in survey 4.1.1; the covariance from svyratio(covmat = TRUE)
    m = D.svymean(des, "s", by="win", covmat=True)
    np.testing.assert_allclose(m.attrs["vcov"], np.array(g["window_contrast_ratio"]["vcov"]), rtol=RTOL, atol=1e-15)
    for test in TESTS:
        t2 = D.svyranktest(des, "s", "b", test=test)
        close(t2["value"], g[f"rank2_{test}"]["stat"])
        close(t2["ddf"], g[f"rank2_{test}"]["df"])
        t3 = D.svyranktest(des, "s", "win", test=test)
        close(t3["value"], g[f"rank3_{test}"]["chisq"])
        close(t3["ddf"], g[f"rank3_{test}"]["ddf"])
        close(t3["p_value"], g[f"rank3_{test}"]["p"])
    t = D.svyttest(des, "tm", "b")
    close(t["t"], g["ttest"]["stat"])
    close(t["df"], g["ttest"]["df"])
    close(t[["ci_low", "ci_high"]].to_numpy()[0], g["ttest"]["ci"])
    d = data(k)
    first = d.loc[d["h"] == "2024h2", "psu"].iloc[0]
    t = D.svyttest(post(k, d.assign(tm=d["tm"].where(d["psu"] != first))), "tm", "b")
    close(t["t"], g["ttest_psu_na"]["stat"])
    close(t["df"], g["ttest_psu_na"]["df"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_confint_degrees_of_freedom(k, kind):
    # confint(x, level = 0.9) and confint(x, level = 0.9, df = degf(des)); svytotal's with df = 7
    des, g = design(k, kind), golden(k, kind)["confint"]
    lohi = lambda t: np.concatenate([t["ci_low"].to_numpy(), t["ci_high"].to_numpy()])   # R's column order
    close(lohi(D.svymean(des, "s", by="win", level=0.9, df="design")), g["mean_t"])
    close(lohi(D.svymean(des, "s", by="win", level=0.9, df=g["degf"])), g["mean_t"])
    close(lohi(D.svymean(des, "s", by="win", level=0.9)), g["mean_z"])
    close(lohi(D.svyratio(des, "s", "v", by="win", level=0.9, df="design")), g["ratio_t"])
    if g["var_t"]:          # (R's confint of a replicate svyvar gives nothing)
        close(lohi(D.svyvar(des, "tm", level=0.9, df="design")), g["var_t"])
    close(lohi(D.svytotal(des, "s", level=0.9, df=7)), g["total_t"])
    m = D.svymean(des, "s", by="win", covmat=True)
    close(lohi(D.svycontrast(m, {"d": [-1, 1, 0]}, level=0.9, df=g["degf"])), g["contrast_t"])
    for bad in ("degf", 0, -3):
        with pytest.raises(D.DesignError):
            D.svymean(des, "s", df=bad)


@pytest.mark.parametrize("k", SETS)
def test_a_numeric_group_column_is_ordered_by_value(k):
    # svyranktest(s ~ b9, des) with b9 = 9 (am) or 10 (pm): R's lm takes the numeric column, so its coefficient is pm
    # minus am (over the gap of 1), the same as svyranktest(s ~ b) -- not the other way round, as "10" < "9" as text
    d = data(k).assign(b9=lambda f: np.where(f["b"] == "am", 9, 10))
    g = G[f"set{k}"]
    t = D.svyranktest(lin(k, d), "s", "b9")
    assert t.loc[0, "levels"] == "10 - 9"
    close(t["value"], g["rank2_wilcoxon"]["stat"])
    close(t["estimate"], g["rank2_wilcoxon"]["est"])
    tt = D.svyttest(lin(k, d), "tm", "b9")
    assert tt.loc[0, "levels"] == "10 - 9"
    close(tt["t"], g["ttest"]["stat"])


@pytest.mark.parametrize("k", SETS)
def test_a_raked_design(k):
    # rake(svydesign(...), list(~b, ~yr), list(<b margins>, <yr margins>)) with R's default control (maxit = 10,
    # epsilon = 1): the new statistics on it
    des = D.rake(lin(k), {"b": {"am": 5200, "pm": 4100}, "yr": {2024: 4500, 2025: 4800}}, maxit=10, epsilon=1)
    g = G[f"set{k}"]["rake"]
    b = D.svyratio(des, "s", "v", by="win", deff=True)
    close(b["ratio"], g["by_ratio"]["est"])
    close(b["se"], g["by_ratio"]["se"])
    close(b["deff"], g["by_ratio_deff"]["deff"])
    v = D.svyvar(des, "tm", by="win")
    close(v["variance"], g["by_var"]["est"])
    close(v["se"], g["by_var"]["se"])
    m = D.svymean(des, "s", by="win", covmat=True)
    np.testing.assert_allclose(m.attrs["vcov"], np.array(g["window_contrast_ratio"]["vcov"]), rtol=RTOL, atol=1e-15)
    for test in TESTS:
        close(D.svyranktest(des, "s", "b", test=test)["value"], g[f"rank2_{test}"]["stat"])
        close(D.svyranktest(des, "s", "win", test=test)["value"], g[f"rank3_{test}"]["chisq"])
    close(D.svyttest(des, "tm", "b")["t"], g["ttest"]["stat"])


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("rule", LONELY)
@pytest.mark.parametrize("adj", [False, True])
def test_covmat_by_windows_with_a_lonely_psu(k, rule, adj):
    # svyby(~s, ~g1, subset(des, !is.na(s)), svymean, covmat = TRUE) under each rule: R's vcov is svyrecvar of the
    # domains' influence values on the whole design (no domain rule), its SE the domain's own
    e = G[f"set{k}"][f"by_cov_g1_{rule}_{str(adj).upper()}"]
    m = D.svymean(lin(k, lonely_psu=rule, adjust_domain_lonely=adj), "s", by="g1", covmat=True)
    close(m["mean"], e["est"])
    close(m["se"], e["se"])
    np.testing.assert_allclose(m.attrs["vcov"], np.array(e["vcov"], dtype=float), rtol=RTOL, atol=1e-15)
