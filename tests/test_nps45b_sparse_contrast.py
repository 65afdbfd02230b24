"""nps45b: ``svycontrast`` computed each contrast's variance as ``C V C'`` over every estimate (``einsum("ij,jk,ik->i")``
and two more such products for the NaN checks): with one contrast per window (NPS by window, pro - det) that is
windows x (2 x windows)^2, 4e9 operations and three copies of V at 1,000 windows.  A contrast touches few estimates;
its variance is now taken from those only (``c[nz] V[nz, nz] c[nz]``), the same numbers.  ``net_promoter`` no longer
builds a windows x estimates coefficient matrix either."""
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from windoweval.survey.design import net_promoter, svycontrast, svydesign, svymean


def _dense(coef, V, C):
    """The form it replaced (main before nps45b), kept here as the reference."""
    touched = (C != 0).astype(float)
    with np.errstate(invalid="ignore"):
        est = C @ np.where(np.isnan(coef), 0.0, coef)
        var = np.einsum("ij,jk,ik->i", C, np.where(np.isnan(V), 0.0, V), C)
    bad = ((touched @ np.isnan(coef).astype(float)) > 0) | \
        (np.einsum("ij,jk,ik->i", touched, np.isnan(V).astype(float), touched) > 0)
    with np.errstate(invalid="ignore"):
        return np.where(bad, np.nan, est), np.where(bad, np.nan, np.sqrt(var))


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 9), m=st.integers(1, 7), seed=st.integers(0, 2**32 - 1), nan_rows=st.integers(0, 2))
def test_the_sparse_contrasts_give_the_dense_forms_numbers(n, m, seed, nan_rows):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n + 2))
    V = A @ A.T
    coef = rng.normal(size=n) * 10
    for i in rng.choice(n, size=min(nan_rows, n), replace=False):   # an estimate without a value, as R's NA
        coef[i] = np.nan
        V[i, :] = V[:, i] = np.nan
    C = rng.normal(size=(m, n)) * (rng.uniform(size=(m, n)) < 0.4)  # supports of mixed sizes, some empty
    t = pd.DataFrame({"mean": coef})
    t.attrs["vcov"] = V
    got = svycontrast(t, {f"c{i}": C[i] for i in range(m)})
    est, se = _dense(coef, V, C)
    np.testing.assert_allclose(got.estimate.to_numpy(), est, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got.se.to_numpy(), se, rtol=1e-12, atol=1e-12)
    assert (np.isnan(got.se.to_numpy()) == np.isnan(se)).all()


def test_contrasts_of_several_support_sizes_match_r():
    # R 4.x, survey: des <- svydesign(ids=~psu, strata=~st, weights=~w, data=d, nest=TRUE)
    #   b <- svyby(~y, ~win, des, svymean, covmat=TRUE)
    #   svycontrast(b, list(ba=c(-1,1,0,0), mix=c(.5,.5,-.5,-.5), c=c(0,0,1,0), three=c(1,-2,0,1)))
    d = pd.DataFrame({"win": list("aaabbbcccddd"), "st": "s1 s1 s2 s1 s2 s2 s1 s2 s1 s2 s1 s2".split(),
                      "psu": "p1 p2 p3 p1 p3 p4 p2 p4 p1 p3 p2 p4".split(),
                      "w": [1.5, 2.0, 1.0, 2.5, 1.2, 3.0, 1.1, 2.2, 1.7, 2.9, 1.3, 0.8],
                      "y": [3.0, 5, 4, 6, 2, 7, 1, 8, 5, 9, 2, 6]})
    t = svymean(svydesign(d, ids="psu", strata="st", weights="w"), "y", by="win", covmat=True)
    got = svycontrast(t, {"ba": [-1, 1, 0, 0], "mix": [.5, .5, -.5, -.5], "c": [0, 0, 1, 0], "three": [1, -2, 0, 1]})
    assert got.estimate.tolist() == pytest.approx(
        [1.62023217247097850, -1.14877280265340076, 5.44000000000000039, -0.65157545605306755], rel=1e-12)
    assert got.se.tolist() == pytest.approx(
        [1.4891363248973319, 1.5705366669496541, 1.3975109301898143, 3.9024307009865993], rel=1e-12)


def test_one_contrast_per_window_does_not_copy_the_covariance_matrix():
    n, m = 2000, 1000                        # 1,000 windows, pro and det each: V is 2,000 x 2,000 (32 MB)
    rng = np.random.default_rng(5)
    V = np.diag(rng.uniform(1, 2, n))
    t = pd.DataFrame({"mean": rng.uniform(size=n)})
    t.attrs["vcov"] = V
    cons = {}
    for k in range(m):
        c = np.zeros(n)
        c[2 * k], c[2 * k + 1] = 100.0, -100.0
        cons[str(k)] = c
    tracemalloc.start()
    try:
        got = svycontrast(t, cons)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # pandas copies attrs (V, 32 MB) with ``table[col]``, freed before the contrasts' own matrix (16 MB) is made; the
    # dense form then added a copy of V (np.where, 32 MB), the touched pattern (16 MB) and isnan(V) as floats (32 MB)
    assert peak < 1.5 * V.nbytes, f"peak {peak / 1e6:.0f} MB"
    np.testing.assert_allclose(got.se.to_numpy(), 100 * np.sqrt(np.diag(V)[0::2] + np.diag(V)[1::2]), rtol=1e-12)


def test_net_promoter_by_window_builds_no_windows_by_estimates_matrix(monkeypatch):
    rng = np.random.default_rng(3)
    f = pd.DataFrame({"window_id": np.repeat([f"W{i:03d}" for i in range(300)], 6),
                      "weight": rng.uniform(1, 3, 1800), "x": rng.integers(0, 11, 1800).astype(float)})
    des = svydesign(f, ids=None, strata=None, weights="weight")
    tab = svymean(des, pd.DataFrame({"p": (f.x >= 9).astype(float), "d": (f.x <= 6).astype(float)}),
                  by="window_id", covmat=True)
    seen = []
    real = np.zeros

    def zeros(shape, *a, **k):                 # the old loop: one np.zeros(len(tab)) per window
        seen.append(shape)
        return real(shape, *a, **k)
    import windoweval.survey.design as D
    monkeypatch.setattr(D.np, "zeros", zeros)
    got = net_promoter(des, "x", by="window_id")
    monkeypatch.undo()
    assert sum(1 for s in seen if s == len(tab)) < 10, "a coefficient vector over every estimate per window"
    want = 100 * (tab[tab.variable == "p"]["mean"].to_numpy() - tab[tab.variable == "d"]["mean"].to_numpy())
    np.testing.assert_allclose(got.nps.to_numpy(), want, rtol=1e-12, atol=1e-10)
