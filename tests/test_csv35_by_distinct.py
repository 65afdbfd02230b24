"""Session 35 (csv35): whole-number, number and yes/no columns of Arrow text typed once per distinct value from
pyarrow's dictionary encoding (``validate._by_distinct``: one pass gives each row's code and the distinct values),
not from ``pd.factorize``'s codes and two more passes that found their first rows (the demo x100's hospital
``exempt``, the longest column of its validation: 0.068 -> 0.045 s).  The same column, or None (a value with a
problem: typed value by value after, each problem named with its row), as the codes' way gives."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

V = importlib.import_module("windoweval.records.validate")

VALUES = {
    "int": ["1", "2", "0", "12", " 3", "4 ", "1.0", "2.5", "-", "无", "NaN", "", "１２", "3付", "1,000", "x", "007"],
    "float": ["1.5", "2", "0.25", "1,5", "3.0", " 4.5", "-", "无", "97.22%", "1e3", "inf", "", "x", "12分钟", "1,000.5"],
    "bool": ["True", "False", "是", "否", "1", "0", "Y", "N", "true", " 是", "-", "无", "maybe", "", "√", "×"],
}


def _column(rng, pool, n, chunks, nulls):
    vals = [pool[i] for i in rng.integers(0, len(pool), n)]
    mask = rng.random(n) < nulls
    arr = pa.array([None if m else v for v, m in zip(vals, mask)], pa.large_string())
    cuts = sorted(rng.integers(0, n + 1, chunks - 1)) if chunks > 1 else []
    parts = [arr.slice(a, b - a) for a, b in zip([0] + cuts, cuts + [n])]
    na = np.nan if rng.random() < 0.5 else pd.NA
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts, pa.large_string()),
                                                dtype=pd.StringDtype("pyarrow", na_value=na)),
                     index=np.arange(n) * 2 + 3, name="c")


def _codes_way(monkeypatch, raw, spec, name):
    with monkeypatch.context() as m:
        m.setattr(V, "_by_distinct", lambda *a: V._NOT_ENCODED)
        return V._fast_column(raw, spec, name)


@pytest.mark.parametrize("t", ["int", "float", "bool"])
def test_same_as_the_codes(monkeypatch, t):
    """Random columns of good and bad values (a few distinct ones, or many), missing values, chunks: the same
    typed column (values, dtype, index, name) or the same None."""
    rng = np.random.default_rng({"int": 1, "float": 2, "bool": 3}[t])
    spec = {"type": t}
    typed = 0
    good = [v for v in VALUES[t] if _codes_way(monkeypatch, pd.Series([v] * 3, dtype="string[pyarrow]"), spec, "v")
            is not None]
    for _ in range(60):
        n = int(rng.integers(1, 60))
        k = int(rng.integers(1, 5))
        pool = list(rng.choice(good, min(k, len(good)), replace=False)) if rng.random() < 0.7 else \
            list(rng.choice(VALUES[t], k))
        raw = _column(rng, pool, n, int(rng.integers(1, 4)), float(rng.choice([0, 0, 0.2])))
        want = _codes_way(monkeypatch, raw, spec, "v")
        got = V._fast_column(raw, spec, "v")
        if want is None:
            assert got is None
        else:
            pd.testing.assert_series_equal(got, want)
            typed += 1
    assert typed > 20


def test_the_dictionary_not_the_codes(monkeypatch):
    """A long yes/no column is typed from its dictionary encoding, no ``pd.factorize``.  Fails before: factorized."""
    called = []
    real = pd.factorize
    monkeypatch.setattr(V.pd, "factorize", lambda *a, **k: called.append(1) or real(*a, **k))
    raw = pd.Series(["True", "False", None] * 1000, dtype="string[pyarrow]")
    got = V._fast_column(raw, {"type": "bool"}, "exempt")
    assert called == []
    assert got.tolist()[:3] == [True, False, pd.NA] and str(got.dtype) == "boolean"


def test_refused_as_before(monkeypatch):
    """A bad value: None from both ways (then value by value, the problem named with its row), and a column of
    values nearly all distinct: None, as before."""
    spec = {"type": "int"}
    raw = pd.Series(["1", "2", "两", "1"] * 50, dtype="string[pyarrow]")
    assert V._fast_column(raw, spec, "doses") is None and _codes_way(monkeypatch, raw, spec, "doses") is None
    many = pd.Series([str(i) for i in range(100)], dtype="string[pyarrow]")
    assert V._fast_column(many, spec, "doses") is None and _codes_way(monkeypatch, many, spec, "doses") is None
