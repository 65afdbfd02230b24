"""The scorecard's Wilson interval is statsmodels' and agrees with R."""
import numpy as np

from windoweval.scoring import wilson_interval


def test_wilson_interval_matches_r_prop_test():
    # R: for (x in list(c(0,10), c(10,10), c(9,10), c(3,7)))
    #        print(sprintf("%.10f", prop.test(x[1], x[2], correct = FALSE)$conf.int))
    r_lo = [0.0000000000, 0.7224672001, 0.5958499732, 0.1582198553]
    r_hi = [0.2775327999, 1.0000000000, 0.9821237869, 0.7495416355]
    lo, hi = wilson_interval([0, 10, 9, 3], [10, 10, 10, 7])
    np.testing.assert_allclose(lo, r_lo, atol=1e-9)
    np.testing.assert_allclose(hi, r_hi, atol=1e-9)


def test_wilson_interval_is_missing_without_evidence():
    lo, hi = wilson_interval([0, 1], [0, 2])
    assert np.isnan(lo[0]) and np.isnan(hi[0]) and 0 < lo[1] < 0.5 < hi[1] < 1
