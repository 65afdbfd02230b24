"""windoweval.survey._dist against scipy.stats: the same floats to the last bit (NaN where scipy gives NaN)."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from windoweval.survey import _dist

SPECIAL = [0.0, 1.0, -1.0, 0.5, 0.025, 0.975, 1e-300, 1 - 1e-16, np.inf, -np.inf, np.nan, -0.0, 2.0, 1e6]


def _same(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape
    assert np.array_equal(a.view(np.int64), b.view(np.int64)) or (
        np.array_equal(np.isnan(a), np.isnan(b)) and np.array_equal(a[~np.isnan(a)].view(np.int64),
                                                                    b[~np.isnan(b)].view(np.int64)))


def _draws(rng, n):
    return np.concatenate([rng.random(n), rng.normal(0, 3, n), rng.exponential(50, n), SPECIAL])


@pytest.mark.parametrize("seed", range(3))
def test_same_floats_as_scipy_stats(seed):
    rng = np.random.default_rng(seed)
    q, x = _draws(rng, 20000), _draws(rng, 20000)
    d1, d2 = _draws(rng, 20000), _draws(rng, 20000)
    _same(_dist.norm_ppf(q), stats.norm.ppf(q))
    _same(_dist.norm_sf(x), stats.norm.sf(x))
    _same(_dist.t_ppf(q, d1), stats.t.ppf(q, d1))
    _same(_dist.t_sf(x, d1), stats.t.sf(x, d1))
    _same(_dist.beta_ppf(q, d1, d2), stats.beta.ppf(q, d1, d2))


def test_shapes_scalars_and_series():
    for q in (0.975, np.float64(0.975), np.array(0.975), [0.025, 0.975]):
        got, want = _dist.norm_ppf(q), stats.norm.ppf(q)
        assert type(got) is type(want)
        _same(got, want)
    z = pd.Series([0.3, -1.2, np.nan, 4.0])
    got, want = _dist.norm_sf(np.abs(z)), stats.norm.sf(np.abs(z))
    assert type(got) is type(want)
    _same(got, want)
    _same(_dist.t_ppf(0.025, np.array([1, 2, 0, 30])), stats.t.ppf(0.025, np.array([1, 2, 0, 30])))
    _same(_dist.t_sf(np.array([1.5, -2.0]), 7), stats.t.sf(np.array([1.5, -2.0]), 7))
    _same(_dist.beta_ppf(0.975, np.array([[1.0], [2.0]]), np.array([3.0, 0.0, 5.0])),
          stats.beta.ppf(0.975, np.array([[1.0], [2.0]]), np.array([3.0, 0.0, 5.0])))
