"""svyolr on replicate weights where a replicate leaves a level of y without weight: refused with a message naming
the replicate and level (was a raw numpy ``LinAlgError: Singular matrix`` traceback).

R (survey 4.1.1), run here, returns numbers that mean nothing (its optim stops anywhere; every SE 0):

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
    g = F.copy()
    g.loc[0, "r1"] = 1.0
    t = svyolr(design(g), "o", ["x"])
    assert t["kind"].tolist() == ["coef", "threshold", "threshold"]
    # the full-sample fit is R's to its optim reltol (ours runs Newton to convergence); R's replicate SEs here are 0
    np.testing.assert_allclose(t["estimate"], [-0.03854074, -1.17998814, 0.61212060], atol=2e-4)
    assert (t["se"] > 0).all()
