"""svyciprop(method="likelihood") by domain where the profile steps far out: R's values (survey36).

A domain of a stratified design with few degrees of freedom has a large Rao-Scott scale, so the profile's level
alpha is tiny (4e-9, 3e-47) and its steps are long. Two things parted the package from R there:

* the step, zmax / 5 design SEs with R's zmax = sqrt(qf(alpha, 1, n - 1, lower.tail = FALSE)), came from
  fdtri(1, n - 1, 1 - alpha), which loses alpha in 1 - alpha: 1.6e-9 off at alpha 4e-9 and infinite below 1e-16
  (every step at -inf, the interval NaN);
* the deviance at a step was taken at expit(b), which rounds to 1 beyond b ~ 37: an infinite deviance and a NaN
  spline, where R's glm.fit evaluates binomial()$linkinv, held within |eta| <= 30, so its profile levels off.

The R values below come from (R 4.2.2, survey 4.1.1)::

    d <- read.csv(...); d$sat <- as.numeric(d$y >= 4)
    options(survey.lonely.psu = LONELY)
    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d, nest = TRUE)
    s <- subset(des, d == DOMAIN & !is.na(sat))
    c <- svyciprop(~sat, s, method = "likelihood")
    sprintf("%.17g", c(as.vector(c), attr(c, "ci")))
"""
import io

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

D2 = """h,psu,w,y,d
H0,H0P0,12.15,,a
H0,H0P0,29.224,4,a
H1,H1P0,26.4,2,a
H1,H1P0,26.871,3,b
H1,H1P1,27.418,,a
H1,H1P1,14.035,3,b
H1,H1P1,12.93,,b
H1,H1P1,27.842,4,a
H1,H1P2,35.413,3,b
H2,H2P0,20.808,,b
H2,H2P0,17.696,3,b
H2,H2P1,20.073,1,a
H2,H2P1,8.884,3,a
H2,H2P1,28.167,,b
H2,H2P1,15.588,5,b
H2,H2P2,16.466,4,a
H3,H3P0,24.271,1,a
H3,H3P1,4.247,,b
H3,H3P1,20.309,4,b
H3,H3P1,23.106,5,b
H3,H3P1,9.297,5,z
"""

D3 = """h,psu,w,y,d
H0,H0P0,9.701,1,b
H1,H1P0,19.318,3,b
H1,H1P0,4.813,3,b
H1,H1P1,23.596,1,c
H1,H1P1,26.047,2,a
H2,H2P0,38.946,5,a
H2,H2P1,23.531,2,b
H2,H2P1,28.367,1,a
H2,H2P1,26.522,,a
H2,H2P1,12.137,4,b
H2,H2P2,33.247,,b
H2,H2P2,32.857,5,b
H2,H2P2,4.362,5,a
H3,H3P0,6.109,2,a
H3,H3P0,11.232,5,a
H3,H3P1,8.107,4,b
H3,H3P2,22.809,4,z
"""

CASES = [
    # data, LONELY, DOMAIN, R's (proportion, lower, upper); jsonlite/sprintf NaN kept as NaN
    (D2, "average", "a", (0.48009924264312087, 0.00047346284820472875, 0.99925835847532174)),
    (D2, "certainty", "a", (0.48009924264312087, 0.0041046730508504433, 0.99390496102724013)),
    (D2, "average", "b", (0.38559515873949479, 0.012517512199050089, 0.93426489570962379)),
    (D3, "certainty", "a", (0.47400119934296864, 4.7526199379662798e-06, 0.99999095033397389)),
    # alpha 3e-47: R's steps are 1.9e7 logits long; its fmm spline overshoots the level-off below the cut-off, so
    # the lower limit is expit(-3.7e7) = 0 and the upper expit(+...) = Inf / Inf = NaN, as survey's expit gives it
    (D3, "certainty", "b", (0.48070864716106615, 0.0, np.nan)),
]


@pytest.mark.parametrize("data, lonely, domain, want", CASES)
def test_likelihood_interval_is_rs_where_the_profile_steps_far(data, lonely, domain, want):
    f = pd.read_csv(io.StringIO(data))
    f["sat"] = np.where(f["y"].isna(), np.nan, (f["y"] >= 4).astype(float))
    des = D.svydesign(f, ids="psu", strata="h", weights="w", lonely_psu=lonely)
    t = D.svyciprop(des, "sat", by="d", method="likelihood").set_index("d")
    got = t.loc[domain, ["mean", "ci_low", "ci_high"]].to_numpy(dtype=float)
    np.testing.assert_allclose(got, np.array(want, dtype=float), rtol=1e-10, atol=1e-13, equal_nan=True)
