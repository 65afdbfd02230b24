"""svyvar by window on a linearised design: every (window, column) at once, keyed by domain, the influence values
sparse (survey48). Before, a mask of all rows for each (window, column) and dense rows x domains matrices (at 100,000
rows x 1,000 windows, 0.8 GB each). The numbers are the per-window reference's below (the old code) to 1e-12."""
import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from windoweval.survey import design as S


def _frame(seed, n=2500, G=40):
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({"h": rng.integers(0, 6, n), "window": rng.integers(0, G, n).astype(str),
                      "w": rng.uniform(0.5, 3, n), "y": rng.gamma(2.0, 2.0, n), "z": rng.normal(5, 2, n)})
    f["c"] = f["h"] * 1000 + rng.integers(0, 30, n)
    f["N"] = 200.0 + 10 * f["h"]
    f.loc[rng.uniform(size=n) < 0.1, "y"] = np.nan
    f.loc[rng.uniform(size=n) < 0.2, "z"] = np.nan
    f.loc[rng.uniform(size=n) < 0.05, "w"] = 0.0
    f.loc[f["window"] == "7", "y"] = np.nan      # a window with no answer to y
    f.loc[f.index[f["window"] == "9"][1:], "z"] = np.nan   # a window with one answer to z
    f.loc[rng.uniform(size=n) < 0.02, "window"] = None
    return f


def _reference(design, cols, by):
    """svyvar's linearised code before survey48: a column a (window, column), dense."""
    Y = S._values(design, cols).to_numpy()
    g, labels, _ = S._groups(design, by)
    G, M = len(labels), Y.shape[1]
    w = design.weights
    dom, ns, cc = [], [], []
    for gi in range(G):
        in_g = g == gi
        for j in range(M):
            dom.append(in_g & ~np.isnan(Y[:, j]))
            cc.append(j)
            ns.append(int((in_g & (w != 0)).sum()))
    dom = np.column_stack(dom)
    Y0 = np.where(dom, Y[:, cc], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.array(ns, dtype=float)
        W = w @ dom
        xbar = (w @ Y0) / W
        Z = np.where(dom, (Y0 - xbar) ** 2 * n / (n - 1), 0.0)
        est = (w @ Z) / W
        X = np.where(dom, w[:, None] * (Z - est) / W, 0.0)
        var = S._var_taylor(design, X, dom)
    return est, np.where(dom.sum(axis=0) > 0, np.sqrt(var), np.nan), dom.sum(axis=0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_svyvar_by_window_as_the_per_window_code(seed):
    d = S.svydesign(_frame(seed), ids="c", strata="h", weights="w", fpc="N")
    t = S.svyvar(d, ["y", "z"], by="window")
    est, se, n = _reference(d, ["y", "z"], "window")
    assert t["n"].tolist() == n.tolist()
    for got, want in ((t["variance"], est), (t["se"], se), (t["ci_low"], est - 1.959963984540054 * se)):
        got = got.to_numpy()
        assert np.isnan(got).tolist() == np.isnan(want).tolist()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    assert t["se"].notna().sum() > 60


def test_svyvar_by_window_builds_no_dense_domain_matrix(monkeypatch):
    d = S.svydesign(_frame(1), ids="c", strata="h", weights="w", fpc="N")
    real = S._var_taylor

    def sparse_only(design, X, dom=None):
        assert sparse.issparse(X) and sparse.issparse(dom), "a dense rows x windows matrix"
        return real(design, X, dom)

    monkeypatch.setattr(S, "_var_taylor", sparse_only)
    assert S.svyvar(d, ["y", "z"], by="window")["se"].notna().sum() > 60
