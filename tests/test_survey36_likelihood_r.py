"""svyciprop(method="likelihood") by domain where the profile steps far out: R's values (survey36).

A domain of a stratified design with few degrees of freedom has a large Rao-Scott scale, so the profile's level
alpha is tiny (4e-9, 3e-47) and its steps are long. Two things parted the package from R there:

* the step, zmax / 5 design SEs with R's zmax = sqrt(qf(alpha, 1, n - 1, lower.tail = FALSE)), came from
  fdtri(1, n - 1, 1 - alpha), which loses alpha in 1 - alpha: 1.6e-9 off at alpha 4e-9 and infinite below 1e-16
  (every step at -inf, the interval NaN);
* the deviance at a step was taken at expit(b), which rounds to 1 beyond b ~ 37: an infinite deviance and a NaN
  spline, where R's glm.fit evaluates binomial()$linkinv, held within |eta| <= 30, so its profile levels off.

The R values below come from (R 4.2.2, survey 4.1.1)::

    d <- read.csv("tests/data/survey36/likelihood_d2.csv")  # or _d3; d$sat <- as.numeric(d$y >= 4)
    options(survey.lonely.psu = LONELY)
    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d, nest = TRUE)
    s <- subset(des, d == DOMAIN & !is.na(sat))
    c <- svyciprop(~sat, s, method = "likelihood")
    sprintf("%.17g", c(as.vector(c), attr(c, "ci")))
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

HERE = Path(__file__).parent / "data" / "survey36"
D2 = HERE / "likelihood_d2.csv"   # a domain of 7 answered rows, strata H0 and H3 of one PSU
D3 = HERE / "likelihood_d3.csv"

CASES = [
    # data, LONELY, DOMAIN, R's (proportion, lower, upper); jsonlite/sprintf NaN kept as NaN
    (D2, "average", "a", (0.48009924264312087, 0.00047346284820472875, 0.99925835847532174)),
    (D2, "certainty", "a", (0.48009924264312087, 0.0041046730508504433, 0.99390496102724013)),
    (D2, "average", "b", (0.38559515873949479, 0.012517512199050089, 0.93426489570962379)),
    (D3, "certainty", "a", (0.47400119934296864, 4.7526199379662798e-06, 0.99999095033397389)),
    # alpha 3e-47: R's steps are 1.9e7 logits long; its fmm spline overshoots the level-off below the cut-off, so
    # the lower limit is expit(-3.7e7) = 0 and the upper expit(+...) = Inf / Inf = NaN, as survey's expit gives it
    (D3, "certainty", "b", (0.48070864716106615, 0.0, np.nan)),
    # under average the same domain's profile never reaches the cut-off: R's approx gives NA at both ends
    (D3, "average", "b", (0.48070864716106615, np.nan, np.nan)),
]


@pytest.mark.parametrize("data, lonely, domain, want", CASES)
def test_likelihood_interval_is_rs_where_the_profile_steps_far(data, lonely, domain, want):
    f = pd.read_csv(data)
    f["sat"] = np.where(f["y"].isna(), np.nan, (f["y"] >= 4).astype(float))
    des = D.svydesign(f, ids="psu", strata="h", weights="w", lonely_psu=lonely)
    t = D.svyciprop(des, "sat", by="d", method="likelihood").set_index("d")
    got = t.loc[domain, ["mean", "ci_low", "ci_high"]].to_numpy(dtype=float)
    np.testing.assert_allclose(got, np.array(want, dtype=float), rtol=1e-10, atol=1e-13, equal_nan=True)
