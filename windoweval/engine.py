"""Evaluating the measures: one code path, on pandas in memory or on Dask partitions.

:func:`windoweval.scoring.score` plans its measures (population, kernel,
parameters, windows) and hands them to :func:`evaluate`, which reads each
kind of record once and applies every measure that reads it:

* without a scheduler, on one pandas DataFrame per kind
  (:func:`windoweval.records.read_records`);
* with a scheduler (``"local"``, ``"local:N"``, a scheduler address such as
  ``"tcp://10.0.0.5:8786"``, a :class:`distributed.Client`, or one of Dask's
  in-process schedulers ``"threads"`` / ``"sync"``), on a Dask DataFrame per
  kind: Parquet through :func:`dask.dataframe.read_parquet` (only the
  columns the measures need, only the year's partitions), CSV through
  :func:`dask.dataframe.read_csv`.

A store dataset (:mod:`windoweval.records.store`) is read column by column: only
the columns the measures read, those only selected by (``window_id``, the
population columns) as categoricals; a drill-down reads the rest when it
asks.

Both run the same function, :func:`evaluate_frame`, which for each measure
keeps the windows it applies to and its population (``where``), sets aside
the clause's own exceptions, calls the kernel and counts per window.  On
Dask it runs on every partition and the counts are summed with a Dask
groupby; the kernels, the calendar and the counting are the pandas ones, so
the results are the same.  Kernels whose verdict for a record depends on
other records (unit-level counts and rosters, ``band_span``) need the whole
population: their populations (the measure's rows and columns only) are
computed into pandas and evaluated there.

Examples
--------
>>> import pandas as pd
>>> from windoweval.kernels import KERNELS
>>> df = pd.DataFrame({"window_id": ["A", "A", "B"], "s": pd.to_datetime(["2025-01-02 08:00"] * 3),
...                    "e": pd.to_datetime(["2025-01-02 08:30", "2025-01-02 09:30", None])})
>>> it = Item({"measure": "m", "records": "x"}, ["A", "B"], KERNELS["time_limit"],
...           {"start": "s", "end": "e", "limit": 45, "unit": "minutes"})
>>> evaluate_frame(df, [it])["m"].agg[["records", "n", "met"]].to_dict("index")
{'A': {'records': 2, 'n': 2, 'met': 1}, 'B': {'records': 1, 'n': 0, 'met': 0}}
"""
from __future__ import annotations

import inspect
import logging
import os
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import paths
from .kernels import Measure, open_of
from .records import contracts, find_file, read_records

__all__ = ["Item", "Evaluated", "evaluate", "evaluate_frame", "where_mask", "read_dask", "read_years",
           "needed_columns", "read_columns", "row_filters", "AGG_COLUMNS", "LOCAL_SCHEDULERS"]

#: The counts per window that a measure's evaluation yields (summed across partitions).
AGG_COLUMNS = ["records", "n", "met", "w_n", "w_met", "exempt", "open", "visits"]

#: Dask's in-process schedulers (no cluster): handy for tests and small data.
LOCAL_SCHEDULERS = ("threads", "sync", "synchronous", "single-threaded", "processes")

#: A planned measure (the engine's name for :class:`windoweval.kernels.Measure`): its kernel declares the
#: columns it reads and whether it is row-local (:func:`windoweval.kernels.kernel`).
Item = Measure


class Evaluated(NamedTuple):
    """A measure's counts per window (``agg``, columns :data:`AGG_COLUMNS`), its population and pass mask.

    ``pop`` may be kept by reference (an object with ``materialise(mask,
    include_passed)``, taken when a drill-down asks); on Dask ``mask`` is
    None until then.

    Examples
    --------
    >>> Evaluated._fields
    ('agg', 'pop', 'mask')
    """

    agg: pd.DataFrame
    pop: object
    mask: pd.Series


def needed_columns(item: Item, columns) -> list[str] | None:
    """The columns of ``columns`` that ``item``'s kernel reads, or None when it may read any.

    A record-level kernel is not handed ``window_id`` (the counting per
    window is done outside it); a unit-level one is.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders"}, ["A"], KERNELS["time_limit"],
    ...           {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> needed_columns(it, ["order_id", "window_id", "received_at", "arrived_at", "completed_at"])
    ['received_at', 'arrived_at']
    """
    if item.kernel.name == "promises_kept":
        got = _promise_columns(item, columns)
        return None if got is None else [c for c in columns if c in got[0] | got[1]]
    k = item.kernel
    if k.reads is None:
        return None
    cols = set(columns)
    want = set(k.reads)
    if k.level != "record":
        want.add("window_id")
    sig = k.signature  # defaults name columns too (band_span's time)
    params = {**{n: p.default for n, p in sig.items() if p.default is not inspect.Parameter.empty}, **item.params}
    for v in (params.get(p) for p in k.columns):  # the parameters the kernel declares as naming columns
        vals = v if isinstance(v, (list, tuple)) else [v]
        want.update(x for x in vals if isinstance(x, str) and x in cols)
    if item.m.get("weight_column"):
        want.add(item.m["weight_column"])
    return [c for c in columns if c in want]


def _promise_columns(item: Item, columns) -> tuple[set, set] | None:
    """A ``promises_kept`` measure's columns: (those its promises' kernels read, with the records' key;
    those it only selects rows or windows by), or None when one of its promises may read any column."""
    from .kernels import KERNELS

    kind = item.params.get("kind", item.kind)
    if kind not in contracts():
        return None
    read, select = set(contracts()[kind].key), {"window_id"}
    for _, m in item.params.get("promises") or ():
        k = KERNELS[m["kernel"]]
        if k.level != "record" or k.name == "promises_kept":
            continue
        need = needed_columns(Item(m, item.wins, k, k.bind(m.get("params") or {})), columns)
        if need is None:
            return None
        read.update(need)
        select.update(m.get("where") or {})
    return read & set(columns), (select - read) & set(columns)


def read_columns(items: list[Item], columns: list[str]) -> tuple[list[str], list[str]] | None:
    """The columns to read for ``items`` (one kind), and those of them only rows are selected by.

    None when a kernel may read any column.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": "fault_repair"}}, ["A"],
    ...           KERNELS["time_limit"], {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    >>> read_columns([it], ["order_id", "window_id", "order_type", "received_at", "arrived_at"])
    (['window_id', 'order_type', 'received_at', 'arrived_at'], ['window_id', 'order_type'])
    """
    need = [needed_columns(it, columns) for it in items]
    if any(n is None for n in need):
        return None
    select = {"window_id"} | {c for it in items for c in (it.m.get("where") or {})}
    by_promise = {id(it): _promise_columns(it, columns)[1] for it in items if it.kernel.name == "promises_kept"}
    for only in by_promise.values():  # the columns promises only select rows by: categoricals too
        select |= only
    kernel_cols = {c for it, n in zip(items, need) for c in n if c not in by_promise.get(id(it), ())}
    want = kernel_cols | select
    return [c for c in columns if c in want], [c for c in columns if c in select - kernel_cols]


def row_filters(items: list[Item], kind: str) -> list[tuple]:
    """Row filters that every measure of ``items`` implies: a category column all of them select values of.

    The rows no measure could use are then not read at all (scoring one
    standard whose measures use some order types of the work orders).

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> its = [Item({"measure": m, "records": "work_orders", "where": {"order_type": t}}, ["A"], KERNELS["flag"], {})
    ...        for m, t in (("a", "fault_repair"), ("b", "appointment"))]
    >>> row_filters(its, "work_orders")
    [('order_type', 'in', ['appointment', 'fault_repair'])]
    """
    spec = contracts()[kind].columns
    out = []
    for col, s in spec.items():
        if s["type"] != "category" or not items:
            continue
        vals = set()
        for it in items:
            cond = (it.m.get("where") or {}).get(col)
            if cond is None or isinstance(cond, dict):
                break
            vals.update(cond if isinstance(cond, list) else [cond])
        else:
            if not set(map(str, s.get("values") or [])) <= set(map(str, vals)):  # not every value: worth it
                out.append((col, "in", sorted(map(str, vals))))
    return out


# -- one frame ---------------------------------------------------------------


class _Codes:
    """Integer codes of a frame's string columns, worked out once per frame and column."""

    def __init__(self, df: pd.DataFrame):
        self.df = df
        self._cache: dict = {}
        self._missing: dict = {}
        self._luts: dict = {}
        self._kinds: dict = {}
        self._frames: dict = {}

    def factorizable(self, col: str) -> bool:
        if col not in self._kinds:
            dt = self.df.dtypes[col]
            self._kinds[col] = isinstance(dt, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dt)
        return self._kinds[col]

    def columns(self, cols: list[str] | None) -> pd.DataFrame:
        """``df[cols]`` (the whole frame for None), made once per set of columns."""
        if cols is None:
            return self.df
        key = tuple(cols)
        if key not in self._frames:
            self._frames[key] = self.df[cols]
        return self._frames[key]

    def get(self, col: str) -> tuple[np.ndarray, pd.Index]:
        if col not in self._cache:
            s = self.df[col]
            if isinstance(s.dtype, pd.CategoricalDtype):  # small ints already: -1 is missing
                codes, uniq = s.array.codes, s.cat.categories
            else:
                codes, uniq = pd.factorize(s)
                uniq = pd.Index(uniq)
            self._cache[col] = (codes, uniq)
        return self._cache[col]

    def _lut(self, col: str, values) -> np.ndarray:
        key = (col, tuple(values))
        if key not in self._luts:
            uniq = self.get(col)[1]
            self._luts[key] = np.append(np.asarray(uniq.isin(list(values)), dtype=bool), False)  # -1 (missing): False
        return self._luts[key]

    def isin(self, col: str, values, pos: np.ndarray | None = None) -> np.ndarray:
        """``df[col].isin(values)`` (missing values False) from the codes, at rows ``pos`` or all."""
        codes = self.get(col)[0]
        return self._lut(col, values)[codes if pos is None else codes[pos]]

    def select(self, col: str, values, pos: np.ndarray | None = None) -> np.ndarray | None:
        """The rows (of ``pos``, or of all when None) whose ``col`` is in ``values``; None still means all."""
        lut = self._lut(col, values)
        codes = self.get(col)[0]
        if lut[:-1].all():  # every value there is wanted: only missing ones would go
            if col not in self._missing:
                self._missing[col] = bool((codes < 0).any())
            if not self._missing[col]:
                return pos  # no pass over the rows
        wanted = np.flatnonzero(lut[:-1])
        sub = codes if pos is None else codes[pos]
        hit = (sub == wanted[0]) if len(wanted) == 1 else lut[sub]  # one value: a compare, no gather
        return np.flatnonzero(hit) if pos is None else pos[hit]


def where_mask(df: pd.DataFrame, where: dict | None, codes: _Codes | None = None) -> np.ndarray:
    """The rows of ``df`` in a measure's population, as a boolean array (see :func:`windoweval.scoring.apply_where`).

    Lists of values on text columns are matched on the column's codes;
    everything else is :func:`~windoweval.scoring.apply_where` itself.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"k": ["a", "b", None], "q": [5, 11, 12]})
    >>> where_mask(df, {"k": ["a", "b"], "q": {"gt": 5}}).tolist()
    [False, True, False]
    """
    from .population import apply_where

    keep = np.ones(len(df), dtype=bool)
    if not where:
        return keep
    codes = codes or _Codes(df)
    rest = {}
    for col, cond in where.items():
        if not isinstance(cond, dict) and col in df and codes.factorizable(col):
            keep &= codes.isin(col, cond if isinstance(cond, list) else [cond])
        else:
            rest[col] = cond
    if rest:
        sub = df[list(rest)].reset_index(drop=True)
        sel = np.zeros(len(df), dtype=bool)
        sel[apply_where(sub, rest).index.to_numpy()] = True
        keep &= sel
    return keep


def _positions(df: pd.DataFrame, it: Item, codes: _Codes) -> np.ndarray | None:
    """The rows (ascending positions) of ``it``'s windows and population; None for every row."""
    where = dict(it.m.get("where") or {})
    pos = None
    for col in [c for c, cond in where.items() if not isinstance(cond, dict) and c in df and codes.factorizable(c)]:
        cond = where.pop(col)
        pos = codes.select(col, cond if isinstance(cond, list) else [cond], pos)
    if "window_id" in df:
        pos = codes.select("window_id", it.wins, pos)
    if where:  # comparisons and non-text columns: apply_where's own rules, on the rows left
        sub = df[list(where)] if pos is None else df[list(where)].take(pos)
        m = where_mask(sub.reset_index(drop=True), where)
        pos = np.flatnonzero(m) if pos is None else pos[m]
    return pos


def _counts(codes: np.ndarray, k: int, sel: np.ndarray | None = None, weights=None) -> np.ndarray:
    c = codes if sel is None else codes[sel]
    w = None if weights is None else (weights if sel is None else weights[sel])
    return np.bincount(c, weights=w, minlength=k)


def _agg_frame(wcodes, uniq: pd.Index, mask: pd.Series, weights: np.ndarray | None,
               exempt_codes: np.ndarray | None = None, units: np.ndarray | None = None) -> pd.DataFrame:
    """Counts per window; ``units`` (codes, e.g. a checklist's visits) adds how many distinct units each window has."""
    k = len(uniq)
    if units is not None and len(units):
        pairs = np.unique(np.stack([np.asarray(wcodes, dtype=np.int64), units.astype(np.int64)]), axis=1)
        pairs = pairs[:, (pairs[0] >= 0) & (pairs[1] >= 0)]
        nunits = np.bincount(pairs[0], minlength=k)
    else:
        nunits = np.zeros(k, dtype=np.int64)
    assessed = ~np.asarray(mask.isna())
    met = mask.to_numpy(dtype=bool, na_value=False)
    opened = open_of(mask)  # no completion yet, deadline not passed by the cut-off: counted apart
    wcodes = np.asarray(wcodes)
    if len(wcodes) and wcodes.min() < 0:  # rows without a window (a unit kernel's NaN key): not counted
        ok = wcodes >= 0
        wcodes, assessed, met, opened = wcodes[ok], assessed[ok], met[ok], opened[ok]
        weights = None if weights is None else weights[ok]
    records = np.bincount(wcodes, minlength=k)
    n = _counts(wcodes, k, assessed)
    nmet = _counts(wcodes, k, met)
    nopen = _counts(wcodes, k, opened)
    if weights is None:
        w_n, w_met = n.astype(float), nmet.astype(float)
    else:
        w_n = _counts(wcodes, k, None, weights * assessed)
        w_met = _counts(wcodes, k, None, weights * met)
    if exempt_codes is not None and len(exempt_codes):
        ex = np.bincount(exempt_codes[exempt_codes >= 0], minlength=k)
    else:
        ex = np.zeros(k, dtype=np.int64)
    keep = (records > 0) | (ex > 0)  # the windows with records, as a groupby would give them
    return pd.DataFrame({"records": records[keep].astype(np.int64), "n": n[keep].astype(np.int64),
                         "met": nmet[keep].astype(np.int64), "w_n": w_n[keep].astype(float),
                         "w_met": w_met[keep].astype(float), "exempt": ex[keep].astype(np.int64),
                         "open": nopen[keep].astype(np.int64), "visits": nunits[keep].astype(np.int64)},
                        index=pd.Index(uniq[keep], name="window_id"))


def _empty_agg() -> pd.DataFrame:
    """The counts of a measure with no records."""
    return pd.DataFrame({c: pd.Series(dtype=np.int64 if c not in ("w_n", "w_met") else float) for c in AGG_COLUMNS},
                        index=pd.Index([], name="window_id", dtype=object))


class _FramePopulation:
    """A measure's population kept by reference (the kind's frame and a row selection), taken on demand.

    ``full`` (when the frame holds only the columns the measures read) gives
    the kind's records with all their columns, row for row.
    """

    def __init__(self, df: pd.DataFrame, pos: np.ndarray | None, full=None):
        self.df, self.pos, self.full = df, pos, full

    def materialise(self, mask: pd.Series, include_passed: bool = True):
        src, pos = self.df, self.pos
        if self.full is not None:
            src = self.full()
            if len(src) != len(self.df) or not src.index.equals(self.df.index):
                raise RuntimeError("the records changed since they were scored / 评分后记录已改变: score again")
        if not include_passed and mask is not None:  # only the missed rows are taken (rows in proportion)
            keep = mask.eq(False).to_numpy(dtype=bool, na_value=False)
            pos, mask = (np.flatnonzero(keep) if pos is None else pos[keep]), mask[keep]
        return (src if pos is None else src.take(pos)), mask


def _each_piece(pieces, items: list[Item], threads: int | None = None):
    """``evaluate_frame`` of each piece, in order, on a few threads (numpy and Arrow let go of the GIL).

    At most ``threads + 1`` pieces are in memory at once.
    """
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    threads = threads or max(1, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(threads, thread_name_prefix="windoweval") as ex:
        pending: deque = deque()
        for piece in pieces:
            pending.append(ex.submit(evaluate_frame, piece, items, False))
            if len(pending) > threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _sum_aggs(aggs: list[pd.DataFrame]) -> pd.DataFrame:
    """The counts of several pieces (or partitions) of the records, summed per window."""
    aggs = [a for a in aggs if len(a)]
    if not aggs:
        return _empty_agg()
    if len(aggs) == 1:
        return aggs[0]
    return pd.concat(aggs).groupby(level="window_id", sort=False).sum()[AGG_COLUMNS]


class _PiecePopulation:
    """A record-by-record measure scored piece by piece: a drill-down reads the pieces again (all
    columns), judges them again and keeps the missed records (or all, ``include_passed``)."""

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
    """Reads a kind's full records once, on first use."""

    def __init__(self, fn):
        self.fn, self.df = fn, None

    def __call__(self):
        if self.df is None:
            self.df = self.fn()
        return self.df


def evaluate_frame(df: pd.DataFrame, items: list[Item], detail: bool = True, full=None) -> dict[str, Evaluated]:
    """Evaluate measures of one kind of record on one frame (all the records, or one partition).

    For each measure: the rows of its windows and population, less the
    clause's own exceptions (counted as ``exempt``), go to its kernel with
    the columns it reads; the verdicts are counted per window.

    Parameters
    ----------
    df : DataFrame
        Records of one kind.
    items : list of Item
        Measures reading that kind.
    detail : bool
        Keep each measure's population and mask (for the drill-down).
    full : callable, optional
        The kind's records with all their columns, row for row with ``df``,
        when ``df`` holds only some (for the drill-down).

    Returns
    -------
    dict
        measure -> :class:`Evaluated`.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "B"], "ok": pd.array([True, None], dtype="boolean")})
    >>> ev = evaluate_frame(df, [Item({"measure": "m", "records": "x"}, ["A", "B"], KERNELS["flag"], {"column": "ok"})])
    >>> ev["m"].agg[["records", "n", "met"]].values.tolist()
    [[1, 1, 1], [1, 0, 0]]
    """
    codes = _Codes(df)
    has_w = "window_id" in df
    columns = list(df.columns)
    out = {}
    for it in items:
        cols = needed_columns(it, columns)
        # the population found on integer codes (None: every row), then the measure's one way to meet records
        mask, pop, pos, exempt = it.apply(codes.columns(cols), _positions(df, it, codes), selected=True)
        k = it.kernel
        exempt_codes = codes.get("window_id")[0][exempt] if (exempt is not None and has_w) else None
        if k.level == "record":
            wcodes, uniq = codes.get("window_id")
            wc = it.m.get("weight_column")
            weights = pop[wc].fillna(0).to_numpy(dtype=float) if wc else None
            units = pd.factorize(pop[k.units])[0] if (k.units and k.units in pop) else None
            agg = _agg_frame(wcodes if pos is None else wcodes[pos], uniq, mask, weights, exempt_codes, units)
        else:
            wcodes, uniq = pd.factorize(pd.Series(mask.index.get_level_values("window_id")))
            ex_codes = None
            if exempt_codes is not None:  # re-code the exempt rows' windows onto the mask's windows
                _, wu = codes.get("window_id")
                ex_ids = pd.Index(wu[exempt_codes])
                uniq = pd.Index(uniq).append(ex_ids.difference(pd.Index(uniq))).unique()
                wcodes = uniq.get_indexer(mask.index.get_level_values("window_id"))
                ex_codes = uniq.get_indexer(ex_ids)
            agg = _agg_frame(wcodes, pd.Index(uniq), mask, None, ex_codes)
        if detail:
            if k.level == "record":
                kept = _FramePopulation(df, pos, full) if (cols is not None or full is not None) else pop
            else:
                kept = df if pos is None else df.take(pos)
            out[it.measure] = Evaluated(agg, kept, mask)
        else:
            out[it.measure] = Evaluated(agg, None, None)
    return out


# -- engines -----------------------------------------------------------------


def evaluate(items: list[Item], data=None, year: int | None = None, mapping: dict | None = None,
             records: dict | None = None, scheduler=None) -> dict[str, Evaluated]:
    """Evaluate planned measures, reading each kind of record once.

    Parameters
    ----------
    items : list of Item
        The measures (see :func:`windoweval.scoring.score`).
    data : path, optional
        The records directory (the demo data by default).
    year : int, optional
        Keep the records of this year.
    mapping : dict, optional
        The workspace's header and code mapping, by kind.
    records : dict, optional
        ``{kind: DataFrame}`` already read (evaluated in pandas).
    scheduler : optional
        None for pandas; else a Dask scheduler (see the module docstring).

    Returns
    -------
    dict
        measure -> :class:`Evaluated`.

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A"], "ok": pd.array([True], dtype="boolean")})
    >>> it = Item({"measure": "m", "records": "x"}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> evaluate([it], records={"x": df}, scheduler="sync")["m"].agg["met"].tolist()
    [1]
    """
    mapping = mapping or {}
    records = records or {}
    by_kind: dict[str, list[Item]] = {}
    for it in items:
        by_kind.setdefault(it.kind, []).append(it)
    out: dict[str, Evaluated] = Results()
    if scheduler is None:
        for kind, its in by_kind.items():
            if kind in records:
                df = _prepare(kind, records[kind])
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
                continue
            f = _store_dataset(kind, data)
            plan = read_columns(its, list(contracts()[kind].columns)) if f is not None else None
            if plan is None:
                df = _prepare(kind, read_records(kind, data, year=year, mapping=mapping.get(kind)))
                out.update(evaluate_frame(df, its))
                out.unscored.append(unscored(df, its, kind))
            else:  # a store dataset: only the columns the measures read; the rest if a drill-down asks
                from .records.store import iter_validated, read_validated
                cols, cats = plan
                rows = row_filters(its, kind)
                full = _Loader(lambda kind=kind, f=f, rows=rows: read_validated(kind, f, year=year, rows=rows))
                if all(it.row_local for it in its):  # piece by piece: the memory of a piece, counts summed
                    pieces = iter_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
                    parts: dict[str, list] = {it.measure: [] for it in its}
                    for evs in _each_piece(pieces, its):
                        for measure, ev in evs.items():
                            parts[measure].append(ev.agg)
                    for it in its:
                        again = (lambda kind=kind, f=f, rows=rows: iter_validated(kind, f, year=year, rows=rows))
                        out[it.measure] = Evaluated(_sum_aggs(parts[it.measure]), _PiecePopulation(it, again), None)
                else:
                    df = read_validated(kind, f, year=year, columns=cols, categorical=cats, rows=rows)
                    out.update(evaluate_frame(df, its, full=full))
                    if not rows:  # every row read: the ones no measure took can be counted
                        out.unscored.append(unscored(df, its, kind))
        return out
    return _evaluate_dask(by_kind, data, year, mapping, records, scheduler)


def _prepare(kind: str, df: pd.DataFrame) -> pd.DataFrame:
    """A kind's records as the measures read them: transcripts exported one turn per row become one
    dialogue per transcript (:func:`windoweval.dialogue.join_turns`)."""
    if kind == "transcripts" and "speaker" in df and df["speaker"].notna().any():
        from .dialogue import join_turns
        return join_turns(df)
    return df


class Results(dict):
    """measure -> :class:`Evaluated`, with ``unscored``: per kind, the records no measure's population took
    (frames of :func:`unscored`; a kind read piece by piece or on Dask is not listed)."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.unscored: list = []


def _store_dataset(kind: str, data) -> Path | None:
    """The ``kind`` dataset of the data directory if it is a validated store dataset."""
    from .records.store import is_validated

    f = find_file(kind, paths.data_dir(data))
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
    period = contracts()[kind].period
    return {int(y): _year_rows(df, period, int(y)) for y in years}


class _Session:
    """Where Dask computes: an in-process scheduler, a client given, or a cluster started and closed here."""

    def __init__(self, scheduler):
        self.client = self.cluster = None
        self.scheduler = None
        self.own = False
        if isinstance(scheduler, str) and scheduler in LOCAL_SCHEDULERS:
            self.scheduler = scheduler
        elif hasattr(scheduler, "compute") and hasattr(scheduler, "submit"):  # a distributed.Client
            self.client = scheduler
        elif isinstance(scheduler, str) and (scheduler == "local" or scheduler.startswith("local:")):
            from distributed import Client, LocalCluster

            n = int(scheduler.split(":", 1)[1]) if ":" in scheduler else max(1, min(4, os.cpu_count() or 1))
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
            self.own = True
        elif isinstance(scheduler, str):
            from distributed import Client

            self.client = Client(scheduler)
        else:
            raise ValueError(f"未知的调度器 / unknown scheduler {scheduler!r}: use 'local', 'local:N', an address "
                             f"(tcp://host:8786), a distributed.Client, or one of {LOCAL_SCHEDULERS}")

    def compute(self, *objs):
        import dask

        if self.client is not None and self.client.status == "running":
            return dask.compute(*objs, scheduler=self.client)
        return dask.compute(*objs, scheduler=self.scheduler or "threads")

    def close(self):
        if self.own:
            self.client.close()
            self.cluster.close()


def _encoding(f: Path) -> str:
    head = f.read_bytes()[: 1 << 16]
    head = head[: head.rfind(b"\n") + 1] or head
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def _year_rows(df: pd.DataFrame, period: str | None, year: int | None) -> pd.DataFrame:
    if year is None or period is None or period not in df:
        return df
    per = df[period]
    yr = per.dt.year if pd.api.types.is_datetime64_any_dtype(per) else pd.to_numeric(per)
    for c in contracts().values():  # a contract whose filing column comes before its clock start
        if c.periods and c.period == period and set(c.periods) <= set(df.columns):
            yr = c.year_of(df)
            break
    keep = (yr == int(year)).to_numpy(dtype=bool, na_value=False)
    return df if keep.all() else df[keep]


def _conform_part(part: pd.DataFrame, kind: str, year, cols: list[str], by_year: bool) -> pd.DataFrame:
    from .records.store import conform

    c = contracts()[kind]
    df = conform(part, kind)
    if not by_year:  # a year= partition holds that year only
        df = _year_rows(df, c.period, year)
    return df[cols]


def _validate_part(part: pd.DataFrame, kind: str, file: str, mapping: dict, only, year, cols) -> pd.DataFrame:
    from .records import validate

    from .records.mapping import apply_mapping

    c = contracts()[kind]
    part = part.drop(columns=[x for x in ("year", "month") if x in part and x not in c.columns])
    mapped, plan = apply_mapping(part.set_axis(range(part.shape[1]), axis=1), list(part.columns), kind, mapping, file)
    df = validate(mapped, kind, file=file, first_row=2, only=only, extra=plan.problems)
    df = _year_rows(df, c.period, year)
    return df[cols] if cols else df


def read_dask(kind: str, data=None, year: int | None = None, columns: list[str] | None = None,
              mapping: dict | None = None, blocksize: str = "64MB"):
    """The ``kind`` records of a data directory as a Dask DataFrame, typed and checked per partition.

    A store dataset (see :mod:`windoweval.records.store`) is read as it is: only
    ``columns``, only the ``year`` partitions.  Another Parquet file or CSV
    file is validated partition by partition (its key's uniqueness within
    each partition only: import it to check the whole delivery).  An XLSX
    file is read with pandas.

    Examples
    --------
    >>> ddf = read_dask("calls_95598", year=2025, columns=["window_id", "offered_at"])
    >>> list(ddf.columns), ddf.npartitions >= 1
    (['window_id', 'offered_at'], True)
    """
    import dask.dataframe as dd

    from .records.store import is_validated

    c = contracts()[kind]
    mapping = mapping or {}
    d = paths.data_dir(data)
    f = find_file(kind, d, mapping or None)
    cols = list(columns) if columns else list(c.columns)
    from .records.mapping import KindMapping

    km = KindMapping.of(kind, mapping) if mapping else None
    head = b""
    if f is not None and f.is_file():
        with open(f, "rb") as fh:
            head = fh.read(4)
    if (f is None or f.suffix not in (".csv", ".parquet", "") or (km is not None and km.file)
            or head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and 0 in head)):
        # workbooks, UTF-16, several files or a renamed export: the pandas reader (every sheet, every file)
        return dd.from_pandas(read_records(kind, data, year=year, columns=cols, mapping=mapping), npartitions=1)
    if f.is_dir() or f.suffix == ".parquet":
        by_year = f.is_dir() and any(p.name.startswith("year=") for p in f.iterdir())
        filters = [("year", "==", int(year))] if (year is not None and by_year) else None
        per = [c.period] if (c.period and year is not None) else []
        if f.is_dir() and is_validated(f, kind):
            read_cols = list(dict.fromkeys(cols + per))
            ddf = dd.read_parquet(str(f), columns=read_cols, filters=filters)
            meta = _conform_part(ddf._meta, kind, year, cols, by_year)
            return ddf.map_partitions(_conform_part, kind, year, cols, by_year, meta=meta)
        ddf = dd.read_parquet(str(f), filters=filters)
        read_cols = list(dict.fromkeys(cols + c.key + per))
        only = None
        if columns and set(read_cols) <= set(ddf.columns):  # contract names in the file: read just those
            ddf, only = ddf[read_cols], read_cols
    else:
        ddf = dd.read_csv(str(f), dtype=str, encoding=_encoding(f), keep_default_na=False, na_values=[""],
                          blocksize=blocksize)
        only = None
    meta = _validate_part(ddf._meta, kind, str(f), mapping, only, year, cols)
    return ddf.map_partitions(_validate_part, kind, str(f), mapping, only, year, cols, meta=meta)


def _agg_meta() -> pd.DataFrame:
    meta = _empty_agg().reset_index()
    meta["window_id"] = meta["window_id"].astype(str)
    meta.insert(0, "measure", pd.Series(dtype=str))
    return meta


def _partition_aggs(part: pd.DataFrame, items: list[Item]) -> pd.DataFrame:
    frames = []
    for measure, ev in evaluate_frame(part, items, detail=False).items():
        a = ev.agg.reset_index()
        a["window_id"] = a["window_id"].astype(str)
        a.insert(0, "measure", measure)
        frames.append(a)
    if not frames:
        return _agg_meta()
    out = pd.concat(frames, ignore_index=True)
    out["measure"] = out["measure"].astype(str)
    return out


def _population(part: pd.DataFrame, item: Item) -> pd.DataFrame:
    pos = _positions(part, item, _Codes(part))
    return part if pos is None else part.take(pos)


def _failing(part: pd.DataFrame, item: Item, include_passed: bool) -> pd.DataFrame:
    ev = evaluate_frame(part, [item])[item.measure]
    pop = ev.pop.materialise(ev.mask)[0] if hasattr(ev.pop, "materialise") else ev.pop
    out = pop.assign(passed=ev.mask, open=open_of(ev.mask))
    if not include_passed:
        out = out[out["passed"].eq(False).to_numpy(dtype=bool, na_value=False)]
    return out


class _DaskPopulation:
    """A record-level measure's population on Dask: read again (all columns) when a drill-down asks."""

    def __init__(self, item: Item, reader: tuple, session: _Session):
        self.item, self.reader, self.session = item, reader, session

    def materialise(self, mask=None, include_passed: bool = True):
        import dask

        ddf = read_dask(*self.reader)
        parts = [dask.delayed(_failing)(p, self.item, include_passed) for p in ddf.to_delayed()]
        frames = self.session.compute(*parts) if parts else []
        frames = [f for f in frames if len(f)]
        if not frames:
            empty = ddf._meta.assign(passed=pd.Series(pd.array([], dtype="boolean"), index=ddf._meta.index))
            return empty.drop(columns="passed"), empty["passed"]
        out = pd.concat(frames, ignore_index=True)
        return out.drop(columns="passed"), out["passed"]


def _evaluate_dask(by_kind: dict, data, year, mapping, records, scheduler) -> dict[str, Evaluated]:
    session = _Session(scheduler)
    try:
        out: dict[str, Evaluated] = {}
        lazy, plan = [], []
        for kind, its in by_kind.items():
            if kind in records:  # already in memory: pandas
                out.update(evaluate_frame(records[kind], its))
                continue
            plan_cols = read_columns(its, list(contracts()[kind].columns))
            ddf = read_dask(kind, data, year, plan_cols[0] if plan_cols else None, mapping.get(kind))
            local = [it for it in its if it.row_local]
            if local:
                aggs = ddf.map_partitions(_partition_aggs, local, meta=_agg_meta())
                lazy.append(aggs.groupby(["measure", "window_id"]).sum(split_out=1))  # tiny: no shuffle
                plan.append(("aggs", kind, local))
            for it in its:
                if not it.row_local:
                    lazy.append(ddf.map_partitions(_population, it, meta=ddf._meta))
                    plan.append(("pop", kind, it))
        done = session.compute(*lazy) if lazy else []
        for (what, kind, x), res in zip(plan, done):
            if what == "aggs":
                for it in x:
                    if len(res) and it.measure in res.index.get_level_values("measure"):
                        agg = res.xs(it.measure, level="measure")[AGG_COLUMNS]
                    else:
                        agg = _empty_agg()
                    reader = (kind, data, year, None, mapping.get(kind))
                    out[it.measure] = Evaluated(agg, _DaskPopulation(it, reader, session), None)
            else:
                out.update(evaluate_frame(res.reset_index(drop=True), [x]))
        return out
    finally:
        session.close()


# -- every record accounted for -------------------------------------------------

#: The columns of :func:`unscored`.
UNSCORED_COLUMNS = ["record_kind", "reason", "column", "value", "records"]


def unscored(df: pd.DataFrame, items: list[Item], kind: str) -> pd.DataFrame:
    """The records of one kind that fell in no measure's population, counted by why.

    Reasons: ``window`` (the record's window is none that a measure of this
    kind applies to: a window of a kind no clause covers, or not in the
    workspace), ``blank`` (a column a population selects on is empty), and
    ``value`` (the column holds a value no measure selects, e.g. an order
    type no clause speaks of).  A record set aside as a clause's own
    exception is in that measure's population (counted as ``exempt``).

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "A", "A", "Z"], "t": ["x", "y", None, "x"],
    ...                    "ok": pd.array([True] * 4, dtype="boolean")})
    >>> it = Item({"measure": "m", "records": "k", "where": {"t": "x"}}, ["A"], KERNELS["flag"], {"column": "ok"})
    >>> unscored(df, [it], "k")[["reason", "column", "value", "records"]].values.tolist()
    [['blank', 't', '', 1], ['value', 't', 'y', 1], ['window', 'window_id', 'Z', 1]]
    """
    if not len(df) or not items:
        return pd.DataFrame(columns=UNSCORED_COLUMNS)
    codes = _Codes(df)
    inside = np.zeros(len(df), dtype=bool)
    for it in items:
        pos = _positions(df, it, codes)
        if pos is None:
            return pd.DataFrame(columns=UNSCORED_COLUMNS)
        inside[pos] = True
    rest = np.flatnonzero(~inside)
    if not len(rest):
        return pd.DataFrame(columns=UNSCORED_COLUMNS)
    wins = sorted({w for it in items for w in it.wins})
    reason = np.full(len(rest), "value", dtype=object)
    column = np.full(len(rest), "", dtype=object)
    value = np.full(len(rest), "", dtype=object)
    todo = np.ones(len(rest), dtype=bool)
    if "window_id" in df:
        w = df["window_id"].to_numpy(dtype=object)[rest]
        off = ~pd.Series(w).isin(wins).to_numpy()
        reason[off], column[off], value[off] = "window", "window_id", pd.Series(w[off]).astype(str).to_numpy()
        todo &= ~off
    sel_cols = list(dict.fromkeys(c for it in items for c in (it.m.get("where") or {}) if c in df))
    for col in sel_cols:
        vals = df[col].iloc[rest]
        blank = vals.isna().to_numpy() & todo
        reason[blank], column[blank] = "blank", col
        todo &= ~blank
    if sel_cols and todo.any():  # first selecting column: the value no measure chose
        col = sel_cols[0]
        vals = df[col].iloc[rest].astype(str).to_numpy()
        column[todo], value[todo] = col, vals[todo]
    out = pd.DataFrame({"record_kind": kind, "reason": reason, "column": column, "value": value})
    return (out.groupby(["record_kind", "reason", "column", "value"], sort=True).size().rename("records")
            .reset_index()[UNSCORED_COLUMNS])
