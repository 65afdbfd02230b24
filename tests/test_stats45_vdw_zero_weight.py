"""svyranktest(test="vanderWaerden") with a row of weight 0 below every weighted one: its rank is 0 and its score
qnorm(0) = -inf. Ours raised a raw scipy ``ValueError: array must not contain infs or NaNs``; the row has weight 0,
so it is out of the weighted fit (R's lm.wfit drops it) and its influence is weighted 0.

R (survey 4.1.1), run here, lets the -inf through: t = NaN on this design (on another, seed 30 of the stats45
cross-check, a finite t that is not the weighted-0 answer, 1.7955 against 1.9490). R's own steps with that row's
influence put to 0 give ours:

    f <- data.frame(h = rep(1:2, c(6, 6)), psu = c(1,1,2,2,3,3, 1,1,2,2,3,3), w = c(0,2,1,3,2,1, 2,0,1,2,3,1),
                    y = c(1,2,3,4,5,6, 2.5,7,3.5,4.5,5.5,6.5), g = c(0,1,0,1,0,1, 1,0,1,0,1,0))
    d <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = f, nest = TRUE)
    svyranktest(y ~ g, d, test = "vanderWaerden")     # t = NaN, df = 3, difference -0.587911672075643
    w <- f$w; N <- sum(w); ii <- order(f$y); rk <- numeric(12); rk[ii] <- ave(cumsum(w[ii]) - w[ii]/2, factor(f$y[ii]))
    rs <- qnorm(rk/N); m <- lm(rs ~ factor(g), data = f, weights = w)
    infn <- (model.matrix(m) * (rs - fitted(m))) %*% summary(m)$cov.unscaled; infn[!is.finite(infn)] <- 0
    coef(m)[2] / SE(svytotal(infn, d))[2]             # -1.402649095728438
"""
import numpy as np
import pandas as pd

from windoweval.survey.design import svydesign, svyranktest

F = pd.DataFrame({"h": [1] * 6 + [2] * 6, "psu": [1, 1, 2, 2, 3, 3] * 2, "w": [0, 2, 1, 3, 2, 1, 2, 0, 1, 2, 3, 1.0],
                  "y": [1, 2, 3, 4, 5, 6, 2.5, 7, 3.5, 4.5, 5.5, 6.5], "g": [0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0]})


def test_vander_waerden_with_a_weight_zero_row_at_the_bottom():
    t = svyranktest(svydesign(F, ids="psu", strata="h", weights="w"), "y", "g", test="vanderWaerden")
    np.testing.assert_allclose(t.loc[0, ["value", "estimate"]].astype(float), [-1.402649095728438, -0.587911672075643],
                               rtol=1e-12)
    assert t.loc[0, "ddf"] == 3


def test_weight_zero_row_changes_nothing():
    a = svyranktest(svydesign(F, ids="psu", strata="h", weights="w"), "y", "g", test="vanderWaerden")
    b = F.copy()
    b.loc[0, "y"] = 3.2                       # the weight-0 row elsewhere in the order (no tie): no -inf, same answer
    b = svyranktest(svydesign(b, ids="psu", strata="h", weights="w"), "y", "g", test="vanderWaerden")
    np.testing.assert_allclose(a[["value", "estimate", "se"]].to_numpy(float), b[["value", "estimate", "se"]].to_numpy(float),
                               rtol=1e-12)
