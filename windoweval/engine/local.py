"""The local pandas path: a store dataset read piece by piece or column by column, a file read once for several years."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..records import contracts, find_file, read_records
from .plan import AGG_COLUMNS, Item
from .frame import _empty_agg, _failing, evaluate_frame


def _first_frames(frames, n: int) -> list:
    """Frames taken in order from ``frames`` until they hold at least ``n`` rows (all of them if fewer); the rest
    is not read."""
    got, k = [], 0
    for f in frames:
        got.append(f)
        k += len(f)
        if k >= n:
            break
    return got


def _typed(kind: str, column: str) -> str:
    """The dtype a store read gives ``column`` of ``kind`` (:func:`windoweval.records.store.conform`)."""
    from ..records import contracts
    from ..records.store import _PANDAS
    return _PANDAS[contracts()[kind].columns[column]["type"]]


def _each_piece(pieces, items: list[Item], threads: int | None = None, fn=None, queued: int = 1):
    """``evaluate_frame`` of each piece (or ``fn(piece)``), in order, on a few threads (numpy and Arrow let go of
    the GIL).

    At most ``threads + queued`` pieces are given to the threads at once (``queued`` of them waiting for one), and
    one more is being read.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    threads = threads or max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(threads, thread_name_prefix="windoweval") as ex:
        pending: deque = deque()
        for piece in pieces:
            pending.append(ex.submit(fn, piece) if fn is not None else ex.submit(evaluate_frame, piece, items, False))
            if len(pending) >= threads + queued:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def distinct_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct rows of ``df`` (its first occurrences, dtypes kept) and how many times each occurs.

    Missing values are a value of their own.  The store's selecting columns
    (window, order type: a few hundred combinations in millions of rows)
    are counted so, then judged once per combination
    (:func:`~windoweval.engine.account.tally` with ``weights``).

    Examples
    --------
    >>> d, n = distinct_rows(pd.DataFrame({"w": ["A", "B", "A", None], "t": ["x", "y", "x", "x"]}))
    >>> d.fillna("?").values.tolist(), n.tolist()
    ([['A', 'x'], ['B', 'y'], ['?', 'x']], [2, 1, 1])
    """
    if not len(df) or not df.shape[1]:
        return df.iloc[:min(len(df), 1)], np.array([len(df)] * min(len(df), 1), dtype=np.int64)
    key = np.zeros(len(df), dtype=np.int64)
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes, k = s.array.codes.astype(np.int64), len(s.cat.categories)
        else:
            codes, uniq = pd.factorize(s, use_na_sentinel=True)
            k = len(uniq)
        if (int(key.max(initial=0)) + 1) * (k + 1) >= 1 << 62:  # many values: re-code the key so far
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * (k + 1) + (codes + 1)  # -1 (missing) is 0
    codes, uniq = pd.factorize(key)  # numbered in the order they first occur
    n = np.bincount(codes, minlength=len(uniq)).astype(np.int64)
    top = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.r_[True, top[1:] > top[:-1]])  # where the next new number first occurs
    return df.take(first), n


#: The largest integer a float64 holds with every integer below it: sums of whole numbers under it are exact in
#: any order.
_EXACT = float(2 ** 53)


def _sum_aggs(aggs: list[pd.DataFrame]) -> pd.DataFrame:
    """The counts of several pieces (or partitions) of the records, summed per window.

    The windows in the order they first occur (as ``groupby(sort=False)`` gives them), each column added up on
    the windows' integer codes: the integer columns as integers, the float ones (weights) where each holds whole
    numbers whose sum stays exact as a float; otherwise (fractions of a weight, an unknown weight counted as
    infinite, a window id missing, columns typed otherwise) by pandas' ``groupby``, whose compensated sums of
    fractions this does not redo.  The same frame either way.

    Examples
    --------
    >>> a = pd.DataFrame({c: [1, 2] for c in AGG_COLUMNS}, index=pd.Index(["B", "A"], name="window_id"))
    >>> b = pd.DataFrame({c: [5] for c in AGG_COLUMNS}, index=pd.Index(["A"], name="window_id"))
    >>> _sum_aggs([a, b])[["records", "met"]].to_dict("index")
    {'B': {'records': 1, 'met': 1}, 'A': {'records': 7, 'met': 7}}
    """
    aggs = [a for a in aggs if len(a)]
    if not aggs:
        return _empty_agg()
    if len(aggs) == 1:
        return aggs[0]
    summed = _summed_on_codes(aggs)
    if summed is not None:
        return summed
    return pd.concat(aggs).groupby(level="window_id", sort=False).sum()[AGG_COLUMNS]


def _summed_on_codes(aggs: list[pd.DataFrame]) -> pd.DataFrame | None:
    """:func:`_sum_aggs` on the windows' integer codes, or None where it would not be the groupby's frame exactly:
    every count and weight a whole number whose sums stay below 2**53 (each exact as a float64, in any order), the
    same columns, types and type of window ids in every piece."""
    first = aggs[0]
    types = list(first.dtypes)
    kind = first.index.dtype
    if list(first.columns) != AGG_COLUMNS or any(t != np.dtype(np.int64) and t != np.dtype(np.float64) for t in types):
        return None
    if any(a.index.name != "window_id" or a.index.dtype != kind or list(a.columns) != AGG_COLUMNS
           or list(a.dtypes) != types for a in aggs):
        return None
    ids = np.concatenate([a.index.to_numpy(dtype=object) for a in aggs])
    codes, windows = pd.factorize(ids, use_na_sentinel=True)     # numbered in the order they first occur
    if len(codes) and codes.min() < 0:      # a window id missing: the groupby leaves its rows out
        return None
    v = np.concatenate([a.to_numpy(dtype=np.float64) for a in aggs])
    if not (np.isfinite(v).all() and np.array_equal(v, np.floor(v)) and (np.abs(v).sum(axis=0) < _EXACT).all()):
        return None
    k = len(windows)
    return pd.DataFrame({c: np.bincount(codes, weights=v[:, j], minlength=k).astype(t)
                         for j, (c, t) in enumerate(zip(AGG_COLUMNS, types))},
                        index=pd.Index(windows, dtype=kind, name="window_id"))


class _PiecePopulation:
    """A record-by-record measure scored piece by piece: a drill-down reads the pieces again (all
    columns), judges them again and keeps the missed records (or all, ``include_passed``).  ``kept``: the
    missed records put aside while scoring (:class:`~windoweval.engine.missed_pass.KeptPass`), if asked."""

    kept = None

    def __init__(self, item: Item, pieces):
        self.item, self.pieces = item, pieces

    def materialise(self, mask=None, include_passed: bool = True):
        frames = [_failing(p, self.item, include_passed) for p in self.pieces()]
        frames = [f for f in frames if len(f)] or frames[:1]
        if not frames:
            return pd.DataFrame(), pd.Series(pd.array([], dtype="boolean"), name="passed")
        out = pd.concat(frames, ignore_index=True)
        return out.drop(columns="passed"), out["passed"]


class _Loader:
    """Reads a kind's full records once, on first use; ``pieces`` (optional) reads them again in pieces, row for
    row, for a reader that wants only some rows (the missed records, :mod:`windoweval.engine.drill`)."""

    def __init__(self, fn, pieces=None, kind: str | None = None):
        self.fn, self.df, self.pieces, self.kind = fn, None, pieces, kind

    def __call__(self):
        if self.df is None:
            self.df = self.fn()
        return self.df


def _store_dataset(kind: str, data, found: list | None = None) -> Path | None:
    """The ``kind`` dataset of the data directory if it is a validated store dataset (``found``: what
    ``find_files(kind, data_dir)`` gave already, to look once)."""
    from ..records.store import is_validated

    f = find_file(kind, paths.data_dir(data)) if found is None else (found[0] if found else None)
    return f if f is not None and f.is_dir() and is_validated(f, kind) else None


def read_years(kind: str, data=None, years=(), mapping: dict | None = None) -> dict[int, pd.DataFrame] | None:
    """The ``kind`` records of several ``years`` from one read of a file that holds every year, by year.

    For a CSV, XLSX or single Parquet file, :func:`~windoweval.records.read_records`
    reads and validates the whole file whatever the year asked for; reading it
    once for two years (a year and its baseline) halves that work.  Each
    year's frame is the one ``read_records(kind, data, year=y)`` gives.
    None for a dataset directory (its year partitions are read on their own)
    and when the data directory holds no such file.

    Examples
    --------
    >>> by = read_years("work_orders", None, (2025, 2024))
    >>> sorted(by), bool(by[2025]["received_at"].dt.year.eq(2025).all())
    ([2024, 2025], True)
    >>> read_years("calls_95598", None, (2025, 2024)) is None  # a year-partitioned dataset
    True
    """
    f = find_file(kind, paths.data_dir(data))
    if f is None or f.is_dir():
        return None
    df = read_records(kind, data, mapping=mapping)
    c = contracts()[kind]
    return {int(y): c.rows_of_year(df, int(y)) for y in years}
