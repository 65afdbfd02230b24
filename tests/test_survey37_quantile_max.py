"""survey37 #3: a quantile equal to its domain's largest value (a median of 5 where most answered 5). The Woodruff
share of answers at or below it is exactly 1 with variance 0; R's svymean leaves a hair of rounding noise there
(1 - 1.1e-16 or 1 + 2.2e-16, SE ~4e-17), and its limits follow the noise. The package reports the exact arithmetic
(svyquantile's Returns): by ``mean`` [max, max] with SE 0, by ``beta``/``xlogit``/``asin`` NaN; equal to R where
R's share comes out exactly 1 (pinned below, R 4.x, survey 4.1.1), and the lower limit equal to R's where it does not.
"""
import io

import numpy as np
import pandas as pd

from windoweval.survey import design as D

# R: f <- read.csv(text = STABLE); d <- svydesign(ids = ~psu, strata = ~st, weights = ~w, data = f, nest = TRUE)
#    svymean(~as.numeric(y <= 5), d)  ->  1, SE 0 exactly
STABLE = """y,w,st,psu,g
5,2,s1,1,a
5,4,s1,1,b
4,2,s1,2,a
5,1,s1,2,b
5,2,s2,3,a
5,4,s2,3,b
5,2,s2,4,a
4,1,s2,4,b
3,2,s2,4,a
"""

# R drew it (runif weights written with 17 digits): svydesign(ids = ~psu, weights = ~w, data = f) with one degree
# of freedom; svymean(~as.numeric(y <= 5), d) -> 0.99999999999999989, SE 3.5923261055708857e-17
NOISY = """y,w,psu
5,7.6341342245694248,1
5,1.6049952814355493,2
5,6.3194205430336297,1
5,0.80650511477142572,2
4,3.2633281259797515,1
5,1.3444680103566498,2
5,1.7304929817561061,1
5,6.5260027041658759,2
5,5.6273635139688851,1
5,2.27736941492185,2
"""


def _stable():
    return D.svydesign(pd.read_csv(io.StringIO(STABLE), dtype={"st": str, "g": str}), ids="psu", strata="st",
                       weights="w", nest=True)


def _noisy():
    return D.svydesign(pd.read_csv(io.StringIO(NOISY)), ids="psu", strata=None, weights="w")


def test_where_r_is_exact_the_limits_are_rs():
    d = _stable()
    # R: svyquantile(~y, d, c(0.5, 0.75), ci = TRUE, interval.type = "mean")$y
    #    -> quantile 5 5, ci.2.5 5 5, ci.97.5 5 5, se 0 0
    q = D.svyquantile(d, "y", [0.5, 0.75])
    assert q[["estimate", "ci_low", "ci_high", "se"]].to_numpy().tolist() == [[5.0, 5.0, 5.0, 0.0]] * 2
    # R: the same with interval.type = "beta", "xlogit", "asin"  ->  quantile 5, every limit and se NaN
    for it in ("beta", "xlogit", "asin"):
        q = D.svyquantile(d, "y", [0.5, 0.75], interval_type=it)
        assert q["estimate"].tolist() == [5.0, 5.0]
        assert q[["ci_low", "ci_high", "se"]].isna().all().all(), it
    # R: svyquantile(~y, subset(d, g == "a"), 0.5, ci = TRUE)$y  ->  5 5 5 0 (and the same for g == "b");
    #    svyby(~y, ~g, d, svyquantile, quantiles = 0.5, ci = TRUE, na.rm = TRUE)  ->  5, se 0 in each
    q = D.svyquantile(d, "y", 0.5, by="g")
    assert q[["g", "estimate", "ci_low", "ci_high", "se"]].to_numpy().tolist() == [
        ["a", 5.0, 5.0, 5.0, 0.0], ["b", 5.0, 5.0, 5.0, 0.0]]


def test_where_r_is_noisy_the_exact_arithmetic_is_reported():
    d = _noisy()
    # R: svyquantile(~y, d, c(0.5, 0.9), ci = TRUE)$y  ->  quantile 5 5, ci.2.5 5 5, ci.97.5 NaN NaN, se NaN NaN
    #    (its share 1 - 1.1e-16 plus qt(0.975, 1) = 12.7 times SE 3.6e-17 passes 1); R's "beta", "xlogit" and
    #    "asin" there give 5 5 5 0 by the same noise. The package: R's lower limit, the maximum as the upper, SE 0
    q = D.svyquantile(d, "y", [0.5, 0.9])
    assert q[["estimate", "ci_low", "ci_high", "se"]].to_numpy().tolist() == [[5.0, 5.0, 5.0, 0.0]] * 2
    for it in ("beta", "xlogit", "asin"):
        assert D.svyquantile(d, "y", 0.5, interval_type=it)[["ci_low", "ci_high"]].isna().all().all()


def test_the_result_does_not_follow_the_noise_of_the_share(monkeypatch):
    # R's own noisy share (1 + 2.2e-16, SE 4.4e-17: another of its one-degree-of-freedom draws) fed to the
    # interval gave NaN by chance, as R does; the share of a quantile at the maximum is now 1 by construction
    real = D.svymean

    def noisy(design, values, **kw):
        m = real(design, values, **kw)
        m.loc[0, "mean"], m.loc[0, "se"] = 1.0000000000000002, 4.4110360706524584e-17
        return m

    monkeypatch.setattr(D, "svymean", noisy)
    q = D.svyquantile(_noisy(), "y", 0.5)
    assert q[["ci_low", "ci_high", "se"]].to_numpy().tolist() == [[5.0, 5.0, 0.0]]


def test_a_quantile_below_the_maximum_keeps_rs_interval():
    # R: svyquantile(~y, d, c(0.1, 0.2), ci = TRUE)$y on STABLE  ->  quantile 3 4, ci.2.5 NaN NaN, ci.97.5 5 NaN,
    #    se NaN NaN (the share's limits fall below 0, or above 1); the rule for the maximum does not touch them
    q = D.svyquantile(_stable(), "y", [0.1, 0.2])
    assert q["estimate"].tolist() == [3.0, 4.0]
    assert q["ci_low"].isna().all() and q["ci_high"].iloc[0] == 5.0 and np.isnan(q["ci_high"].iloc[1])
