"""svycontrast takes coefficients by name, as R's svycontrast(stat, c(y = 1, x = -1)) (refused with a traceback
before: ``float() argument must be ... not 'dict'``).

R (survey 4.1.1), run here:

    f <- data.frame(h = rep(c(1, 2), c(6, 6)), psu = c(1,1,2,2,3,3, 1,1,2,2,3,3),
                    w = c(2,2,1,1,3,3, 1,4,2,2,1,5), y = c(1,3,2,5,4,4, 2,6,3,1,7,2), x = c(2,2,3,1,5,4, 3,3,2,2,6,1),
                    g = rep(c("a", "b", "c"), 4))
    d <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = f, nest = TRUE)
    svycontrast(svymean(~y + x, d), c(y = 1, x = -1))                                  # 0.629629629629629 0.430777259352800
    svycontrast(svyby(~y, ~g, d, svymean, covmat = TRUE), list(ca = c(c = 1, a = -1)))  # 0.893939393939394 1.072567842302257
    svycontrast(svyby(~y + x, ~g, d, svymean, covmat = TRUE), c("b:y" = 1, "b:x" = -1)) # 1.199999999999999 0.971596624119289
    svycontrast(svymean(~y + x, d), c(z = 1))                                          # Error: names not matched
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.errors import InputError
from windoweval.survey.design import svycontrast, svydesign, svymean

F = pd.DataFrame({"h": [1] * 6 + [2] * 6, "psu": [1, 1, 2, 2, 3, 3] * 2,
                  "w": [2, 2, 1, 1, 3, 3, 1, 4, 2, 2, 1, 5.0], "y": [1, 3, 2, 5, 4, 4, 2, 6, 3, 1, 7, 2.0],
                  "x": [2, 2, 3, 1, 5, 4, 3, 3, 2, 2, 6, 1.0], "g": list("abc") * 4})
D = svydesign(F, ids="psu", strata="h", weights="w")


def est(t):
    return t[["estimate", "se"]].to_numpy()[0]


def test_named_variables():
    t = svycontrast(svymean(D, ["y", "x"], covmat=True), {"c": {"y": 1, "x": -1}})
    np.testing.assert_allclose(est(t), [0.629629629629629, 0.430777259352800], rtol=1e-12)


def test_named_groups_unnamed_rows_count_zero():
    t = svycontrast(svymean(D, "y", by="g", covmat=True), {"ca": {"c": 1, "a": -1}})
    np.testing.assert_allclose(est(t), [0.893939393939394, 1.072567842302257], rtol=1e-12)


def test_named_group_and_variable():
    t = svycontrast(svymean(D, ["y", "x"], by="g", covmat=True), {"c": {"b:y": 1, "b:x": -1}})
    np.testing.assert_allclose(est(t), [1.199999999999999, 0.971596624119289], rtol=1e-12)


def test_unknown_name_refused_in_both_languages():
    with pytest.raises(InputError) as e:
        svycontrast(svymean(D, ["y", "x"], covmat=True), {"c": {"z": 1}})
    m = str(e.value)
    assert "不是表中的估计" in m and "names not matched" in m and "y, x" in m


def test_text_coefficients_refused_without_traceback():
    with pytest.raises(InputError) as e:
        svycontrast(svymean(D, ["y", "x"], covmat=True), {"c": ["one", "two"]})
    assert "系数须为数值" in str(e.value) and "must be numbers" in str(e.value)
