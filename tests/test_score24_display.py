"""Session 24 (the score command): ``display_series`` rounds a column of floats at once (the grid's ~10,000 rates
made an array per value before), each value shown as ``display`` shows it alone."""
import numpy as np
import pandas as pd
import pytest

from windoweval import numbers
from windoweval.numbers import KINDS, display, display_series


def _values(seed=24, n=3000):
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.random(n), 1 - rng.random(n) / 1e4, [0.9, 0.89996, 0.95049, 0.99996, 1.0, 0.0, -0.0,
                                                                 np.nan, np.inf, -1.25, 65.15, 1e-7, 123456.789]])
    return pd.Series(x, name="rate")


@pytest.mark.parametrize("kind", sorted(k for k in KINDS if k != "count"))
@pytest.mark.parametrize("target", [None, 0.9, "column", "with_nan"])
def test_the_column_at_once_is_each_value_alone(kind, target):
    s = _values()
    if target == "column":
        target = np.resize([0.9, 0.95, 1.0, 0.98], len(s))
    elif target == "with_nan":
        target = np.resize([0.9, np.nan, None], len(s))
    t = target if target is not None else [None] * len(s)
    t = list(np.broadcast_to(np.asarray(t, dtype=object), (len(s),)))
    want = [display(v, kind, tt) for v, tt in zip(s.tolist(), t)]
    got = display_series(s, kind, target=target)
    assert got.tolist() == want and got.dtype == object and got.index.equals(s.index)


def test_a_column_is_not_rounded_value_by_value(monkeypatch):
    calls = []
    real = numbers.rounded
    monkeypatch.setattr(numbers, "rounded", lambda *a, **k: calls.append(1) or real(*a, **k))
    got = display_series(pd.Series([0.89996, 0.5, None], dtype=float), "rate", target=[0.9, 0.9, 0.9])
    assert got.tolist() == ["89.9%", "50.0%", "—"] and calls == []    # before: one call a value


def test_counts_and_integers_keep_their_path():
    assert display_series(pd.Series([25.0, 1234.0, np.nan], name="n_records")).tolist() == ["25", "1,234", "—"]
    assert display_series(pd.Series([3, 4], name="rate")).tolist() == [display(3, "rate"), display(4, "rate")]
