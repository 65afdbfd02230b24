"""svyolr on replicate weights where a replicate leaves a level of y without weight: refused with a message naming
the replicate and level (was a raw numpy ``LinAlgError: Singular matrix`` traceback).

R (survey 4.1.1), run here, returns numbers that mean nothing (its optim stops anywhere; every SE 0, for the reason
test_every_level_weighted_in_every_replicate_is_fitted gives: its replicate fits read the column named w):

    f <- data.frame(o = c(0,1,2,0,1,2,1,2,0,1,2,1), x = c(2,1,3,3,1.5,2,2.5,1,1.2,3,2.2,2.7), w = 1,
                    r1 = c(0,2,2,0,2,2,2,2,0,2,2,2), r2 = c(2,0,2,2,0,2,2,0,2,0,2,0), r3 = c(2,2,0,2,2,0,0,2,2,2,0,2),
                    r4 = c(2,2,2,0,0,0,2,2,2,0,0,2))      # r1: no weight on o = 0
    f$of <- factor(f$o, ordered = TRUE)
    d <- svrepdesign(data = f, repweights = f[, c("r1","r2","r3","r4")], weights = ~w, type = "BRR")
    m <- svyolr(of ~ x, d); c(coef(m), SE(m))
    #  -0.03854074 -1.17998814 0.61212060   0 0 0
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.survey.design import replicate_design, svyolr

F = pd.DataFrame(dict(o=[0, 1, 2, 0, 1, 2, 1, 2, 0, 1, 2, 1], x=[2, 1, 3, 3, 1.5, 2, 2.5, 1, 1.2, 3, 2.2, 2.7], w=1.0,
                      r1=[0, 2, 2, 0, 2, 2, 2, 2, 0, 2, 2, 2], r2=[2, 0, 2, 2, 0, 2, 2, 0, 2, 0, 2, 0],
                      r3=[2, 2, 0, 2, 2, 0, 0, 2, 2, 2, 0, 2], r4=[2, 2, 2, 0, 0, 0, 2, 2, 2, 0, 0, 2])).astype(float)


def design(f):
    return replicate_design(f, ["r1", "r2", "r3", "r4"], type="BRR", weights="w")


def test_replicate_without_a_level_refused_naming_it():
    with pytest.raises(InputError) as e:
        svyolr(design(F), "o", ["x"])
    m = str(e.value)
    assert m.index("有序 logit") < m.index("ordered logit")
    assert "#1: o = 0" in m and "merge" in m


def test_every_level_weighted_in_every_replicate_is_fitted():
    """Why R gives every SE 0 here (survey46): survey 4.1.1's svyolr.svyrep.design refits each replicate with
    ``polr(formula, data = df, ..., weights = w)``, ``df <- model.frame(design)`` the delivery's own columns and ``w``
    the replicate's weights; model.frame looks ``w`` up in ``df`` first, and this data has a column ``w`` (the
    sampling weights), so every "replicate" is the full-sample fit and the variance 0. With the column renamed R
    gives the replicate SEs below; ours refits on each replicate and agrees.

        g <- f; g$r1[1] <- 1; names(g)[names(g) == "w"] <- "wt"; g$of <- factor(g$o, ordered = TRUE)
        d2 <- svrepdesign(data = g, repweights = g[, c("r1","r2","r3","r4")], weights = ~wt, type = "BRR")
        m2 <- svyolr(of ~ x, d2); SE(m2)     # 0.622283735101068 1.91832255181857 0.962567360208270
        svyolr(of ~ x, d2, control = list(reltol = 1e-14))     # coef -0.0385139159513826 -1.17990740585759 0.612196574416408

    R's replicate fits stop at optim's default reltol (1e-8; ``control`` reaches the full-sample fit only), ours run
    Newton to convergence, hence 2e-4 on the SEs; the full-sample fit agrees to 1e-7 once R's reltol is tightened.
    """
    g = F.copy()
    g.loc[0, "r1"] = 1.0
    t = svyolr(design(g), "o", ["x"])
    assert t["kind"].tolist() == ["coef", "threshold", "threshold"]
    np.testing.assert_allclose(t["estimate"], [-0.0385139159513826, -1.17990740585759, 0.612196574416408], rtol=1e-7)
    np.testing.assert_allclose(t["se"], [0.622283735101068, 1.91832255181857, 0.962567360208270], rtol=2e-4)
    # named w (as R reads it, every SE 0) or wt: the same fit here
    t2 = svyolr(replicate_design(g.rename(columns={"w": "wt"}), ["r1", "r2", "r3", "r4"], type="BRR", weights="wt"),
                "o", ["x"])
    np.testing.assert_allclose(t2[["estimate", "se"]], t[["estimate", "se"]], rtol=1e-12)
