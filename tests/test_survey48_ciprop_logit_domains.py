"""svyciprop(method="logit"/"likelihood") by window and satisfaction_rate(method="logit") by window: the glm fit,
the negative-weight check and the influence values of every (window, column) at once (survey48).

Before, svyciprop built a mask of all rows for each (window, column) twice (the negative-weight check, the fit) and
a dense rows x domains matrix of influence values; estimate._logit_by_glm did the same. Now the fit is
estimate._glm_logit_means (bincounts by domain, each domain's own glm.fit iteration and stopping rule) and the
influence values are sparse. The numbers are those of the per-window reference below (the old loop) to 1e-12, on
random designs with strata, PSUs, an fpc, weight-0 rows, NaNs, a window unanswered, all-1 windows and replicates.
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S
from windoweval.survey import estimate as E
from windoweval.survey.design import DesignError


def _frame(seed=5, n=2500, G=40):
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({"h": rng.integers(0, 6, n), "window": rng.integers(0, G, n).astype(str),
                      "w": rng.uniform(0.5, 3, n), "y": (rng.uniform(size=n) < 0.7).astype(float),
                      "z": (rng.uniform(size=n) < 0.4).astype(float)})
    f["c"] = f["h"] * 1000 + rng.integers(0, 30, n)
    f["N"] = 200.0 + 10 * f["h"]
    f.loc[rng.uniform(size=n) < 0.1, "y"] = np.nan
    f.loc[rng.uniform(size=n) < 0.2, "z"] = np.nan
    f.loc[rng.uniform(size=n) < 0.05, "w"] = 0.0
    f.loc[f["window"] == "7", "y"] = np.nan      # a window with no answer to y
    f.loc[f["window"] == "3", "z"] = 1.0         # a window all 1 (logit fits it ~2e-11 from the edge)
    f.loc[rng.uniform(size=n) < 0.02, "window"] = None
    return f


def _reference(design, cols, by):
    """The per-window loop svyciprop(method="logit") ran before survey48: mean, variance on the logit scale."""
    t = S._estimate(design, cols, by, "mean", 0.95, False)
    V = S._values(design, cols).to_numpy()
    g, labels, _ = S._groups(design, by)
    w, M = design.weights, V.shape[1]
    K = len(labels) * M
    nrow = (S._domains_df_nrow(design, V, g, len(labels))[1] if design.repweights is None else
            [S._domain_df_nrow(design, (g == k // M) & ~np.isnan(V[:, k % M]))[1] for k in range(K)])
    mu = t["mean"].to_numpy().copy()
    b0 = np.full(K, np.nan)
    X = np.zeros((len(V), K))
    dom = []
    for k in range(K):
        ok = (g == k // M) & ~np.isnan(V[:, k % M])
        dom.append(ok)
        if 0 <= mu[k] <= 1:
            b0[k], mu[k], _ = E._glm_logit_mean(V[ok, k % M], w[ok], nrow[k], info=True)
        X[:, k] = np.where(ok, w * (np.where(ok, V[:, k % M], 0.0) - mu[k]) / w[ok].sum(), 0.0)
    if design.repweights is None:
        return mu, b0, S._var_taylor(design, X, np.column_stack(dom)) / (mu * (1 - mu)) ** 2
    var_l = np.full(K, np.nan)
    for k, ok in enumerate(dom):
        if 0 < mu[k] < 1:
            br = E._glm_logit_coefs(V[ok, k % M], design.repweights[ok], b0[k])
            var_l[k] = S._rep_vcov(design, b0[k:k + 1], br[:, None])[0, 0]
    return mu, b0, var_l


def _designs(seed):
    f = _frame(seed)
    lin = S.svydesign(f, ids="c", strata="h", weights="w", fpc="N")
    rng = np.random.default_rng(seed + 100)
    reps = [f"r{i}" for i in range(20)]
    for r in reps:
        f[r] = f["w"] * rng.choice([0.0, 1.0, 2.0], size=len(f))
    rep = S.replicate_design(f, reps, type="bootstrap", weights="w")
    return lin, rep


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("kind", ["linearised", "replicate"])
def test_logit_by_window_as_the_per_window_loop(seed, kind):
    d = _designs(seed)[kind == "replicate"]
    t = S.svyciprop(d, ["y", "z"], by="window", method="logit")
    mu, b0, var_l = _reference(d, ["y", "z"], "window")
    np.testing.assert_allclose(t["mean"].to_numpy(), mu, rtol=0, atol=1e-12)
    assert np.isnan(t["mean"].to_numpy()).tolist() == np.isnan(mu).tolist()
    # the interval as the per-window mean and variance give it (the package's own _logit_interval / t on b0)
    if kind == "linearised":
        var_p = var_l * (mu * (1 - mu)) ** 2
        lo, hi = E._logit_interval(mu, var_p, t["df"].to_numpy(), 0.95, b0)
    else:
        from windoweval.survey import _dist
        q = _dist.t_ppf(0.975, t["df"].to_numpy())
        with np.errstate(invalid="ignore"):
            lo, hi = 1 / (1 + np.exp(-(b0 - q * np.sqrt(var_l)))), 1 / (1 + np.exp(-(b0 + q * np.sqrt(var_l))))
    np.testing.assert_allclose(t["ci_low"].to_numpy(), lo, rtol=0, atol=1e-12)
    np.testing.assert_allclose(t["ci_high"].to_numpy(), hi, rtol=0, atol=1e-12)
    assert t["ci_low"].notna().sum() > 60


def test_no_fit_per_window(monkeypatch):
    d = _designs(1)[0]
    monkeypatch.setattr(E, "_glm_logit_mean", lambda *a, **k: pytest.fail("a glm fit per window"))
    t = S.svyciprop(d, ["y", "z"], by="window", method="logit")
    assert t["ci_low"].notna().sum() > 60


def test_likelihood_by_window_unchanged():
    """The likelihood interval (still one profile a domain) takes the vectorised fit's rate and working weights."""
    d = S.svydesign(_frame(4, n=600, G=4), ids="c", strata="h", weights="w", fpc="N")
    t = S.svyciprop(d, "y", by="window", method="likelihood")
    mu, _, _ = _reference(d, ["y"], "window")
    np.testing.assert_allclose(t["mean"].to_numpy(), mu, rtol=0, atol=1e-12)
    assert t["ci_low"].notna().all() and (t["ci_low"] < t["mean"]).all() and (t["mean"] < t["ci_high"]).all()


def _with_weight(design, i, value):
    """The design with row ``i``'s weight set (a calibrated design's negative weight, without the calibration)."""
    w = design.weights.copy()
    w[i] = value
    import dataclasses
    return dataclasses.replace(design, weights=w)


def test_a_negative_weight_in_a_window_is_still_refused():
    f = _frame(6)
    i = int(np.flatnonzero(f["y"].notna() & f["window"].notna())[0])
    d = _with_weight(S.svydesign(f, ids="c", strata="h", weights="w"), i, -0.5)
    with pytest.raises(DesignError, match="negative weights"):
        S.svyciprop(d, "y", by="window", method="logit")
    # a negative weight on a row answering neither column is no window's: the fit goes on
    j = int(np.flatnonzero(f["y"].isna() & f["z"].isna())[0])
    d = _with_weight(S.svydesign(f, ids="c", strata="h", weights="w"), j, -0.5)
    t = S.svyciprop(d, ["y", "z"], by="window", method="logit")
    assert t["mean"].notna().sum() > 60


def _delivery(seed=2):
    from windoweval.demo import survey as demo
    df = demo.generate_delivery("hospital_window", 2025, [f"HW{i:02d}" for i in range(1, 13)], n_per_window=40,
                                seed=seed)
    rng = np.random.default_rng(seed)
    df.loc[rng.uniform(size=len(df)) < 0.1, "overall"] = np.nan
    df.loc[df["window_id"] == "HW03", "overall"] = 5          # a window all satisfied
    return df


def _rate_reference(design, by):
    """The per-window loop estimate._logit_by_glm ran before survey48 (``design`` one satisfaction_rate has used)."""
    ins = E.load_instrument("hospital_window")
    ind = E.satisfied_indicators(design.frame, ins, None)
    Y = ind.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    g, labels = design._groups[tuple(E._by_list(by))]
    K, M = len(labels) * Y.shape[1], Y.shape[1]
    glm, b0 = np.full(K, np.nan), np.full(K, np.nan)
    for k in range(K):
        rows = (g == k // M) & ~np.isnan(Y[:, k % M])
        if rows.any():
            y, w = Y[rows, k % M], design.weight[rows]
            mean = (w * y).sum() / w.sum()
            b0[k], glm[k], _ = E._glm_logit_mean(y, w, rows.sum(), info=True) if 0 <= mean <= 1 else (np.nan, mean, 0)
    return glm, b0


@pytest.mark.parametrize("seed", [2, 7])
def test_satisfaction_rate_logit_by_window_as_the_per_window_loop(seed):
    design = E._design_of(_delivery(seed), "fail")
    t = E.satisfaction_rate(design, "hospital_window", by="window_id", method="logit")
    glm, _ = _rate_reference(design, "window_id")
    assert len(glm) == 12 and np.isfinite(glm).all()
    np.testing.assert_allclose(t["rate"].to_numpy(), glm, rtol=0, atol=1e-12)
    assert t["ci_low"].notna().all() and (t["ci_low"] <= t["rate"]).all()


def test_satisfaction_rate_logit_fits_no_window_alone(monkeypatch):
    df = _delivery(2)
    before = E.satisfaction_rate(df, "hospital_window", by="window_id", method="logit")
    monkeypatch.setattr(E, "_glm_logit_mean", lambda *a, **k: pytest.fail("a glm fit per window"))
    t = E.satisfaction_rate(df, "hospital_window", by="window_id", method="logit")
    pd.testing.assert_frame_equal(t, before)
