"""Session 38 (csv38): the date-time comparisons of a read made on the columns' integers, not by pandas.

``order.earlier`` (an end before its start: ``order_problems``, ``flag_mask``, ``both_problems``) and
``validate._any_before`` (a typed date before 1 March 1900: ``_not_before_march_1900``) give pandas' answers
(``(e < s).to_numpy(dtype=bool, na_value=False)``, ``(col < when).any()``) for every value, NaT and the type's
edges included, at any length around their pieces; a column of another type is compared by pandas as before.
They failed before: pandas compared every ``datetime64[ns]`` column (counted below).
"""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from pandas.core.arrays.datetimelike import DatetimeLikeArrayMixin

from windoweval.records import order
from windoweval.records.contract import contracts

validate = importlib.import_module("windoweval.records.validate")   # (the package's `validate` is the function)

NAT = np.iinfo(np.int64).min
EDGES = np.array([NAT + 1, NAT + 2, -1, 0, 1, np.iinfo(np.int64).max - 1, np.iinfo(np.int64).max,
                  pd.Timestamp("1900-03-01").value - 1, pd.Timestamp("1900-03-01").value,
                  pd.Timestamp("1900-03-01").value + 1], dtype=np.int64)
PIECE = 1 << 16   # order._PIECE and validate._BEFORE_PIECE (asserted below)
SIZES = [0, 1, 2, PIECE - 1, PIECE, PIECE + 1, 3 * PIECE + 17]


def _stamps(rng, n: int, nat: float = 0.1, edges: bool = True, back: int = 4_000_000_000) -> np.ndarray:
    """n date-times from ``back`` seconds before 2025 (1898 by default) to 2026, a share ``nat`` missing."""
    v = (np.int64(1_735_689_600) + rng.integers(-back, 40_000_000, n)) * 1_000_000_000
    if edges and n:
        at = rng.integers(0, n, min(n, 40))
        v[at] = rng.choice(EDGES, len(at))
    v[rng.random(n) < nat] = NAT
    return v.view("datetime64[ns]")


@pytest.fixture
def pandas_compares(monkeypatch):
    """How many times pandas compared a date-time column."""
    calls = []
    real = DatetimeLikeArrayMixin._cmp_method

    def counted(self, other, op):
        calls.append(op)
        return real(self, other, op)

    monkeypatch.setattr(DatetimeLikeArrayMixin, "_cmp_method", counted)
    return calls


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_earlier_is_pandas_less(n, seed):
    rng = np.random.default_rng(seed * 100 + n)
    df = pd.DataFrame({"e": _stamps(rng, n), "s": _stamps(rng, n)})
    df.loc[df.index[: n // 3], "s"] = df["e"].iloc[: n // 3].to_numpy()   # equal values: not earlier
    want = (df["e"] < df["s"]).to_numpy(dtype=bool, na_value=False)
    got = order.earlier(df["e"], df["s"])
    assert got.dtype == bool and got.shape == want.shape
    assert np.array_equal(got, want)
    assert np.array_equal(order.earlier(df["s"], df["e"]), (df["s"] < df["e"]).to_numpy(dtype=bool, na_value=False))


def test_earlier_every_pair_of_edges():
    from windoweval.records.cutoff import date_only

    v = np.concatenate([[NAT], EDGES])
    # a value at a day's 00:00 and one nanosecond is a time written as a date alone (verdict43): anywhere in its day,
    # so not pandas' comparison (tests/test_verdict43_date_only.py); the other edges are
    v = v[~date_only(v)]
    a, b = np.repeat(v, len(v)), np.tile(v, len(v))
    e, s = pd.Series(a.view("datetime64[ns]")), pd.Series(b.view("datetime64[ns]"))
    assert np.array_equal(order.earlier(e, s), (e < s).to_numpy(dtype=bool, na_value=False))


def test_earlier_other_types_as_pandas():
    e, s = pd.Series([1.0, np.nan, 3.0]), pd.Series([2.0, 2.0, np.nan])
    assert order.earlier(e, s).tolist() == [True, False, False]
    # columns of two frames with other row labels: pandas' own refusal, as before
    with pytest.raises(ValueError):
        order.earlier(pd.Series(_stamps(np.random.default_rng(0), 3)),
                      pd.Series(_stamps(np.random.default_rng(1), 3), index=[5, 6, 7]))
    # a zoned column is pandas' to compare
    z = pd.Series(pd.to_datetime(["2025-03-05 10:00", None]).tz_localize("Asia/Shanghai"))
    assert order.earlier(z, z + pd.Timedelta(minutes=1)).tolist() == [True, False]


def test_order_rules_no_pandas_comparison(pandas_compares):
    """order_problems, flag_mask and both_problems on date-time columns: no pandas comparison (failed before: one
    or three per rule), the same rows as pandas' comparison."""
    rng = np.random.default_rng(7)
    n = 2 * PIECE + 5
    df = pd.DataFrame({"received_at": _stamps(rng, n, edges=False), "arrived_at": _stamps(rng, n, edges=False),
                       "completed_at": _stamps(rng, n, edges=False)})
    want = (df["arrived_at"] < df["received_at"]).to_numpy(dtype=bool, na_value=False)
    files, rows = np.array(["工单.csv"] * n, dtype=object), np.arange(2, n + 2)
    pandas_compares.clear()
    pr = order.order_problems(df, {"arrived_at": ["received_at"]}, files, rows)
    assert pandas_compares == []
    assert pr["row"].tolist() == rows[want].tolist()
    c = contracts()["work_orders"]
    flagged = order.flag_mask(c, df)
    assert pandas_compares == []
    want_flag = np.zeros(n, dtype=bool)
    for end, starts in (c.flag_before or {}).items():
        for start in starts:
            if end in df and start in df:
                want_flag |= (df[end] < df[start]).to_numpy(dtype=bool, na_value=False)
    assert want_flag.any() and np.array_equal(flagged, want_flag)
    pandas_compares.clear()   # (want_flag's own comparisons)
    calls = pd.DataFrame({"answered_at": _stamps(rng, n, edges=False), "hung_up_at": _stamps(rng, n, edges=False)})
    both = order.both_problems(calls, (("answered_at", "hung_up_at"),), files, rows)
    assert pandas_compares == []
    want_both = (calls["answered_at"].notna() & calls["hung_up_at"].notna()
                 & (calls["hung_up_at"] < calls["answered_at"])).to_numpy(dtype=bool)
    assert want_both.any() and both["row"].tolist() == rows[want_both].tolist()


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_any_before_is_pandas(n, seed):
    rng = np.random.default_rng(seed * 1000 + n)
    col = pd.Series(_stamps(rng, n, nat=[0.0, 0.1, 0.9, 1.0][seed], edges=seed % 2 == 1))
    for when in (validate._EXCEL_1900_BUG_END, pd.Timestamp("2025-01-01"), pd.Timestamp("2020-06-30 12:00")):
        assert validate._any_before(col, when) == bool((col < when).any())
    # one early value at a piece's edge, else none
    if n:
        for at in {0, n - 1, min(n - 1, PIECE), min(n - 1, PIECE - 1)}:
            c = col.copy()
            c.iloc[at] = pd.Timestamp("1900-02-28 12:00")
            assert validate._any_before(c, validate._EXCEL_1900_BUG_END) == bool((c < validate._EXCEL_1900_BUG_END).any())


def test_not_before_march_1900_no_pandas_comparison(pandas_compares):
    """A typed date-time column is checked without a pandas comparison (failed before: one); an early date still
    sends it the slow way (None)."""
    col = pd.Series(_stamps(np.random.default_rng(3), 3 * PIECE, edges=False, back=10**9))
    pandas_compares.clear()
    assert validate._not_before_march_1900(col) is col
    assert pandas_compares == []
    col.iloc[-1] = pd.Timestamp("1900-02-28 12:00")
    assert validate._not_before_march_1900(col) is None
    col.iloc[-1] = pd.NaT
    assert validate._not_before_march_1900(col) is col


def test_pieces_as_sized_here():
    assert order._PIECE == validate._BEFORE_PIECE == PIECE
