"""Replicate designs by window (survey49): svyvar's replicate path sums each (window, column) over its answered rows
alone (a sparse windows x entries sum), where before every (window, column) made a mask of all rows and five passes
over rows x replicates. The numbers are the per-window reference's below (the old code) to 1e-12; the time no longer
grows with the windows (the scaling test failed before)."""
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S


def _design(seed, kind, n=3000, G=40, R=24):
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, 60, n)
    f = pd.DataFrame({"window": rng.integers(0, G, n).astype(str), "w": rng.uniform(0.5, 3, n),
                      "y": rng.gamma(2.0, 2.0, n), "z": rng.normal(5, 2, n)})
    f.loc[rng.uniform(size=n) < 0.1, "y"] = np.nan
    f.loc[rng.uniform(size=n) < 0.2, "z"] = np.nan
    f.loc[f["window"] == "7", "y"] = np.nan                     # a window with no answer to y
    f.loc[f.index[f["window"] == "9"][1:], "z"] = np.nan         # a window with one answer to z
    f.loc[rng.uniform(size=n) < 0.02, "window"] = None
    if kind == "bootstrap":
        m = rng.poisson(1.0, (60, R)).astype(float)
    else:                                                       # JK1: one PSU out a replicate, the rest scaled up
        m = np.full((60, R), 60 / 59)
        m[np.arange(R), np.arange(R)] = 0.0
    reps = pd.DataFrame(f["w"].to_numpy()[:, None] * m[psu], columns=[f"r{i}" for i in range(R)])
    f = pd.concat([f, reps], axis=1)
    return S.replicate_design(f, list(reps.columns), type=kind, weights="w")


def _reference(design, cols, by):
    """svyvar's replicate code before survey49: a mask of all rows a (window, column)."""
    Y = S._values(design, cols).to_numpy()
    g, labels, _ = S._groups(design, by)
    G, M = len(labels), Y.shape[1]
    dom, cc = [], []
    for gi in range(G):
        for j in range(M):
            dom.append((g == gi) & ~np.isnan(Y[:, j]))
            cc.append(j)
    dom = np.column_stack(dom)
    Y0 = np.where(dom, Y[:, cc], 0.0)
    n = dom.sum(axis=0).astype(float)

    def v(Wt):
        out = np.empty((Wt.shape[1], dom.shape[1]))
        for k in range(dom.shape[1]):
            wk = Wt * dom[:, k][:, None]
            sw = wk.sum(axis=0)
            xb = (wk * Y0[:, k][:, None]).sum(axis=0) / sw
            out[:, k] = n[k] / (n[k] - 1) * (wk * (Y0[:, k][:, None] - xb) ** 2).sum(axis=0) / sw
        return out

    with np.errstate(invalid="ignore", divide="ignore"):
        est = v(design.weights[:, None])[0]
        var = S._per_column_rep_var(design, est, v(design.repweights))
    return est, var


@pytest.mark.parametrize("kind", ["bootstrap", "JK1"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_svyvar_by_window_replicates_equal_the_per_window_code(kind, seed):
    d = _design(seed, kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        t = S.svyvar(d, ["y", "z"], by="window")
        est, var = _reference(d, ["y", "z"], "window")
    assert np.array_equal(np.isnan(t["variance"].to_numpy()), np.isnan(est))
    np.testing.assert_allclose(t["variance"].to_numpy(), est, rtol=1e-12, atol=0)
    se = np.where(t["n"].to_numpy() > 0, np.sqrt(var), np.nan)
    np.testing.assert_allclose(t["se"].to_numpy(), se, rtol=1e-12, atol=0)
    assert t["n"].sum() == int((~np.isnan(d.frame[["y", "z"]].to_numpy()) & d.frame[["window"]].notna().to_numpy()).sum())


def test_svyvar_by_window_replicates_time_does_not_grow_with_windows():
    """Same rows, same replicates: 400 windows cost about what 4 do (before: a pass over every row per window).
    The best of three, against a generous 8x, so that a loaded machine does not decide it."""
    def best(G):
        d = _design(5, "bootstrap", n=20000, G=G, R=80)
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                S.svyvar(d, "y", by="window")
            times.append(time.perf_counter() - t0)
        return min(times)

    few, many = best(4), best(400)
    assert many < 8 * few + 0.05, (few, many)
