"""Survey statistics against R's survey package, round seven: quantiles by domain, every svyciprop method, lonely
PSUs, two stages with an fpc at both, totals and ratios by two variables on replicate designs, a post-stratified then
raked design's quantiles, design effects by domain.

The R numbers are in tests/golden/survey20_survey_r.json, written by tests/golden/survey20_survey_r.R (R 4.2.2,
survey 4.1.1) from tests/golden/survey20_data.csv (tests/golden/survey20_make_data.py, seeded); no R is needed at test
time (``WINDOWEVAL_RERUN_R=1`` with Rscript present rewrites the data, reruns the script and compares). Everything
agrees to 1e-10 relative unless said at the test.

The data: strata ``h1``-``h4`` of 3, 2, 4, 3 PSUs (their populations ``N1``), a stratum ``h5`` of one PSU (left out
but for the lonely-PSU rules); 2-3 SSUs a PSU of ``N2``; windows ``W1``-``W3``, half-day ``b``, customer type ``ct``.
Designs: the linearisation design without and with ``fpc = ~N1``, R's JKn and bootstrap (40) replicates of it.

Fixed here (each fails on the code before): svyquantile took no ``by`` (R: ``svyby(~x, ~g, des, svyquantile, ...)``).
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from _survey_r import check_mean_total_ratio, design_from_golden, linear_design, load_golden, rerun_r_test
from windoweval.survey import design as D

G, DATA, close, HERE = load_golden("survey20", {"h": str, "psu": str, "ssu": str, "win": str, "b": str, "ct": str})
SETS = (1, 2)
LIN, REPS = ["lin", "lin_fpc"], ["jkn", "boot"]
KINDS = LIN + REPS
QS = [0.25, 0.5, 0.75]

test_rerun_r_gives_the_stored_values = rerun_r_test("survey20", "seconds")


def data(k, lonely=False):
    d = DATA[DATA["set"] == k]
    return (d if lonely else d[d["h"] != "h5"]).reset_index(drop=True)


def design(k, kind):
    d = data(k)
    if kind in ("lin", "lin_fpc"):   # svydesign(ids = ~psu, strata = ~h, weights = ~w[, fpc = ~N1], data = d)
        return linear_design(d, kind, "N1")
    # as.svrepdesign(d0, type = "JKn"); set.seed(200 + k); as.svrepdesign(d0, type = "bootstrap", replicates = 40)
    return design_from_golden(d, G[f"set{k}"][kind])


def golden(k, *keys):
    e = G[f"set{k}"]
    for key in keys:
        e = e[key]
    assert "error" not in e, e
    return e


def quiet(fn, *a, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # R's too: jackknife replicates may not give valid SEs for quantiles
        return fn(*a, **kw)


def check_quantile_by(t, g):
    # a row a window, a column a quantile in R; ours a row a (window, quantile)
    assert t["win"].unique().tolist() == g["win"]
    for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
        close(t[col].to_numpy().reshape(len(g["win"]), len(QS)).ravel(), np.asarray(g[key], dtype=float).ravel())


@pytest.mark.parametrize("k,kind,it", [(k, kind, it) for k in SETS for kind in KINDS
                                       for it in (("mean", "quantile") if kind in REPS else ("mean",))])
def test_quantiles_by_window(k, kind, it):
    # svyby(~tm, ~win, des, svyquantile, quantiles = c(.25, .5, .75), ci = TRUE, na.rm = TRUE, interval.type = it):
    # estimates and SEs; the interval of confint(svyquantile(~tm, subset(des, win == w), ...)) of each window
    t = quiet(D.svyquantile, design(k, kind), "tm", QS, by="win", interval_type=it)
    assert t.columns.tolist() == ["win", "quantile", "estimate", "ci_low", "ci_high", "se"]
    check_quantile_by(t, golden(k, kind, f"quantile_by_{it}"))


def test_quantiles_by_a_domain_without_answers_keep_it_as_nan():
    # R 4.1.1's svyby(~tm, ~win, des, svyquantile, ci = TRUE, na.rm = TRUE) stops on a domain whose values are all
    # missing ("missing value where TRUE/FALSE needed"); it leaves the domain out only when asked (na.rm.all = TRUE).
    # Ours keeps its row, NaN, as svymean's and svyciprop's by do: never a window dropped unsaid
    d = data(1).assign(tm=lambda f: f["tm"].where(f["win"] != "W3"))
    t = D.svyquantile(D.svydesign(d, ids="psu", strata="h", weights="w"), "tm", 0.5, by="win")
    assert t["win"].tolist() == ["W1", "W2", "W3"]
    assert t.loc[t["win"] == "W3", ["estimate", "ci_low", "ci_high", "se"]].isna().all().all()


METHODS = ["logit", "likelihood", "asin", "beta", "mean", "xlogit"]


@pytest.mark.parametrize("k,kind,method", [(k, kind, m) for k in SETS for kind in KINDS for m in METHODS])
def test_every_svyciprop_method_overall_and_by_window(k, kind, method):
    # svyciprop(~sat, subset(des, !is.na(sat)), method = m);
    # svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"))
    des, g = design(k, kind), golden(k, kind, "ciprop", method)
    t = quiet(D.svyciprop, des, "sat", method=method)
    close(t["mean"], g["est"])
    close(t["se"], g["se"])
    close(t["ci_low"], g["lo"])
    close(t["ci_high"], g["hi"])
    b = quiet(D.svyciprop, des, "sat", by="win", method=method)
    assert b["win"].tolist() == g["by_win"]
    close(b["mean"], g["by_est"])
    close(b["se"], g["by_se"])
    close(b["ci_low"], g["by_lo"])
    close(b["ci_high"], g["by_hi"])


def keyed(t):
    # our rows sorted by window then half-day; R's svyby varies the first variable fastest: match by key
    return t.assign(key=t["win"].astype(str) + "." + t["b"].astype(str)).set_index("key")


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in REPS])
def test_totals_and_ratios_by_two_variables_on_replicate_designs(k, kind):
    des = design(k, kind)
    g = golden(k, kind, "by2_total")        # svyby(~s, ~win + b, des, svytotal, na.rm = TRUE)
    t = keyed(D.svytotal(des, "s", by=["win", "b"]))
    assert sorted(t.index) == sorted(g["key"])
    close(t.loc[g["key"], "total"], g["est"])
    close(t.loc[g["key"], "se"], g["se"])
    g = golden(k, kind, "by2_ratio")        # svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE)
    q = keyed(D.svyratio(des, "s", "tm", by=["win", "b"]))
    close(q.loc[g["key"], "ratio"], g["est"])
    close(q.loc[g["key"], "se"], g["se"])


def ps_rake(k, kind):
    # rake(postStratify(des, ~win, pw), list(~ct, ~b), list(pc, pb)), the populations R built (stored with the values)
    g = golden(k, kind, "ps_rake")
    des = D.post_stratify(design(k, kind), "win", dict(zip(["W1", "W2", "W3"], g["pw"])))
    return D.rake(des, {"ct": dict(zip(["business", "resident"], g["pc"])), "b": dict(zip(["am", "pm"], g["pb"]))}), g


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in KINDS])
def test_quantiles_after_post_stratifying_then_raking(k, kind):
    rk, g = ps_rake(k, kind)
    close(rk.weights / design(k, kind).weights, g["g"])
    # svyquantile(~tm, rk, c(.25, .5, .75), ci = TRUE, na.rm = TRUE, interval.type = "mean" or, replicates, "quantile")
    q = quiet(D.svyquantile, rk, "tm", QS, interval_type="quantile" if kind in REPS else "mean")
    for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
        close(q[col], g["quantile"][key])
    # svyby(~tm, ~win, rk, svyquantile, quantiles = ..., ci = TRUE, na.rm = TRUE)
    check_quantile_by(quiet(D.svyquantile, rk, "tm", QS, by="win"), g["quantile_by"])


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in LIN])
def test_design_effects_of_totals_and_ratios_by_domain(k, kind):
    check_deff_by(design(k, kind), golden(k, kind, "deff_by"))


def check_deff_by(des, g):
    # svyby(~s, ~win + b, des, svytotal, na.rm = TRUE, deff = TRUE and "replace")
    t = keyed(D.svytotal(des, "s", by=["win", "b"], deff=True))
    close(t.loc[g["key"], "total"], g["total"])
    close(t.loc[g["key"], "se"], g["total_se"])
    close(t.loc[g["key"], "deff"], g["total_deff"])
    close(t.loc[g["key"], "deff_replace"], g["total_deff_replace"])
    # svyby(~s, ~win, des, svyratio, denominator = ~tm, na.rm = TRUE, deff = TRUE)
    q = D.svyratio(des, "s", "tm", by="win", deff=True)
    assert q["win"].tolist() == g["ratio_win"]
    close(q["ratio"], g["ratio"])
    close(q["deff"], g["ratio_deff"])


def check_basics(des, g, quantile=True):
    # svymean(~s, des, na.rm = TRUE); svytotal(~s, ...); svyratio(~s, ~tm, ...); svyby(~s, ~win, des, svymean, ...)
    check_mean_total_ratio(des, g)
    b = D.svymean(des, "s", by="win")
    assert b["win"].tolist() == g["by_mean"]["win"]
    close(b["mean"], g["by_mean"]["est"])
    close(b["se"], g["by_mean"]["se"])
    if quantile:
        # svyquantile(~tm, des, c(.25, .5, .75), ci = TRUE, na.rm = TRUE)
        s = D.svyquantile(des, "tm", QS)
        for col, key in (("estimate", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
            close(s[col], g["quantile"][key])


@pytest.mark.parametrize("k,rule,fpc", [(k, rule, fpc) for k in SETS for rule in ("adjust", "average", "certainty",
                                                                                  "remove") for fpc in (False, True)])
def test_a_stratum_of_one_psu_under_each_lonely_psu_rule(k, rule, fpc):
    # options(survey.lonely.psu = rule); svydesign(ids = ~psu, strata = ~h, weights = ~w, [fpc = ~N1,] data = dl)
    des = D.svydesign(data(k, lonely=True), ids="psu", strata="h", weights="w", fpc="N1" if fpc else None,
                      lonely_psu=rule)
    check_basics(des, golden(k, "lonely", rule, "fpc" if fpc else "nofpc"))


@pytest.mark.parametrize("k", SETS)
def test_a_stratum_of_one_psu_is_refused_without_a_rule(k):
    # R's default options(survey.lonely.psu = "fail") stops ("Stratum (h5) has only one PSU"); we refuse it at once,
    # naming the stratum and the rules, exit 3
    with pytest.raises(D.DesignError) as e:
        D.svydesign(data(k, lonely=True), ids="psu", strata="h", weights="w")
    assert "h5" in str(e.value) and "lonely_psu" in str(e.value) and e.value.exit_code == 3


@pytest.mark.parametrize("k", SETS)
def test_two_stages_with_an_fpc_at_both(k):
    # svydesign(ids = ~psu + ssu, strata = ~h, weights = ~w, fpc = ~N1 + N2, data = d)
    des = D.svydesign(data(k), ids=["psu", "ssu"], strata="h", weights="w", fpc=["N1", "N2"])
    g = golden(k, "two_stage")
    check_basics(des, g)
    check_deff_by(des, g["deff_by"])


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in KINDS])
def test_a_linear_calibration_without_bounds(k, kind):
    # calibrate(des, ~win + b, pop) (linear, no bounds: regcalibrate's one step, on JKn and bootstrap each
    # replicate's); then svymean, svytotal and svyratio of ~s (over ~tm)
    g = golden(k, kind, "cal_linear")
    check_mean_total_ratio(D.calibrate(design(k, kind), ["win", "b"], g["population"], calfun="linear"), g)
