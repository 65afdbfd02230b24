"""Survey statistics against R's survey package, round five: replicates with ``rscales`` 0, lonely PSUs, a census
stratum, a one-respondent domain.

The R numbers are in tests/golden/survey17_survey_r.json, written by tests/golden/survey17_survey_r.R (R 4.2.2,
survey 4.1.1) from tests/golden/survey17_data.csv (tests/golden/survey17_make_data.py, seeded); no R is needed at test
time (``WINDOWEVAL_RERUN_R=1`` with Rscript present reruns the script and compares its output to the stored JSON).
Everything agrees to 1e-10 relative unless said at the test.

The data: strata ``h1``-``h5``, ``h4`` with one PSU, ``h5`` surveyed in full (``N`` = its PSUs), window ``W4`` one
respondent. For each ``survey.lonely.psu`` (adjust, certainty, remove, average): the linearisation design, and the
JKn replicates R's ``as.svrepdesign`` makes of it, with ``survey.drop.replicates = FALSE`` (``_keep``: the census
stratum's replicates stay, with ``rscales`` 0) and ``TRUE`` (``_drop``, R's default), each with ``mse`` FALSE and
TRUE. R's ``svrVar`` centres the replicates on the mean of those with ``rscales > 0`` only (``mse = FALSE``).
Also: the linearisation designs with ``survey.adjust.domain.lonely = TRUE``; a bootstrap delivery whose weights the
survey firm rounded (``degf`` is R's ``qr(weights, tol = 1e-5)$rank - 1``, not numpy's SVD rank); the same columns
as successive-difference, ACS, JK2 and other replicates. On each design: svymean, svytotal, svyratio (with deff),
svyby of means / totals / ratios with their covariance, svyquantile (qrule math, hf7, school; interval mean and
quantile), svyglm (gaussian, quasibinomial), svyciprop in five methods and by group, svyvar, svychisq (F, Chisq,
Wald, adjWald), svyttest, svyranktest, postStratify and calibrate (linear, raking) followed by svymean / svytotal.
"""
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from _survey_r import check_mean_total_ratio, design_from_golden, load_golden, rerun_r_test
from windoweval.survey import design as D

G, DATA, close, HERE = load_golden("survey17", {"h": str, "psu": str, "win": str, "b": str})
SETS = (1, 2)
RULES = ("adjust", "certainty", "remove", "average")
REPS = [f"jkn_{rule}_{kd}{m}" for rule in RULES for kd in ("keep", "drop") for m in ("", "_mse")]
BOOTS = ["boot_round4", "boot_round2"]      # a bootstrap delivery of 50 replicates, weights rounded to 4 / 2 decimals
ADL = [f"lin_{rule}_adl" for rule in RULES]    # with survey.adjust.domain.lonely = TRUE
TYPES = [f"type_{t}" for t in ("successive-difference", "ACS", "JK2", "other")]   # the bootstrap columns as these
KINDS = [f"lin_{rule}" for rule in RULES] + ADL + REPS + BOOTS + TYPES


def data(k):
    return DATA[DATA["set"] == k].reset_index(drop=True)


def design(k, kind):
    # options(survey.lonely.psu = rule); svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), or the JKn
    # replicate weights R's as.svrepdesign made of it (the entry's call), with its scale, rscales and mse
    if kind.startswith("lin_"):
        return D.svydesign(data(k), ids="psu", strata="h", weights="w", fpc="N",
                           lonely_psu=kind.split("_")[1], adjust_domain_lonely=kind.endswith("_adl"))
    e = G[f"set{k}"][kind]
    frame = data(k)
    if kind.startswith(("boot", "type")):   # db <- d[d$h != "h4", ]
        frame = frame[frame["h"] != "h4"].reset_index(drop=True)
    return replace(design_from_golden(frame, e), mse=bool(e["mse"]))


def golden(k, kind, key):
    g = G[f"set{k}"][kind][key]
    if "error" in g:
        pytest.skip(f"R stops: {g['error']}")
    return g


CASES = [(k, kind) for k in SETS for kind in KINDS]


@pytest.mark.parametrize("k,kind", CASES)
def test_deff_quantile_rules_post_stratified_and_proportions_by_group(k, kind):
    des = design(k, kind)
    # svymean(~s, des, na.rm = TRUE, deff = TRUE); svytotal(~s, des, na.rm = TRUE, deff = TRUE)
    g = golden(k, kind, "deff")
    close(D.svymean(des, "s", deff=True)["deff"], g["mean"])
    close(D.svytotal(des, "s", deff=True)["deff"], g["total"])
    # svyquantile(~tm, des, c(0.25, 0.5, 0.9), qrule = rule, interval.type = it, na.rm = TRUE, ci = TRUE)
    for rule in ("hf7", "school"):
        for it in ("mean", "quantile") if not kind.startswith("lin") else ("mean",):
            g = golden(k, kind, f"quantile_{rule}_{it}")
            q = D.svyquantile(des, "tm", [0.25, 0.5, 0.9], qrule=rule, interval_type=it)
            for col, key in (("estimate", "est"), ("ci_low", "lo"), ("ci_high", "hi"), ("se", "se")):
                close(q[col], g[key])
    # postStratify(des, ~b, data.frame(b = c("am", "pm"), Freq = c(900, 700))): svymean, svytotal of s
    g = golden(k, kind, "post")
    p = D.post_stratify(des, "b", {"am": 900, "pm": 700})
    m, t = D.svymean(p, "s"), D.svytotal(p, "s")
    close(m["mean"], g["est"])
    close(m["se"], g["se"])
    close(t["total"], g["total"])
    close(t["se"], g["total_se"])
    # calibrate(des, ~b + x1, c(`(Intercept)` = 1600, bpm = 700, x1 = 50), calfun = cf): svymean, svytotal of s
    for cf in ("linear", "raking"):
        g = golden(k, kind, f"cal_{cf}")
        cd = D.calibrate(des, ["b", "x1"], {"(Intercept)": 1600, "bpm": 700, "x1": 50}, calfun=cf)
        m, t = D.svymean(cd, "s"), D.svytotal(cd, "s")
        close(m["mean"], g["est"])
        close(m["se"], g["se"])
        close(t["total"], g["total"])
        close(t["se"], g["total_se"])
    # svyby(~sat, ~b, subset(des, !is.na(sat)), svyciprop, method = "logit", vartype = c("se", "ci"))
    g = golden(k, kind, "by_ciprop")
    c = D.svyciprop(des, "sat", by="b", method="logit")
    assert c["b"].tolist() == g["b"]
    for col, key in (("mean", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
        close(c[col], g[key])


def test_the_keep_designs_carry_replicates_with_rscales_0():
    # the case that shows svrVar's centring: a census stratum's jackknife replicates kept, each with rscales 0
    for k in SETS:
        for kind in REPS:
            rs = np.array(G[f"set{k}"][kind]["rscales"], dtype=float)
            assert ((rs == 0).sum() == 3) == ("_keep" in kind)


@pytest.mark.parametrize("k,kind", CASES)
def test_mean_total_ratio(k, kind):
    # svymean(~s, des, na.rm = TRUE); svytotal(~s, des, na.rm = TRUE); svyratio(~s, ~tm, des, na.rm = TRUE)
    check_mean_total_ratio(design(k, kind), G[f"set{k}"][kind])


@pytest.mark.parametrize("k,kind", CASES)
def test_by_window_with_a_one_respondent_window(k, kind):
    des = design(k, kind)
    # svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE): W4 has one respondent
    g = golden(k, kind, "by_mean")
    m = D.svymean(des, "s", by="win", covmat=True)
    assert m["win"].tolist() == g["win"]
    close(m["mean"], g["est"])
    close(m["se"], g["se"])
    np.testing.assert_allclose(m.attrs["vcov"], np.array(g["vcov"], dtype=float), rtol=1e-10, atol=1e-15)
    # svyby(~s, ~win, des, svytotal, na.rm = TRUE)
    g = golden(k, kind, "by_total")
    t = D.svytotal(des, "s", by="win")
    close(t["total"], g["est"])
    close(t["se"], g["se"])


@pytest.mark.parametrize("k,kind", CASES)
def test_totals_and_ratios_by_window_with_their_covariance(k, kind):
    des = design(k, kind)
    # svyby(~s, ~win, subset(des, !is.na(s)), svytotal, covmat = TRUE)
    g = golden(k, kind, "by_total_cov")
    t = D.svytotal(des, "s", by="win", covmat=True)
    assert t["win"].tolist() == g["win"]
    close(t["total"], g["est"])
    close(t["se"], g["se"])
    np.testing.assert_allclose(t.attrs["vcov"], np.array(g["vcov"], dtype=float), rtol=1e-10, atol=1e-9)
    # svyby(~s, ~win, subset(des, !is.na(s) & !is.na(tm)), svyratio, denominator = ~tm, covmat = TRUE)
    g = golden(k, kind, "by_ratio_cov")
    r = D.svyratio(des, "s", "tm", by="win", covmat=True)
    assert r["win"].tolist() == g["win"]
    close(r["ratio"], g["est"])
    close(r["se"], g["se"])
    np.testing.assert_allclose(r.attrs["vcov"], np.array(g["vcov"], dtype=float), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("k,kind", CASES)
def test_quantiles(k, kind):
    des = design(k, kind)
    # svyquantile(~tm, des, c(0.25, 0.5, 0.9), interval.type = it, na.rm = TRUE, ci = TRUE)
    for it in ("mean", "quantile") if not kind.startswith("lin") else ("mean",):
        g = golden(k, kind, f"quantile_{it}")
        q = D.svyquantile(des, "tm", [0.25, 0.5, 0.9], interval_type=it)
        for col, key in (("estimate", "est"), ("ci_low", "lo"), ("ci_high", "hi"), ("se", "se")):
            close(q[col], g[key])


@pytest.mark.parametrize("k,kind", CASES)
def test_glm(k, kind):
    des = design(k, kind)
    # svyglm(s ~ x1 + b, des); svyglm(sat ~ x1, des, family = quasibinomial())
    for key, y, x, fam in (("glm", "s", ["x1", "b"], "gaussian"), ("glm_quasibinomial", "sat", ["x1"], "quasibinomial")):
        g = golden(k, kind, key)
        t = D.svyglm(des, y, x, family=fam)
        close(t["estimate"], g["est"])
        close(t["se"], g["se"])
        assert t.attrs["df"] == g["df"]


@pytest.mark.parametrize("k,kind", CASES)
@pytest.mark.parametrize("m", ["beta", "logit", "asin", "mean", "xlogit"])
def test_ciprop(k, kind, m):
    des = design(k, kind)
    # svyciprop(~sat, subset(des, !is.na(sat)), method = m)
    g = golden(k, kind, f"ciprop_{m}")
    t = D.svyciprop(des, "sat", method=m)
    for col, key in (("mean", "est"), ("se", "se"), ("ci_low", "lo"), ("ci_high", "hi")):
        close(t[col], g[key])


@pytest.mark.parametrize("k,kind", CASES)
def test_var_chisq_ttest(k, kind):
    des = design(k, kind)
    # svyvar(~s, des, na.rm = TRUE)
    g = golden(k, kind, "var")
    v = D.svyvar(des, "s")
    close(v["variance"], g["est"])
    close(v["se"], g["se"])
    # svychisq(~win + b, des)
    g = golden(k, kind, "chisq")
    c = D.svychisq(des, "win", "b")
    for col, key in (("value", "stat"), ("ndf", "ndf"), ("ddf", "ddf"), ("p_value", "p")):
        close(c[col], g[key])
    # svychisq(~b + win, des, statistic = st)
    for st in ("Chisq", "Wald", "adjWald"):
        g = golden(k, kind, f"chisq_{st}")
        c = D.svychisq(des, "b", "win", statistic=st)
        for col, key in (("value", "stat"), ("ndf", "ndf"), ("ddf", "ddf"), ("p_value", "p")):
            if not (st == "Chisq" and key == "ddf"):        # R's Chisq has one parameter (ours: ddf inf)
                close(c[col], g[key])
    # svyranktest(s ~ b, des)
    g = golden(k, kind, "ranktest")
    t = D.svyranktest(des, "s", "b")
    for col, key in (("estimate", "est"), ("value", "stat"), ("ddf", "df"), ("p_value", "p")):
        close(t[col], g[key])
    # svyttest(s ~ b, des)
    g = golden(k, kind, "ttest")
    t = D.svyttest(des, "s", "b")
    for col, key in (("difference", "est"), ("t", "stat"), ("df", "df"), ("p_value", "p")):
        close(t[col], g[key])


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in KINDS if "keep" in kind and "mse" not in kind])
def test_replicates_with_rscales_0_do_not_move_the_centre(k, kind):
    # the same replicates without the census stratum's (rscales 0) give the same variance, as svrVar's
    # colMeans(thetas[rscales > 0, ]) makes them; centring on all replicates (the old code) did not
    des = design(k, kind)
    pos = des.rscales > 0
    assert (~pos).sum() == 3
    cut = replace(des, repweights=des.repweights[:, pos], rscales=des.rscales[pos])
    for f in (D.svymean, D.svytotal):
        np.testing.assert_allclose(f(des, "s")["se"], f(cut, "s")["se"], rtol=1e-12)


def test_no_replicate_with_a_positive_rscales_gives_no_variance_unless_mse():
    # svrVar(thetas, 1, c(0, 0)) is NA (the mean of no replicate), with mse = TRUE it is 0 (every term times 0)
    f = pd.DataFrame({"y": [1.0, 2, 4], "w": 1.0, "r1": [0, 1.5, 1.5], "r2": [1.5, 0, 1.5]})
    des = D.replicate_design(f, ["r1", "r2"], type="JKn", weights="w", rscales=[0.0, 0.0])
    assert np.isnan(D.svymean(des, "y").loc[0, "se"])
    assert D.svymean(replace(des, mse=True), "y").loc[0, "se"] == 0


def test_r_as_svrepdesign_total_leaves_the_census_rows_out_of_its_replicates():
    # What we leave alone: R's svytotal on the as.svrepdesign object (not on the delivered weights) drops the rows of
    # self-representing PSUs from the replicate totals under survey.drop.replicates = TRUE ("selfrep"), though the
    # full-sample total keeps them: with mse = TRUE the census stratum's whole total then counts as variance, and with
    # lonely.psu = "adjust" (whose replicate multiplies the census rows by H / (H - 1)) the SE falls. A delivery has
    # no selfrep: svrepdesign on the same weights (our golden "total") is what replicate_design reproduces.
    for k in SETS:
        for kind in REPS:
            e = G[f"set{k}"][kind]
            a, t = e["total_asrep"], e["total"]
            close(a["est"], t["est"])
            off = a["selfrep"] and (e["mse"] or "adjust" in kind)
            assert (abs(a["se"] / t["se"] - 1) > 0.1) == off, (k, kind)
            if not off:
                close(a["se"], t["se"])
            close(D.svytotal(design(k, kind), "s")["se"], t["se"])


@pytest.mark.parametrize("k", SETS)
def test_degf_of_rounded_replicate_weights_is_r_qr_rank(k):
    # degf(svrepdesign(..., repweights = round(weights(rb, "analysis"), 4))) is qr(., tol = 1e-5)$rank - 1 = 8: the
    # rounding noise is not rank (numpy's matrix_rank counted it: 12); at 2 decimals R counts the noise too
    for kind, want in (("boot_round4", 8), ("boot_round2", None)):
        des = design(k, kind)                  # asserts degf(des) == R's degf
        e = G[f"set{k}"][kind]
        assert want is None or e["degf"] == want
        if want:
            assert np.linalg.matrix_rank(des.repweights) - 1 > e["degf"]
    # a domain's df (svyciprop, svyquantile on subset(rd, ...)): the rank of its rows' weights, R's way too
    des = design(k, "boot_round4")
    ok = (des.frame["b"] == "am").to_numpy()
    assert D._domain_df_nrow(des, ok)[0] <= 8


def test_qr_rank_agrees_with_r_on_rank_deficient_and_noisy_matrices():
    # R: qr(A, tol = 1e-5)$rank for a matrix of rank 2 moved by 1e-7 (R says 2; numpy's matrix_rank 3), a zero
    # column (R: 2), and a rank-one product rounded to 6 decimals (R: 1) and to 4 (R: 2)
    a = np.array([[1.0, 2, 3], [2, 4, 6.0000001], [1, 0, 1]])
    assert D._qr_rank(a) == 2
    assert D._qr_rank(np.c_[a, np.zeros(3)]) == 2
    u = np.outer([1.3, 2.7, 0.4, 5.1], [0.123457, 1.98765, 3.14159])
    assert D._qr_rank(np.round(u, 6)) == 1 and np.linalg.matrix_rank(np.round(u, 6)) > 1
    assert D._qr_rank(np.round(u, 4)) == 2


def test_svychisq_with_an_empty_cell_says_nothing_numpy_would_say():
    # window W4 (one respondent) leaves a cell empty: R's diag(ifelse(mean == 0, 0, 1/mean)), no divide-by-zero
    import warnings
    for kind in ("lin_adjust", "jkn_adjust_keep"):
        des = design(1, kind)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            c = D.svychisq(des, "win", "b")
        close(c["value"], G["set1"][kind]["chisq"]["stat"])


test_rerun_r_gives_the_stored_values = rerun_r_test("survey17", "seconds")


def test_degf_of_a_replicate_design_is_computed_once(monkeypatch):
    # the rank of 50,000 x 200 replicate weights takes seconds: kept per design while its weights live, recomputed for
    # new weights (post-stratified replicates are new weights)
    calls = []
    real = D._qr_rank
    monkeypatch.setattr(D, "_qr_rank", lambda A: calls.append(A.shape) or real(A))
    des = design(1, "boot_round4")          # design_from_golden checks degf: the one computation
    assert len(calls) == 1
    assert D.degf(des) == D.degf(des) == D.degf(replace(des, mse=True)) == 8
    assert len(calls) == 1
    D.degf(D.post_stratify(des, "b", {"am": 900, "pm": 700}))
    assert len(calls) == 2


@pytest.mark.parametrize("ty", ["successive-difference", "ACS", "JK2", "other"])
def test_the_other_replicate_types_take_r_scales_from_the_type(ty):
    # svrepdesign(data = db, repweights = W, weights = ~w, type = ty): scale 4 / R (successive-difference, ACS), 1
    # (JK2); other: scale = 0.04 and rscales as given. Without scale and rscales passed, as a delivery says only its type
    e = G["set1"][f"type_{ty}"]
    rw = np.array(e["repweights"], dtype=float)
    d = data(1)
    f = pd.concat([d[d["h"] != "h4"].reset_index(drop=True), pd.DataFrame(rw, columns=[f"r{i}" for i in range(rw.shape[1])])],
                  axis=1)
    kw = {"scale": 0.04, "rscales": e["rscales"]} if ty == "other" else {}
    des = D.replicate_design(f, "r", type=ty, weights="w", **kw)
    close(des.scale, e["scale"], 1e-14)
    close(des.rscales, e["rscales"], 1e-14)
    m = D.svymean(des, "s")
    close(m["se"], e["mean"]["se"])


def test_a_scale_the_type_contradicts_is_refused_in_both_languages():
    # R's svrepdesign(type = "BRR", scale = 0.5) ignores the scale (and warns), type = "Fay" ignores it silently:
    # refused here, with the way out (leave it out, or type other)
    f = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": 1.0, "r1": [2.0, 0, 2, 0], "r2": [0, 2.0, 0, 2]})
    for kw in ({"type": "BRR", "scale": 0.25}, {"type": "Fay", "fay_rho": 0.5, "scale": 1.0},
               {"type": "successive-difference", "rscales": [1.0, 0.5]}, {"type": "JK2", "scale": 2.0}):
        with pytest.raises(D.DesignError) as e:
            D.replicate_design(f, ["r1", "r2"], weights="w", **kw)
        assert "type='other'" in str(e.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))
        assert e.value.exit_code == 3
    # the type's own values pass (R's as.svrepdesign records them: rebuilt designs carry them)
    assert D.replicate_design(f, ["r1", "r2"], type="BRR", weights="w", scale=0.5).scale == 0.5
    with pytest.warns(RuntimeWarning, match="set to 1"):
        assert D.replicate_design(f, ["r1", "r2"], type="other", weights="w").scale == 1.0


def test_one_rscales_for_every_replicate_as_r_and_bad_ones_refused_without_a_traceback():
    # R: svrepdesign(data = f, repweights = ~r1 + r2 + r3, weights = ~w, type = "JKn", rscales = 0.5) -> SE 0.5
    # (one value recycled); the old code raised a bare TypeError for a number and refused a list of one
    f = pd.DataFrame({"y": [1.0, 2, 3], "w": 1.0, "r1": [0, 1.5, 1.5], "r2": [1.5, 0, 1.5], "r3": [1.5, 1.5, 0]})
    for rs in (0.5, [0.5]):
        des = D.replicate_design(f, ["r1", "r2", "r3"], type="JKn", weights="w", rscales=rs)
        assert D.svymean(des, "y").loc[0, "se"] == pytest.approx(0.5, rel=1e-14)
    for rs in ([0.5, 0.5], [0.5, np.nan, 0.5], "x"):
        with pytest.raises(D.DesignError) as e:
            D.replicate_design(f, ["r1", "r2", "r3"], type="JKn", weights="w", rscales=rs)
        assert " / " in str(e.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))
