"""survey47, svymean/svytotal by window: the replicate variances and the design effects of every (window, variable)
at once, no longer one Python pass over all the rows per window (design.py's loops over ``range(G * M)``: each
window's replicate totals, its ``_rep_vcov`` and its ``_element_var``); svyratio's replicate variances likewise.
Numbers as before to 1e-14 (checked on 50 windows, Taylor, bootstrap with and without mse, JK1) and as R's.

R 4.2.2 / survey 4.1.1:
  f <- data.frame(h = rep(c("S1", "S2"), each = 8),
        psu = c("P1","P1","P2","P2","P3","P3","P4","P4", "Q1","Q1","Q2","Q2","Q3","Q3","Q4","Q4"),
        w = c(1.5, 2, 0.5, 3, 2.5, 1, 4, 2, 1.2, 0.8, 2.2, 3.1, 1.7, 0.9, 2.6, 1.4),
        win = strsplit("ABCABCABACBACBAC", "")[[1]],
        y = c(3, 4, 5, 2, 4, NA, 5, 1, 3, 3, 4, 2, 5, 4, NA, 3),
        z = c(1.2, 0.4, 2.2, 1.9, 0.7, 1.1, 2.5, 0.3, 1.6, 0.8, 1.3, 2.1, 0.2, 1.5, 1.0, 0.6))
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = f)
  svyby(~y, ~win, des, svymean, na.rm = TRUE, deff = TRUE)        # and deff = "replace"; svytotal; ~z alike
  jk <- as.svrepdesign(des, type = "JKn")                          # rscales 0.75, scale 1
  svyby(~y, ~win, jk, svymean, na.rm = TRUE); svyby(~y, ~win, jk, svytotal, na.rm = TRUE)   # ~z alike
  svyby(~y, ~win, jk, svyratio, denominator = ~z, na.rm = TRUE)
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

F = pd.DataFrame({
    "h": ["S1"] * 8 + ["S2"] * 8,
    "psu": ["P1", "P1", "P2", "P2", "P3", "P3", "P4", "P4", "Q1", "Q1", "Q2", "Q2", "Q3", "Q3", "Q4", "Q4"],
    "w": [1.5, 2, 0.5, 3, 2.5, 1, 4, 2, 1.2, 0.8, 2.2, 3.1, 1.7, 0.9, 2.6, 1.4],
    "win": list("ABCABCABACBACBAC"),
    "y": [3, 4, 5, 2, 4, np.nan, 5, 1, 3, 3, 4, 2, 5, 4, np.nan, 3],
    "z": [1.2, 0.4, 2.2, 1.9, 0.7, 1.1, 2.5, 0.3, 1.6, 0.8, 1.3, 2.1, 0.2, 1.5, 1.0, 0.6]})
RTOL = 1e-10

# R's figures by window A, B, C: (estimate, se, deff, deff replace)
TAYLOR = {
    ("mean", "y"): ([3.1484375, 3.375, 4.0], [0.768073046171148, 0.623800751931682, 0.621858495946398],
                    [2.27183121310780, 2.18837401474701, 12.76136363636362],
                    [1.38439714548757, 1.04859588206628, 1.16012396694215]),
    ("mean", "z"): ([1.852597402597403, 0.766666666666667, 0.744444444444444],
                    [0.256935711953889, 0.150636296171540, 0.210470862971690],
                    [1.859559302214364, 0.996234777668385, 7.504236356159921],
                    [1.135055677975001, 0.477362497632768, 0.555869359715550]),
    ("total", "y"): ([40.3, 32.4, 17.6], [18.29672101771243, 12.64700227985536, 7.60131567559196],
                     [7.86860248284676, 9.76028476989575, 98.48863636363625], None),
    ("total", "z"): ([28.53, 7.36, 4.02], [10.42936719077433, 3.08824653592725, 1.46637875962067],
                     [12.91919827808621, 4.54343062216153, 12.49186676994576], None),
}
JKN = {
    ("mean", "y"): [0.914266837367572, 0.667399498177268, 0.753109307841964],
    ("mean", "z"): [0.284036704949392, 0.159585588562185, 0.227723848445635],
    ("total", "y"): [18.29672101771243, 12.64700227985536, 7.60131567559196],
    ("total", "z"): [10.42936719077433, 3.08824653592725, 1.46637875962067],
}


def _jkn():
    """R's as.svrepdesign(des, type = "JKn"): one replicate a PSU, its rows 0, its stratum's others times 4/3."""
    f = F.copy()
    cols = []
    for p in dict.fromkeys(F["psu"]):
        h = F.loc[F["psu"] == p, "h"].iloc[0]
        c = f"rep_{p}"
        f[c] = np.where(F["psu"] == p, 0.0, np.where(F["h"] == h, F["w"] * 4 / 3, F["w"]))
        cols.append(c)
    return D.replicate_design(f, cols, type="JKn", weights="w", scale=1.0, rscales=np.full(len(cols), 0.75))


@pytest.mark.parametrize("kind,var", list(TAYLOR))
def test_taylor_design_effects_by_window_as_r(kind, var):
    des = D.svydesign(F, ids="psu", strata="h", weights="w")
    t = (D.svymean if kind == "mean" else D.svytotal)(des, var, by="win", deff=True).set_index("win")
    est, se, deff, deff_rep = TAYLOR[(kind, var)]
    np.testing.assert_allclose(t.loc[list("ABC"), kind], est, rtol=RTOL)
    np.testing.assert_allclose(t.loc[list("ABC"), "se"], se, rtol=RTOL)
    np.testing.assert_allclose(t.loc[list("ABC"), "deff"], deff, rtol=RTOL)
    if deff_rep is not None:
        np.testing.assert_allclose(t.loc[list("ABC"), "deff_replace"], deff_rep, rtol=RTOL)


@pytest.mark.parametrize("kind,var", list(JKN))
def test_replicate_standard_errors_by_window_as_r(kind, var):
    t = (D.svymean if kind == "mean" else D.svytotal)(_jkn(), var, by="win").set_index("win")
    np.testing.assert_allclose(t.loc[list("ABC"), kind], TAYLOR[(kind, var)][0], rtol=RTOL)
    np.testing.assert_allclose(t.loc[list("ABC"), "se"], JKN[(kind, var)], rtol=RTOL)


def test_replicate_ratio_by_window_as_r():
    t = D.svyratio(_jkn(), "y", "z", by="win").set_index("win")
    np.testing.assert_allclose(t.loc[list("ABC"), "ratio"], [1.55418434246047, 4.40217391304348, 6.02739726027397],
                               rtol=RTOL)
    np.testing.assert_allclose(t.loc[list("ABC"), "se"], [0.350439695361843, 0.872368443186622, 3.214008936655832],
                               rtol=RTOL)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_no_pass_over_the_rows_per_window(monkeypatch):
    """400 windows: the replicate variances and the design effects take no per-window call (before: one
    ``_rep_vcov`` and one ``_element_var`` per window and variable, each over every row)."""
    rng = np.random.default_rng(47)
    n = 4000
    f = pd.DataFrame({"h": rng.integers(0, 4, n).astype(str), "win": rng.integers(0, 400, n).astype(str),
                      "w": rng.uniform(0.5, 3, n), "y": rng.integers(1, 6, n).astype(float)})
    f["psu"] = f["h"] + "-" + rng.integers(0, 20, n).astype(str)
    calls = {"rep": 0, "elem": 0}
    rep, elem = D._rep_vcov, D._element_var
    monkeypatch.setattr(D, "_rep_vcov", lambda *a, **k: (calls.__setitem__("rep", calls["rep"] + 1), rep(*a, **k))[1])
    monkeypatch.setattr(D, "_element_var",
                        lambda *a, **k: (calls.__setitem__("elem", calls["elem"] + 1), elem(*a, **k))[1])
    t = D.svymean(D.svydesign(f, ids="psu", strata="h", weights="w"), "y", by="win", deff=True)
    assert len(t) == 400 and calls["elem"] == 0
    reps = [f"r{j}" for j in range(40)]
    for j, c in enumerate(reps):
        f[c] = f["w"] * rng.choice([0.0, 2.0], n)
    des = D.replicate_design(f, reps, type="bootstrap", weights="w")
    for fn in (D.svymean, D.svytotal):
        assert len(fn(des, "y", by="win")) == 400
    assert len(D.svyratio(des, "y", "w", by="win")) == 400
    assert calls["rep"] == 0


def test_ratio_covmat_by_window_builds_blocks_and_the_whole_matrix_as_r_when_read():
    """svyratio(covmat=True) by window: each window's own block now, the whole matrix when read (as svymean's since
    survey46); before, the rows x windows matrix and the whole covariance were built on every call.
    R: b <- svyby(~y, ~win, subset(des, !is.na(y)), svyratio, denominator = ~z, covmat = TRUE); vcov(b)
       svycontrast(b, c(1, -1, 0))   # -2.847989570583, SE 0.78004"""
    des = D.svydesign(F, ids="psu", strata="h", weights="w")
    t = D.svyratio(des, "y", "z", by="win", covmat=True)
    V = t.attrs["vcov"]
    assert not V.built                                               # before: the whole matrix, built at once
    np.testing.assert_allclose(t["se"], [0.285917690582212, 0.811979069804929, 2.879145268543861], rtol=RTOL)
    np.testing.assert_allclose(np.asarray(V), [[0.0817489257878653, 0.0662947538842766, 0.312186534376979],
                                               [0.0662947538842766, 0.6593100098012780, -0.151885719403336],
                                               [0.3121865343769787, -0.1518857194033355, 8.289477477378499]],
                               rtol=RTOL)
    c = D.svycontrast(t, {"AB": [1, -1, 0]})
    np.testing.assert_allclose(c["estimate"], [-2.847989570583], rtol=1e-10)
    np.testing.assert_allclose(c["se"], [0.78004], rtol=1e-4)                # R prints 5 digits
