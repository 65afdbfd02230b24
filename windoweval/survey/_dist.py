"""The few distribution functions the survey estimates use, without importing ``scipy.stats``.

``scipy.stats`` takes 0.3-0.9 s to import (it builds every distribution's docstring) and the report's survey section
used five of its functions for a handful of numbers.  Each function here is scipy's own public method
(``rv_continuous.ppf`` / ``.sf`` with ``loc=0``, ``scale=1``) written out: the same argument checks, the same
values at the support's ends, NaN where scipy gives NaN, and the same ``scipy.special`` function scipy's
distribution calls (``ndtri``, ``ndtr``, ``stdtrit``, ``stdtr``, the Boost beta quantile), so the floats are the
same to the last bit (``tests/test_survey_dist.py`` checks them against ``scipy.stats``).

Examples
--------
>>> float(norm_ppf(0.975)), round(float(2 * t_sf(2.0, 10)), 4)     # the 95 % normal quantile; a two-sided t p-value
(1.959963984540054, 0.0734)
"""
from __future__ import annotations

import numpy as np


def _ppf(q, f, a, b, *args):
    """``rv_continuous.ppf(q, *args)``, loc 0 and scale 1, of a distribution with quantile ``f`` on ``(a, b)``
    whose shape arguments must be positive."""
    q, loc, scale = np.asarray(q), np.asarray(0), np.asarray(1)
    args = tuple(np.asarray(x) for x in args)
    cond0 = np.asarray(True)
    for x in args:
        cond0 = np.logical_and(cond0, x > 0)
    cond0 = cond0 & (scale > 0) & (loc == loc)
    cond1 = (0 < q) & (q < 1)
    cond2 = cond0 & (q == 0)
    cond3 = cond0 & (q == 1)
    cond = cond0 & cond1
    output = np.full(np.shape(cond), fill_value=np.nan)
    np.place(output, cond2, a * scale + loc)
    np.place(output, cond3, b * scale + loc)
    if np.any(cond):
        good = np.broadcast_arrays(q, *args, cond)
        good = [np.extract(good[-1], x) for x in good[:-1]]
        np.place(output, cond, f(*good) * scale + loc)
    if output.ndim == 0:
        return output[()]
    return output


def _sf(x, f, a, b, *args):
    """``rv_continuous.sf(x, *args)``, loc 0 and scale 1, of a distribution with survival function ``f`` on
    ``(a, b)`` whose shape arguments must be positive."""
    x, loc, scale = np.asarray(x), np.asarray(0), np.asarray(1)
    args = tuple(np.asarray(v) for v in args)
    dtyp = np.promote_types(x.dtype, np.float64)
    x = np.asarray((x - loc) / scale, dtype=dtyp)
    cond0 = np.asarray(True)
    for v in args:
        cond0 = np.logical_and(cond0, v > 0)
    cond0 = cond0 & (scale > 0)
    with np.errstate(invalid="ignore"):
        cond1 = ((a < x) & (x < b)) & (scale > 0)
    cond2 = cond0 & (x <= a)
    cond = cond0 & cond1
    output = np.zeros(np.shape(cond), dtyp)
    np.place(output, (1 - cond0) + np.isnan(x), np.nan)
    np.place(output, cond2, 1.0)
    if np.any(cond):
        good = np.broadcast_arrays(x, *args, cond)
        good = [np.extract(good[-1], v) for v in good[:-1]]
        np.place(output, cond, f(*good))
    if output.ndim == 0:
        return output[()]
    return output


def norm_ppf(q):
    """``scipy.stats.norm.ppf(q)``.

    >>> float(norm_ppf(0.5)), float(norm_ppf(1.0))
    (0.0, inf)
    """
    from scipy import special

    return _ppf(q, special.ndtri, -np.inf, np.inf)


def norm_sf(x):
    """``scipy.stats.norm.sf(x)``.

    >>> [float(v) for v in norm_sf([0.0, np.inf, np.nan])]
    [0.5, 0.0, nan]
    """
    from scipy import special

    return _sf(x, lambda v: special.ndtr(-v), -np.inf, np.inf)


def t_ppf(q, df):
    """``scipy.stats.t.ppf(q, df)``.

    >>> [round(float(v), 6) for v in t_ppf(0.975, [10, 0])[:1]], bool(np.isnan(t_ppf(0.975, 0)))
    ([2.228139], True)
    """
    from scipy import special

    return _ppf(q, lambda p, d: special.stdtrit(d, p), -np.inf, np.inf, df)


def t_sf(x, df):
    """``scipy.stats.t.sf(x, df)``.

    >>> float(t_sf(0.0, 5))
    0.5
    """
    from scipy import special

    return _sf(x, lambda v, d: special.stdtr(d, -v), -np.inf, np.inf, df)


def beta_ppf(q, a, b):
    """``scipy.stats.beta.ppf(q, a, b)``.

    >>> float(beta_ppf(0.5, 1.0, 1.0)), bool(np.isnan(beta_ppf(0.5, 0.0, 1.0)))
    (0.5, True)
    """
    from scipy.special import _ufuncs

    return _ppf(q, _ufuncs._beta_ppf, 0.0, 1.0, a, b)
