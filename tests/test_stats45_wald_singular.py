"""svychisq(statistic="Wald"/"adjWald") where the cell totals' covariance is singular: refused, as R's solve() stops
("system is computationally singular"). Ours solved it anyway: F = 7.6e15, p = 7e-30, a confident answer from
rounding (seed 40 of the stats45 cross-check: a certainty stratum, and the other stratum all in one group).

R (survey 4.1.1), run here:

    f <- data.frame(h = rep(1:2, c(10, 6)), psu = c(1,2,2,2,2,3,3,4,4,4, 1,1,1,2,2,2),
                    w = c(5.152,5.151,3.0,3.526,4.677,3.941,2.985,5.454,3.541,1.318, 1.194,3.671,1.879,3.3,3.318,4.207),
                    N = rep(c(4, 9), c(10, 6)), k = c("u","w","v","w","u","v","v","w","w","w", "u","v","v","w","w","w"),
                    g = c(0,1,1,0,0,1,0,0,0,0, 1,1,1,1,1,1))
    d <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = f, nest = TRUE)
    svychisq(~k + g, d, statistic = "Wald")      # Error: system is computationally singular: reciprocal condition number = 3.33801e-17
    svychisq(~k + g, d, statistic = "adjWald")   # the same error
    svychisq(~k + g, d, statistic = "F")         # F = 3.887110456968119, p = 0.119952846876863
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.survey.design import svychisq, svydesign

F = pd.DataFrame({"h": [1] * 10 + [2] * 6, "psu": [1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 1, 1, 1, 2, 2, 2],
                  "w": [5.152, 5.151, 3.0, 3.526, 4.677, 3.941, 2.985, 5.454, 3.541, 1.318, 1.194, 3.671, 1.879, 3.3,
                        3.318, 4.207],
                  "N": [4.0] * 10 + [9.0] * 6, "k": list("uwvwuvvwww") + list("uvvwww"),
                  "g": [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]})


def design():
    return svydesign(F, ids="psu", strata="h", weights="w", fpc="N")


@pytest.mark.parametrize("statistic", ["Wald", "adjWald"])
def test_singular_wald_refused(statistic):
    with pytest.raises(InputError) as e:
        svychisq(design(), "k", "g", statistic=statistic)
    m = str(e.value)
    assert m.index("协方差矩阵奇异") < m.index("singular") and "statistic='F'" in m


def test_f_still_rs():
    t = svychisq(design(), "k", "g", statistic="F")
    np.testing.assert_allclose(t.loc[0, ["value", "p_value"]].astype(float), [3.887110456968119, 0.119952846876863],
                               rtol=1e-10)
