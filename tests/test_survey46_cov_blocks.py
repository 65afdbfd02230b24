"""svymean(..., covmat=True) by window builds only each window's block of the covariance; the whole matrix is built
when it is read (survey46).

Before, ``svymean(..., by="window_id", covmat=True)`` built the whole (windows x variables)^2 matrix (2,000 x 2,000 at
1,000 windows, ~10 s of CPU at 200,000 respondents) although the net promoter score's contrast (a window's promoters
against its own detractors) needs only the 2 x 2 block of each window; and pandas deep-copied that 32 MB matrix in
``attrs`` into every table or column taken from the table. Now ``attrs["vcov"]`` holds the blocks and builds the
whole matrix the first time it is read as an array; copying it shares it. The numbers are the whole matrix's (R's
``vcov(svyby(..., covmat = TRUE))``, pinned against R in tests/test_survey15_r.py, test_survey16_r.py, ...).
"""
import copy

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def frame(seed=46, n=400, windows=12):
    rng = np.random.default_rng(seed)
    f = pd.DataFrame({"h": rng.integers(0, 4, n), "w": rng.uniform(1, 5, n),
                      "win": [f"W{i:02d}" for i in rng.integers(0, windows, n)],
                      "x": rng.integers(0, 11, n).astype(float), "y": rng.normal(3, 1, n)})
    f["psu"] = f["h"] * 10 + rng.integers(0, 5, n)
    f.loc[rng.uniform(size=n) < 0.1, "x"] = np.nan
    f.loc[f["win"] == "W03", "y"] = np.nan                 # a window where nobody answered y: NaN row and column
    for k in range(4):
        f[f"r{k}"] = np.where(f["h"] == k, 0.0, f["w"] * 4 / 3)
    return f


def designs():
    f = frame()
    yield D.svydesign(f, ids="psu", strata="h", weights="w")
    yield D.svydesign(f, ids="psu", strata="h", weights="w", lonely_psu="average")
    yield D.replicate_design(f, [f"r{k}" for k in range(4)], type="JKn", weights="w", rscales=[0.75] * 4)


@pytest.mark.parametrize("kind", ["mean", "total"])
@pytest.mark.parametrize("k", range(3))
def test_the_blocks_are_the_whole_matrix_s_blocks(kind, k):
    des = list(designs())[k]
    fn = D.svymean if kind == "mean" else D.svytotal
    t = fn(des, ["x", "y"], by="win", covmat=True)
    cov = t.attrs["vcov"]
    assert not cov.built                                    # nothing but the blocks so far
    B = cov.blocks.copy()
    V = np.asarray(cov)                                     # read as an array: the whole matrix, built now
    assert cov.built and V.shape == (2 * 12, 2 * 12)
    for g in range(12):
        np.testing.assert_allclose(B[g], V[2 * g:2 * g + 2, 2 * g:2 * g + 2], rtol=1e-12, atol=1e-15)
    if kind == "mean":
        assert np.isnan(B[3][1]).all() and np.isnan(V[7]).all()    # W03's y: no estimate, no covariance


def test_net_promoter_by_window_reads_the_blocks_only(monkeypatch):
    des = next(designs())
    want = D.net_promoter(des, "x", by="win")
    monkeypatch.setattr(D._Cov, "full", lambda self: pytest.fail("the whole matrix was built"))
    got = D.net_promoter(des, "x", by="win")
    pd.testing.assert_frame_equal(got, want)


def test_a_contrast_within_windows_from_the_blocks_equals_the_whole_matrix_s():
    des = next(designs())
    t = D.svymean(des, ["x", "y"], by="win", covmat=True)
    c = {f"{g}": np.eye(24)[2 * g] - np.eye(24)[2 * g + 1] for g in range(12)}
    blocks = D.svycontrast(t, c)
    assert not t.attrs["vcov"].built
    t2 = t.copy()
    t2.attrs["vcov"] = np.asarray(t.attrs["vcov"]).copy()   # a plain matrix, as a user may put there
    whole = D.svycontrast(t2, c)
    np.testing.assert_allclose(blocks[["estimate", "se"]], whole[["estimate", "se"]], rtol=1e-12)
    # a contrast across windows reads the whole matrix; sorted, each row keeps its own variance
    across = D.svycontrast(t.sort_values("mean"), {"W01 - W00": {"W01:x": 1, "W00:x": -1}})
    V = np.asarray(t.attrs["vcov"])
    assert across["se"].iloc[0] == pytest.approx(np.sqrt(V[2, 2] + V[0, 0] - 2 * V[0, 2]), rel=1e-12)


def test_tables_taken_from_the_table_share_the_covariance():
    t = D.svymean(next(designs()), ["x"], by="win", covmat=True)
    cov = t.attrs["vcov"]
    assert t[["win", "mean"]].attrs["vcov"] is cov and t["mean"].attrs["vcov"] is cov
    assert t.sort_values("mean").attrs["vcov"] is cov and copy.deepcopy(t).attrs["vcov"] is cov
    assert t["mean"].attrs["vcov_rows"] is t.attrs["vcov_rows"]      # the rows' keys (~30 ms a copy) shared too
    with pytest.raises(ValueError):
        np.asarray(cov)[0, 0] = 1.0                          # shared, so read-only


def test_a_table_with_its_covariance_pickles_and_the_nps_table_carries_none():
    import pickle
    des = next(designs())
    t = D.svymean(des, ["x", "y"], by="win", covmat=True)
    u = pickle.loads(pickle.dumps(t))          # the blocks' builder is a closure: pickled as the whole matrix
    np.testing.assert_array_equal(np.asarray(u.attrs["vcov"]), np.asarray(t.attrs["vcov"]))
    pd.testing.assert_frame_equal(D.svycontrast(u, {"a": {"W01:x": 1, "W00:x": -1}}),
                                  D.svycontrast(t, {"a": {"W01:x": 1, "W00:x": -1}}))
    assert "vcov" not in D.net_promoter(des, "x", by="win").attrs      # the shares' matrix is not the scores'
