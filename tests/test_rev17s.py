"""Review of survey17 (merged as ec1884b): defects confirmed against R 4.2.2 / survey 4.1.1 and fixed.

R figures are pinned in comments (the R calls); no R is needed at test time.
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from windoweval.survey.design import DesignError, degf, replicate_design, svymean

# R: d <- data.frame(y=c(1,4,2,8), w=1, r1=c(2,0,2,0), r2=c(0,2,0,2), r3=c(2,0,0,2), r4=c(0,2,2,0))
BRR = pd.DataFrame(dict(y=[1.0, 4, 2, 8], w=1.0, r1=[2.0, 0, 2, 0], r2=[0.0, 2, 0, 2], r3=[2.0, 0, 0, 2],
                        r4=[0.0, 2, 2, 0]))
COLS = ["r1", "r2", "r3", "r4"]


def test_cached_rank_follows_weights_changed_in_place():
    """design.py:136 (``_rep_rank``): the rank cache keyed on the array's identity only, so after a caller wrote into
    ``design.repweights`` (a public, mutable numpy array) ``degf`` returned the rank of the old contents (5 for a
    6-replicate JK1 whose replicates 2 and 3 had been made copies of replicate 1). Right: the rank of what is there,
    R's ``qr(cbind(r1, r1, r1, r4, r5, r6), tol = 1e-5)$rank - 1`` = 3. The cache also checks a digest of the bytes.
    Fails on the code before: 1 (this test)."""
    f = pd.DataFrame({"y": np.arange(6.0), "w": 1.0})
    for j in range(6):
        f[f"r{j}"] = np.where(np.arange(6) == j, 0.0, 1.2)
    d = replicate_design(f, "r", type="JK1", weights="w")
    assert degf(d) == 5                   # R: qr(matrix(1.2, 6, 6) - diag(1.2, 6), tol = 1e-5)$rank - 1 = 5
    d.repweights[:, 1] = d.repweights[:, 0]
    d.repweights[:, 2] = d.repweights[:, 0]
    assert degf(d) == 3
    assert degf(d) == D._qr_rank(d.repweights) - 1
    d.repweights[:, 1] = 1.2 * (np.arange(6) != 1)       # back: the cache must follow again
    d.repweights[:, 2] = 1.2 * (np.arange(6) != 2)
    assert degf(d) == 5


def test_brr_rscales_used_as_r_does():
    """design.py:492 (survey17's contradiction check): BRR's given ``rscales`` were refused as a contradiction ("R's
    svrepdesign ignores the given value"), but R's svrepdesign.default fixes only BRR's *scale*
    (``scale <- 1/ncol(repweights)``) and keeps the rscales, which svrVar uses. Right: use them, as R.
    R: SE(svymean(~y, svrepdesign(data=d, repweights=d[,3:6], weights=~w, type="BRR", combined.weights=TRUE,
    rscales=c(0.5,1,1,0.5)))) = 1.45236875482778; without rscales 1.67705098312484.
    Fails on the code before: 1 (this test)."""
    se = svymean(replicate_design(BRR, COLS, weights="w", type="BRR", rscales=[0.5, 1, 1, 0.5]), "y").loc[0, "se"]
    assert se == pytest.approx(1.45236875482778, rel=1e-12)
    se1 = svymean(replicate_design(BRR, COLS, weights="w", type="BRR"), "y").loc[0, "se"]
    assert se1 == pytest.approx(1.67705098312484, rel=1e-12)


def test_fay_one_rscales_used_and_recycled_as_r_does():
    """design.py:492: Fay's given ``rscales`` were refused the same way; R keeps them (and svrVar recycles a single
    value). R: SE(svymean(~y, svrepdesign(data=d, repweights=d[,3:6], weights=~w, type="Fay", rho=0.5,
    combined.weights=TRUE, rscales=0.5))) = 2.37170824512628. Fails on the code before: 1 (this test)."""
    se = svymean(replicate_design(BRR, COLS, weights="w", type="Fay", fay_rho=0.5, rscales=0.5), "y").loc[0, "se"]
    assert se == pytest.approx(2.37170824512628, rel=1e-12)


@pytest.mark.parametrize("t", ["BRR", "Fay", "successive-difference", "ACS", "JK2"])
def test_fixed_scale_still_refused(t):
    """Not a defect, kept: a scale these types fix, given different, is refused in both languages."""
    with pytest.raises(DesignError, match="fixes scale") as e:
        replicate_design(BRR, COLS, weights="w", type=t, fay_rho=0.5, scale=7.0)
    assert "由方法确定" in str(e.value)


@pytest.mark.parametrize("t", ["successive-difference", "ACS", "JK2"])
def test_fixed_rscales_still_refused(t):
    """Not a defect, kept: successive-difference, ACS and JK2 fix rscales (R: ``rscales <- rep(1, ncol)``)."""
    with pytest.raises(DesignError, match="fixes rscales"):
        replicate_design(BRR, COLS, weights="w", type=t, rscales=[0.5, 1, 1, 1])


@pytest.mark.parametrize("kw", [dict(type="other", scale="x", rscales=1), dict(type="JK1", scale="abc"),
                                dict(type="BRR", scale="abc"), dict(type="JK1", scale=[1.0, 2.0])])
def test_non_numeric_scale_refused_not_a_traceback(kw):
    """design.py:507 (``sc = float(scale)``) and :495 (``np.asarray(given, dtype=float)``): a scale that is not a
    number raised numpy's/Python's ValueError ("could not convert string to float") instead of the package's
    DesignError in both languages (two values gave TypeError). Right: DesignError naming scale, Chinese and English.
    Fails on the code before: 4 (the four parameters: 3 ValueError, 1 TypeError)."""
    with pytest.raises(DesignError, match="scale") as e:
        replicate_design(BRR, COLS, weights="w", **kw)
    assert "scale" in str(e.value) and any("\u4e00" <= ch <= "\u9fff" for ch in str(e.value))


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_rank_of_non_finite_weights_refused(bad):
    """design.py:162 (``_qr_rank``): a NaN or infinite replicate weight (a design built directly, or weights an
    adjustment left undefined) was counted: the NaN column never fell below the tolerance, so ``degf`` was the full
    rank (2 here). R stops: ``qr(matrix(c(1, NaN, 2, 3, 4, 5), 3, byrow = TRUE), tol = 1e-5)`` gives "NA/NaN/Inf in
    foreign function call (arg 1)". Right: a DesignError naming row and replicate, in both languages.
    Fails on the code before: 2 (nan, inf)."""
    A = np.array([[1.0, bad], [2.0, 3.0], [4.0, 5.0]])
    with pytest.raises(DesignError, match="row 1, replicate 2") as e:
        D._qr_rank(A)
    assert "第 1 行" in str(e.value)
    d = D.SurveyDesign(pd.DataFrame({"y": [1.0, 2, 3]}), np.ones(3), (), "fail", repweights=A, scale=1.0,
                       rscales=np.ones(2))
    with pytest.raises(DesignError):
        degf(d)


def test_jk1_multipliers_scale_guessed_as_r():
    """design.py:472 (JK1 branch, before survey17 and kept by it): with ``combined_weights=False`` and no scale, the
    scale was ``(R-1)/R`` from the number of replicates; R's svrepdesign guesses ``1/max(repweights[, 1])`` from the
    first replicate's multipliers (with a warning), which differs when the multipliers carry an adjustment.
    R: d <- data.frame(y=c(1,4,2,8,5), w=c(2,1,3,1,2), m1=c(0,1.3,1.2,1.25,1.25), m2=c(1.25,0,1.25,1.25,1.25),
    m3=c(1.25,1.25,0,1.25,1.25), m4=c(1.25,1.25,1.25,0,1.25));
    a <- svrepdesign(data=d, repweights=d[,3:6], weights=~w, type="JK1", combined.weights=FALSE)
    a$scale = 0.769230769230769; SE(svymean(~y,a)) = 0.944858237628113; SE(svytotal(~y,a)) = 4.844306729791961.
    Fails on the code before: 1 (this test: 0.75, 0.93297...)."""
    d = pd.DataFrame(dict(y=[1.0, 4, 2, 8, 5], w=[2.0, 1, 3, 1, 2], m1=[0, 1.3, 1.2, 1.25, 1.25],
                          m2=[1.25, 0, 1.25, 1.25, 1.25], m3=[1.25, 1.25, 0, 1.25, 1.25], m4=[1.25, 1.25, 1.25, 0, 1.25]))
    with pytest.warns(RuntimeWarning, match="guessing from weights"):
        x = replicate_design(d, ["m1", "m2", "m3", "m4"], type="JK1", weights="w", combined_weights=False)
    assert x.scale == pytest.approx(0.769230769230769, rel=1e-13)
    assert svymean(x, "y").loc[0, "se"] == pytest.approx(0.944858237628113, rel=1e-12)
    assert D.svytotal(x, "y").loc[0, "se"] == pytest.approx(4.844306729791961, rel=1e-12)
    y = replicate_design(d, ["m1", "m2", "m3", "m4"], type="JK1", weights="w", combined_weights=False, scale=0.75)
    assert y.scale == 0.75                                  # a given scale is used, as R's
