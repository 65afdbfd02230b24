"""Session 36 (csv36): whether a text column holds a value past a limit (the CSV's field limit, an id's 256 bytes)
answered from its offsets in runs of values (``csvfast.longer_than``): a run of at most the limit's bytes in all
holds no value longer, so only a run of more is looked at value by value, where ``longest_value`` took every
value's length.  The same answer as ``longest_value(arr) > limit``, and the same refusal, naming the same cell."""
from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.records import csvfast

rio = importlib.import_module("windoweval.records.io")
V = importlib.import_module("windoweval.records.validate")


def _random_arrays(rng, count):
    for _ in range(count):
        ty = pa.large_string() if rng.random() < 0.5 else pa.string()
        chunks = []
        for _c in range(int(rng.integers(0, 5))):
            n = int(rng.integers(0, 400))
            long_p = rng.choice([0.0, 0.001, 0.02, 0.3])
            vals = [None if rng.random() < 0.1 else
                    "受x"[int(rng.integers(0, 2))] * int(rng.integers(0, 400) if rng.random() < long_p
                                                           else rng.integers(0, 6))
                    for _ in range(n)]
            a = pa.array(vals, ty)
            if n > 3 and rng.random() < 0.4:   # a slice: offsets from the middle of a buffer
                a = a.slice(int(rng.integers(0, 3)), n - 3)
            chunks.append(a)
        yield pa.chunked_array(chunks, ty) if rng.random() < 0.8 or not chunks else chunks[0]


def test_longer_than_answers_as_the_longest_value():
    rng = np.random.default_rng(36)
    limits = (0, 1, 2, 3, 5, 8, 40, 255, 256, 257, 399, 1200, 5000)
    for arr in _random_arrays(rng, 1500):
        longest = csvfast.longest_value(arr)
        for limit in limits:
            assert csvfast.longer_than(arr, limit) == (longest > limit), (arr, limit)
    assert csvfast.longer_than(pa.array([1, 2]), 3) is None
    assert csvfast.longer_than(pa.chunked_array([], pa.string()), 0) is False


def test_one_long_value_in_a_long_column_is_found_wherever_it_lies():
    n = 100_000
    for at in (0, 1, 4_095, 4_096, 50_000, n - 1):
        vals = ["T%09d" % i for i in range(n)]
        vals[at] = "x" * 257
        arr = pa.chunked_array([pa.array(vals[:60_000], pa.large_string()), pa.array(vals[60_000:], pa.large_string())])
        assert csvfast.longer_than(arr, 256) is True and csvfast.longer_than(arr, 257) is False


def _no_lengths(monkeypatch):
    def refused(*_a, **_k):
        raise AssertionError("every value's length taken")
    monkeypatch.setattr(csvfast, "longest_value", refused)


def test_the_field_check_takes_no_length_of_each_value(monkeypatch):
    n = 300_000
    frame = pd.DataFrame({j: pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
        [pa.array([f"T{i:09d}" for i in range(n)], pa.large_string())]))) for j in range(2)})
    t = rio.Table("big.csv", ["票号", "窗口编号"], frame, 2)
    _no_lengths(monkeypatch)   # before: longest_value over every column
    assert rio._refuse_long_field(Path("big.csv"), t) is t


def test_the_field_check_still_names_the_first_cell_too_long(monkeypatch):
    _no_lengths(monkeypatch)
    ty = pa.large_string()
    frame = pd.DataFrame({0: pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["a", "b", "c", "d"]], ty))),
                          1: pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
                              [["x", "受" * 60_000], ["y", "受" * 140_000]], ty)))})
    with pytest.raises(rio.ExportError) as e:
        rio._refuse_long_field(Path("t.csv"), rio.Table("t.csv", ["id", "note"], frame, 2))
    assert (e.value.row, e.value.column) == (5, "2 (note)") and "140,000" in str(e.value)


def test_an_id_column_is_checked_without_each_length(monkeypatch):
    _no_lengths(monkeypatch)   # before: longest_value of the id column
    n = 250_000
    raw = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([[f"GD{i:07d}" for i in range(n)]], pa.large_string())))
    got = V._fast_column(raw, {"type": "string"}, "order_id")
    assert got is not None and got.tolist()[:2] == ["GD0000000", "GD0000001"]
    raw = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([["GD1", "x" * 300]], pa.large_string())))
    assert V._fast_column(raw, {"type": "string"}, "order_id") is None   # an id past 256: named row by row
