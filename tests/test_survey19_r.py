"""Survey statistics against R's survey package, round six: what a replicate delivery can declare (an fpc per
replicate, a mean bootstrap, JKn multipliers without rscales), and domains by two variables, a zero denominator and
design effects with an fpc.

The R numbers are in tests/golden/survey19_survey_r.json, written by tests/golden/survey19_survey_r.R (R 4.2.2,
survey 4.1.1) from tests/golden/survey19_data.csv (tests/golden/survey19_make_data.py, seeded); no R is needed at test
time (``WINDOWEVAL_RERUN_R=1`` with Rscript present rewrites the data, reruns the script and compares). Everything
agrees to 1e-10 relative unless said at the test.

The data: strata ``h1``-``h4`` of 3, 2, 4, 3 PSUs with their populations of PSUs ``N``; windows ``W1``-``W4``, ``W4``
only in the morning (``W4`` x ``pm`` empty); ``rv`` 0 throughout ``W3``. Designs: the linearisation design without
and with ``fpc = ~N``; ``svrepdesign`` of the JKn weights R's ``as.svrepdesign`` made, with their ``rscales`` and each
replicate's sampling fraction as ``fpc`` (``fpctype`` fraction, and the same as correction); those weights as
multipliers without ``rscales`` (R guesses ``1/max``); JK1 with an fpc a replicate; a bootstrap delivery with
``bootstrap.average = 4``. On each: svymean, svytotal, svyratio, svyquantile, svyby by window x half-day (means with
their covariance, totals, ratios), svyby of a ratio whose denominator is 0 in one window; design effects with the fpc;
on the fpc, JKn-with-fpc and mean-bootstrap designs calibrate with bounds (linear, raking, logit).

Fixed here (each fails on the code before): ``replicate_design`` took no ``fpc``/``fpctype`` and no
``bootstrap_average`` (a delivery's fpc per replicate and a mean bootstrap could not be declared), and refused JKn
multipliers without ``rscales`` where R's guess is exact; a replicate that a logit calibration could not adjust kept its
NaN weights (R stops); svychisq looped over replicates in Python; a domain's QR rank was recomputed at every call.
"""
import warnings

import numpy as np
import pandas as pd
import pytest

from _survey_r import check_mean_total_ratio, close, linear_design, load_golden, r, rerun_r_test
from windoweval.survey import design as D

G, DATA, close, HERE = load_golden("survey19", {"h": str, "psu": str, "win": str, "b": str})
SETS = (1, 2)
REPS = ["jkn_fpc_fraction", "jkn_fpc_correction", "jkn_mult", "jk1_fpc", "boot_avg"]
KINDS = ["lin", "lin_fpc"] + REPS

test_rerun_r_gives_the_stored_values = rerun_r_test("survey19", "seconds")


def data(k):
    return DATA[DATA["set"] == k].reset_index(drop=True)


def with_reps(k, rw):
    cols = [f"rep{i}" for i in range(rw.shape[1])]
    return pd.concat([data(k), pd.DataFrame(rw, columns=cols)], axis=1), cols


def design(k, kind):
    d = data(k)
    if kind in ("lin", "lin_fpc"):   # svydesign(ids = ~psu, strata = ~h, weights = ~w[, fpc = ~N], data = d)
        return linear_design(d, kind, "N")
    e = G[f"set{k}"]
    W = np.array(e["jkn_fpc_fraction"]["repweights"], dtype=float)
    jk_rscales = np.array(e["jkn_mult"]["rscales"], dtype=float)     # as.svrepdesign's (n_h - 1) / n_h
    f = r(e["jkn_fpc_fraction"]["fpc"])
    if kind == "jkn":        # svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales)
        frame, cols = with_reps(k, W)
        return D.replicate_design(frame, cols, type="JKn", weights="w", rscales=jk_rscales)
    if kind == "jkn_fpc_fraction":   # svrepdesign(..., type = "JKn", rscales = jk$rscales, fpc = f, fpctype = "fraction")
        frame, cols = with_reps(k, W)
        return D.replicate_design(frame, cols, type="JKn", weights="w", rscales=jk_rscales, fpc=f, fpctype="fraction")
    if kind == "jkn_fpc_correction":  # the same with fpc = 1 - f, fpctype = "correction"
        frame, cols = with_reps(k, W)
        return D.replicate_design(frame, cols, type="JKn", weights="w", rscales=jk_rscales, fpc=1 - f,
                                  fpctype="correction")
    if kind == "jkn_mult":   # svrepdesign(repweights = W / d$w, type = "JKn", combined.weights = FALSE): no rscales
        frame, cols = with_reps(k, W / d["w"].to_numpy()[:, None])
        with pytest.warns(RuntimeWarning, match="1/each replicate's largest"):
            return D.replicate_design(frame, cols, type="JKn", weights="w", combined_weights=False)
    if kind == "jk1_fpc":    # svrepdesign(repweights = W1, type = "JK1", scale = j1$scale, fpc = rep(f1, R), "fraction")
        e1 = e["jk1_fpc"]
        frame, cols = with_reps(k, np.array(e1["repweights"], dtype=float))
        return D.replicate_design(frame, cols, type="JK1", weights="w", scale=e1["scale"], fpc=e1["fpc1"],
                                  fpctype="fraction")
    if kind == "boot_avg":   # svrepdesign(repweights = Wb, type = "bootstrap", bootstrap.average = 4)
        frame, cols = with_reps(k, np.array(e["boot_avg"]["repweights"], dtype=float))
        return D.replicate_design(frame, cols, type="bootstrap", weights="w", bootstrap_average=4)
    raise AssertionError(kind)


def golden(k, kind, key):
    return G[f"set{k}"][kind][key]


CASES = [(k, kind) for k in SETS for kind in KINDS]


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in REPS])
def test_the_delivery_declares_what_r_computes_with(k, kind):
    # scale, rscales (times 1 - f or the correction), degf as R's svrepdesign sets them
    des, e = design(k, kind), G[f"set{k}"][kind]
    close(des.scale, e["scale"], 1e-14)
    close(des.rscales, e["rscales"], 1e-14)
    assert D.degf(des) == e["degf"]


@pytest.mark.parametrize("k", SETS)
def test_the_fpc_per_replicate_gives_the_rscales_of_the_design_with_its_fpc(k):
    # as.svrepdesign(svydesign(..., fpc = ~N), type = "JKn")$rscales: the same (n_h - 1) / n_h * (1 - n_h / N_h)
    e = G[f"set{k}"]["jkn_fpc_fraction"]
    close(design(k, "jkn_fpc_fraction").rscales, e["asrep_rscales"], 1e-14)


@pytest.mark.parametrize("k,kind", CASES)
def test_mean_total_ratio_quantile(k, kind):
    des = design(k, kind)
    # svymean(~s, des, na.rm = TRUE); svytotal(~s, des, na.rm = TRUE); svyratio(~s, ~tm, des, na.rm = TRUE)
    check_mean_total_ratio(des, G[f"set{k}"][kind])
    # svyquantile(~tm, des, c(0.25, 0.5, 0.9), interval.type = it, na.rm = TRUE, ci = TRUE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # R's too: jackknife replicates may not give valid SEs for quantiles
        for it in ("mean", "quantile") if kind in REPS else ("mean",):
            g = golden(k, kind, f"quantile_{it}")
            q = D.svyquantile(des, "tm", [0.25, 0.5, 0.9], interval_type=it)
            for col, key in (("estimate", "est"), ("ci_low", "lo"), ("ci_high", "hi"), ("se", "se")):
                close(q[col], g[key])


def keyed(t):
    # our rows sorted by window then half-day; R's svyby varies the first variable fastest: match by key
    return t.assign(key=t["win"].astype(str) + "." + t["b"].astype(str)).set_index("key")


@pytest.mark.parametrize("k,kind", CASES)
def test_by_two_variables_with_an_empty_combination(k, kind):
    des = design(k, kind)
    # svyby(~s, ~win + b, subset(des, !is.na(s)), svymean, covmat = TRUE): W4 x pm has no row and no entry
    g = golden(k, kind, "by2_mean")
    m = D.svymean(des, "s", by=["win", "b"], covmat=True)
    assert sorted(keyed(m).index) == sorted(g["key"]) and "W4.pm" not in g["key"]
    order = [list(keyed(m).index).index(x) for x in g["key"]]
    close(keyed(m).loc[g["key"], "mean"], g["est"])
    close(keyed(m).loc[g["key"], "se"], g["se"])
    np.testing.assert_allclose(np.asarray(m.attrs["vcov"])[np.ix_(order, order)], np.array(g["vcov"], dtype=float),
                               rtol=1e-10, atol=1e-15)
    # svyby(~s, ~win + b, des, svytotal, na.rm = TRUE)
    g = golden(k, kind, "by2_total")
    t = keyed(D.svytotal(des, "s", by=["win", "b"]))
    close(t.loc[g["key"], "total"], g["est"])
    close(t.loc[g["key"], "se"], g["se"])
    # svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE)
    g = golden(k, kind, "by2_ratio")
    q = keyed(D.svyratio(des, "s", "tm", by=["win", "b"]))
    close(q.loc[g["key"], "ratio"], g["est"])
    close(q.loc[g["key"], "se"], g["se"])


@pytest.mark.parametrize("k,kind", CASES)
def test_a_ratio_by_window_whose_denominator_is_zero_in_one(k, kind):
    des = design(k, kind)
    # svyby(~s, ~win, des, svyratio, denominator = ~rv, na.rm = TRUE): W3's rv is 0 throughout, R gives Inf, SE NaN
    g = golden(k, kind, "by_ratio_zero")
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # no numpy divide-by-zero reaches the user
        q = D.svyratio(des, "s", "rv", by="win")
    assert q["win"].tolist() == g["win"]
    close(q["ratio"], g["est"])
    close(q["se"], g["se"])


@pytest.mark.parametrize("k,kind", [(k, kind) for k in SETS for kind in ("lin", "lin_fpc")])
def test_design_effects_with_the_fpc(k, kind):
    des = design(k, kind)
    # svymean / svytotal(~s, des, na.rm = TRUE, deff = TRUE and "replace"); svyratio(~s, ~tm, des, deff = TRUE)
    g = golden(k, kind, "deff")
    m, t = D.svymean(des, "s", deff=True), D.svytotal(des, "s", deff=True)
    close(m["deff"], g["mean"])
    close(t["deff"], g["total"])
    close(m["deff_replace"], g["mean_replace"])
    close(t["deff_replace"], g["total_replace"])
    close(D.svyratio(des, "s", "tm", deff=True)["deff"], g["ratio"])
    # svyby(~s, ~win + b, des, svymean, na.rm = TRUE, deff = TRUE and "replace")
    g = golden(k, kind, "by2_deff")
    b = keyed(D.svymean(des, "s", by=["win", "b"], deff=True))
    close(b.loc[g["key"], "mean"], g["est"])
    close(b.loc[g["key"], "se"], g["se"])
    close(b.loc[g["key"], "deff"], g["deff"])
    close(b.loc[g["key"], "deff_replace"], g["deff_replace"])


def zh_en(msg: str) -> bool:
    return " / " in msg and any("\u4e00" <= ch <= "\u9fff" for ch in msg)


@pytest.mark.parametrize("k", SETS)
def test_what_r_refuses_is_refused_with_the_fix(k):
    # R: svrepdesign(type = "JKn") on combined weights without rscales stops ("Must provide rscales for combined JKn
    # weights"); fpc without fpctype ("Must specify fpctype"); fpc on bootstrap ("Separate fpc not needed for
    # bootstrap") and BRR ("fpc not available for this type") weights. Each refused here, saying what to give
    e = G[f"set{k}"]
    assert e["refused"]["jkn_no_rscales"]["error"].startswith("Must provide rscales")
    W = np.array(e["jkn_fpc_fraction"]["repweights"], dtype=float)
    frame, cols = with_reps(k, W)
    f = r(e["jkn_fpc_fraction"]["fpc"])
    rs = e["jkn_mult"]["rscales"]
    Wb = np.array(e["boot_avg"]["repweights"], dtype=float)
    fb, cb = with_reps(k, Wb)
    for call, fix in ((lambda: D.replicate_design(frame, cols, type="JKn", weights="w"), "(n_h-1)/n_h"),
                      (lambda: D.replicate_design(frame, cols, type="JKn", weights="w", rscales=rs, fpc=f), "fpctype"),
                      (lambda: D.replicate_design(fb, cb, type="bootstrap", weights="w", fpc=0.1, fpctype="fraction"),
                       "Leave fpc out"),
                      (lambda: D.replicate_design(fb, cb[:4], type="BRR", weights="w", fpc=0.1, fpctype="fraction"),
                       "leave it out")):
        with pytest.raises(D.DesignError) as err:
            call()
        assert fix in str(err.value) and zh_en(str(err.value)) and err.value.exit_code == 3


def test_bad_fpc_and_bootstrap_average_are_refused_in_both_languages():
    f = pd.DataFrame({"y": [1.0, 2, 3], "w": 1.0, "r1": [0, 1.5, 1.5], "r2": [1.5, 0, 1.5], "r3": [1.5, 1.5, 0]})
    reps = ["r1", "r2", "r3"]
    for kw, what in (({"fpc": [0.1, 0.2], "fpctype": "fraction"}, "one per"),       # neither one nor one a replicate
                     ({"fpc": 1.5, "fpctype": "fraction"}, "between 0 and 1"),
                     ({"fpc": [0.1, np.nan, 0.1], "fpctype": "correction"}, "between 0 and 1"),
                     ({"fpc": 0.1, "fpctype": "fractions"}, "fpctype"),
                     ({"fpctype": "fraction"}, "without fpc"),
                     ({"bootstrap_average": 4}, "type bootstrap only")):
        with pytest.raises(D.DesignError, match=what) as err:
            D.replicate_design(f, reps, type="JK1", weights="w", **kw)
        assert zh_en(str(err.value))
    for kw in ({"bootstrap_average": 0}, {"bootstrap_average": "x"}, {"bootstrap_average": 4, "scale": 0.5}):
        with pytest.raises(D.DesignError) as err:
            D.replicate_design(f, reps, type="bootstrap", weights="w", **kw)
        assert zh_en(str(err.value))
    # agreeing values pass: scale = bootstrap_average / (R - 1)
    assert D.replicate_design(f, reps, type="bootstrap", weights="w", bootstrap_average=4, scale=2.0).scale == 2.0
    # one fpc for every replicate (R wants one per replicate: rep(f, R) is the same)
    a = D.replicate_design(f, reps, type="JK1", weights="w", fpc=0.25, fpctype="fraction")
    b = D.replicate_design(f, reps, type="JK1", weights="w", fpc=[0.25] * 3, fpctype="fraction")
    np.testing.assert_array_equal(a.rscales, b.rscales)
    np.testing.assert_allclose(a.rscales, 0.75, rtol=1e-15)


def test_jkn_multipliers_that_are_no_jackknife_are_refused_not_guessed():
    # R guesses rscales = 1 / max(multipliers) for any multipliers; where a column is not 0 / n_h/(n_h-1) / 1 (a firm
    # that adjusted each replicate again, say) that is no (n_h - 1)/n_h, so the delivery must say its rscales
    f = pd.DataFrame({"y": [1.0, 2, 3, 4], "w": 2.0, "r1": [0, 2.0, 1, 1], "r2": [2.0, 0, 1, 1],
                      "r3": [1, 1, 0, 2.0], "r4": [1.02, 0.98, 2.0, 0]})
    with pytest.raises(D.DesignError, match="r4") as err:
        D.replicate_design(f, ["r1", "r2", "r3", "r4"], type="JKn", weights="w", combined_weights=False)
    assert zh_en(str(err.value)) and "rscales" in str(err.value)
    f["r4"] = [1, 1, 2.0, 0]
    with pytest.warns(RuntimeWarning, match="guessing"):
        des = D.replicate_design(f, ["r1", "r2", "r3", "r4"], type="JKn", weights="w", combined_weights=False)
    np.testing.assert_allclose(des.rscales, 0.5, rtol=1e-15)


class _CountingColumns(np.ndarray):
    """Replicate weights that count how often they are indexed (a per-replicate loop indexes them per replicate)."""
    reads = 0

    def __getitem__(self, item):
        _CountingColumns.reads += 1
        return super().__getitem__(item)


@pytest.mark.parametrize("st", ["F", "Chisq", "lincom"])
def test_svychisq_on_replicates_takes_them_in_one_product_numbers_unchanged(st):
    # the replicates' cell proportions in one matrix product (the old code indexed the weights twice a replicate);
    # the statistic unchanged to 1e-12 against the loop it replaced, and R's to 1e-10
    from dataclasses import replace
    des = design(1, "jkn")
    R = des.repweights
    _CountingColumns.reads = 0
    c = D.svychisq(replace(des, repweights=R.view(_CountingColumns)), "win", "b", statistic=st)
    assert _CountingColumns.reads < 10 < 2 * R.shape[1]
    # the loop it replaced: (R[:, j] * P).sum(0) / R[ok, j].sum() for each replicate j
    f = des.frame
    ok = (f["win"].notna() & f["b"].notna()).to_numpy()
    P = pd.get_dummies(f["b"].astype(str) + "|" + f["win"].astype(str)).to_numpy(float)
    loop = np.array([(R[:, j][:, None] * P).sum(0) / R[ok, j].sum() for j in range(R.shape[1])])
    np.testing.assert_allclose((R.T @ P) / R[ok].sum(0)[:, None], loop, rtol=1e-12, atol=1e-15)
    assert np.isfinite(c["value"]).all()


def test_a_domain_rank_is_computed_once_per_weights_and_domain(monkeypatch):
    # R's degf of subset(design, ...): the QR rank of the domain's rows of the replicate weights. Kept per weights
    # array and row mask: asked again (another proportion, quantile or group of the same domain) it is not recomputed;
    # other rows, or new weights, or weights written into, are
    calls = []
    real = D._qr_rank
    monkeypatch.setattr(D, "_qr_rank", lambda A: calls.append(A.shape) or real(A))
    des = design(1, "jkn")
    n0 = len(calls)
    am = (des.frame["b"] == "am").to_numpy()
    first = D._domain_df_nrow(des, am)
    for _ in range(3):
        assert D._domain_df_nrow(des, am) == first
    assert len(calls) == n0 + 1
    D.svyciprop(des, "sat", by="b", method="logit")
    D.svyciprop(des, "sat", by="b", method="beta")
    after = len(calls)
    D.svyciprop(des, "sat", by="b", method="logit")
    assert len(calls) == after
    w1 = (des.frame["win"] == "W1").to_numpy()
    D._domain_df_nrow(des, w1)
    D._domain_df_nrow(des, w1)
    assert len(calls) == after + 1 and calls[-1][0] == w1.sum()
    des.repweights[am, 0] *= 1.0000001         # a caller writing into the weights gets ranks of what is there now
    D._domain_df_nrow(des, am)
    assert calls[-1][0] == am.sum() and len(calls) > after


@pytest.mark.parametrize("k", SETS)
@pytest.mark.parametrize("kind", ["lin_fpc", "jkn_fpc_fraction", "boot_avg"])
@pytest.mark.parametrize("cf", ["linear", "raking", "logit"])
def test_calibrate_with_bounds_on_fpc_and_replicate_designs(k, kind, cf):
    # calibrate(des, ~win + b, pop, calfun = cf, bounds = BOUNDS, compress = FALSE on replicates): svymean(~s),
    # svytotal(~s), svyratio(~s, ~tm), svyby(~s, ~win + b, cd, svymean, na.rm = TRUE)
    g = G[f"set{k}"][kind][f"cal_{cf}"]
    des = design(k, kind)
    pop = G[f"set{k}"][kind]["cal_population"]
    bounds = tuple(G[f"set{k}"][kind]["cal_linear"]["bounds"])
    if "error" in g:
        # R's grake stops on a replicate whose logit adjustments overflow ("missing value where TRUE/FALSE needed");
        # refused here, saying which replicate and what to do (the old code kept its NaN weights and dropped the
        # replicate from every variance as "no weight in a domain")
        assert cf == "logit" and kind != "lin_fpc" and g["error"] == "missing value where TRUE/FALSE needed"
        with pytest.raises(D.DesignError, match="replicate") as err:
            D.calibrate(des, ["win", "b"], pop, calfun=cf, bounds=bounds)
        assert zh_en(str(err.value)) and "widen the bounds" in str(err.value) and err.value.exit_code == 3
        return
    assert tuple(g["bounds"]) == bounds
    cd = D.calibrate(des, ["win", "b"], pop, calfun=cf, bounds=bounds)
    gr = cd.weights / des.weights
    close([gr.min(), gr.max()], g["g_range"])
    m, t, q = D.svymean(cd, "s"), D.svytotal(cd, "s"), D.svyratio(cd, "s", "tm")
    close(m["mean"], g["est"])
    close(m["se"], g["se"])
    close(t["total"], g["total"])
    close(t["se"], g["total_se"])
    close(q["ratio"], g["ratio"])
    close(q["se"], g["ratio_se"])
    b = keyed(D.svymean(cd, "s", by=["win", "b"]))
    close(b.loc[g["by_key"], "mean"], g["by_est"])
    close(b.loc[g["by_key"], "se"], g["by_se"])


def test_a_replicate_logit_calibration_that_overflows_is_refused_not_dropped_from_the_variance():
    # the same bootstrap columns declared without bootstrap.average (the scale does not enter the calibration): R's
    # calibrate(rb, ~win + b, pop, calfun = "logit", bounds = c(0.8, 1.19), compress = FALSE) stops at a replicate; the
    # old code kept that replicate's NaN weights and svymean then dropped it from the variance, warning of "no weight
    # in a domain"
    e = G["set1"]["boot_avg"]
    assert e["cal_logit"]["error"] == "missing value where TRUE/FALSE needed"
    frame, cols = with_reps(1, np.array(e["repweights"], dtype=float))
    des = D.replicate_design(frame, cols, type="bootstrap", weights="w")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(D.DesignError, match="replicate") as err:
            D.calibrate(des, ["win", "b"], e["cal_population"], calfun="logit", bounds=tuple(e["cal_linear"]["bounds"]))
    assert zh_en(str(err.value)) and err.value.exit_code == 3
