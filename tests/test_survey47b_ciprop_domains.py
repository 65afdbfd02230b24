"""svyciprop by window on a linearised design: every window's degrees of freedom and rows at once (survey47b).

Before, :func:`svyciprop` called ``_domain_df_nrow`` once per (window, column), a pass over all rows each; now
``_domains_df_nrow`` takes them all at once, the numbers those of the per-domain function (to 1e-12)."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S


def _frame(seed=3, n=3000, G=60):
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({"h": rng.integers(0, 8, n), "window": rng.integers(0, G, n).astype(str),
                      "w": rng.uniform(0.5, 3, n), "y": (rng.uniform(size=n) < 0.7).astype(float),
                      "z": (rng.uniform(size=n) < 0.4).astype(float)})
    f["c"] = f["h"] * 1000 + rng.integers(0, 40, n)
    f.loc[rng.uniform(size=n) < 0.1, "y"] = np.nan
    f.loc[rng.uniform(size=n) < 0.2, "z"] = np.nan
    f.loc[rng.uniform(size=n) < 0.05, "w"] = 0.0
    f.loc[f["window"] == "7", "y"] = np.nan      # a window with no answer to y
    f.loc[rng.uniform(size=n) < 0.02, "window"] = None
    return f


def test_ciprop_by_window_takes_no_pass_per_window(monkeypatch):
    d = S.svydesign(_frame(), ids="c", strata="h", weights="w")
    monkeypatch.setattr(S, "_domain_df_nrow", lambda *a, **k: pytest.fail("a pass over the rows per window"))
    t = S.svyciprop(d, ["y", "z"], by="window")
    assert len(t) == 2 * 60 and t["df"].notna().all()


@pytest.mark.parametrize("method", ["beta", "logit", "xlogit"])
def test_degrees_of_freedom_and_interval_as_per_window(method):
    d = S.svydesign(_frame(), ids="c", strata="h", weights="w")
    t = S.svyciprop(d, ["y", "z"], by="window", method=method)
    V = S._values(d, ["y", "z"]).to_numpy()
    g, labels, _ = S._groups(d, "window")
    per = [S._domain_df_nrow(d, (g == gi) & ~np.isnan(V[:, j])) for gi in range(len(labels)) for j in range(2)]
    df, nrow = S._domains_df_nrow(d, V, g, len(labels))
    assert df.tolist() == [p[0] for p in per] and nrow.tolist() == [p[1] for p in per]
    assert np.array_equal(t["df"].to_numpy(), np.array([p[0] for p in per]))
    # the interval from those df and rows: Korn-Graubard's own, as the per-window df and rows give it
    if method == "beta":
        from windoweval.survey.estimate import proportion_ci
        lo, hi = proportion_ci(t["mean"].to_numpy(), t["se"].to_numpy() ** 2, np.array([p[1] for p in per], float),
                               np.array([p[0] for p in per]), method="beta", level=0.95)
        np.testing.assert_allclose(t["ci_low"], lo, rtol=0, atol=1e-12)
        np.testing.assert_allclose(t["ci_high"], hi, rtol=0, atol=1e-12)
