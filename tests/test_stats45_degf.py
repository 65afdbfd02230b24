"""degf() leaves out PSUs whose every row has weight 0, as R's degf.survey.design2 does.

R (survey 4.1.1), run here:

    f <- data.frame(h = rep(c(1, 2), c(6, 6)), psu = c(1,1,2,2,3,3, 1,1,2,2,3,3),
                    w = c(2,2,0,0,3,3, 1,4,2,2,0,5), y = c(1,3,2,5,4,4, 2,6,3,1,7,2))
    d <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = f, nest = TRUE)
    degf(d)                                   # 3   (PSU 2 of stratum 1 has weight 0 on every row)
    confint(svymean(~y, d), df = degf(d))     # 0.83647097129397 5.49686236203936
    f$o <- factor(c(0,1,2,1,2,0, 0,1,1,2,2,0), ordered = TRUE)
    svyolr(o ~ y, svydesign(ids = ~psu, strata = ~h, weights = ~w, data = f, nest = TRUE))$df.residual   # 2

R's degf: ``inset <- weights(design, "sampling") != 0``; PSUs and strata counted on those rows only.
Ours counted every PSU (4), so df="design" intervals and svyolr's p-values used one degree of freedom too many.
"""
import numpy as np
import pandas as pd
from scipy import stats

from windoweval.survey.design import degf, svydesign, svymean, svyolr

F = pd.DataFrame({"h": [1] * 6 + [2] * 6, "psu": [1, 1, 2, 2, 3, 3] * 2,
                  "w": [2, 2, 0, 0, 3, 3, 1, 4, 2, 2, 0, 5.0], "y": [1, 3, 2, 5, 4, 4, 2, 6, 3, 1, 7, 2.0],
                  "o": [0, 1, 2, 1, 2, 0, 0, 1, 1, 2, 2, 0]})


def design():
    return svydesign(F, ids="psu", strata="h", weights="w")


def test_degf_leaves_out_psus_of_zero_weight():
    assert degf(design()) == 3


def test_design_df_interval_is_rs():
    m = svymean(design(), "y", df="design")
    np.testing.assert_allclose(m[["ci_low", "ci_high"]].to_numpy()[0], [0.83647097129397, 5.49686236203936], rtol=1e-12)


def test_svyolr_p_values_on_rs_residual_df():
    t = svyolr(design(), "o", ["y"])
    np.testing.assert_allclose(t["p_value"], 2 * stats.t.sf(np.abs(t["t"]), 2), rtol=1e-12)


def test_a_design_without_zero_weights_keeps_psus_minus_strata():
    g = F.assign(w=F.w.where(F.w > 0, 1.0))
    assert degf(svydesign(g, ids="psu", strata="h", weights="w")) == 4
