"""Planning a measure's reading: the columns it needs, the rows a store read may skip, the population's codes."""
from __future__ import annotations

import inspect
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..kernels import Measure
from ..records import contracts


#: The counts per window that a measure's evaluation yields (summed across partitions).  ``excluded``: records
#: <NA> by the clause's rule (not missing evidence); ``w_miss``: the weight of the records whose evidence is
#: missing (their count when unweighted; infinite when one's own weight, a reading's duration, is unknown);
#: ``w_lost``: of that weight, what is certainly not met (:func:`~windoweval.kernels.base.with_bound`: a monitor's
#: minutes beyond a limit looser than the standard's), 0 where nothing is known.
AGG_COLUMNS = ["records", "n", "met", "w_n", "w_met", "exempt", "open", "visits", "excluded", "w_miss", "w_lost"]

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
    if getattr(item, "register", False):  # it selects its population itself
        want.update(c for c in (item.m.get("where") or {}) if c in cols)
    return [c for c in columns if c in want]


def _promise_columns(item: Item, columns) -> tuple[set, set] | None:
    """A ``promises_kept`` measure's columns: (those its promises' kernels read, with the records' key;
    those it only selects rows or windows by), or None when one of its promises may read any column."""
    from ..kernels import KERNELS

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
            at = self._at(col)
            lut = np.zeros(len(uniq) + 1, dtype=bool)      # -1 (missing): False
            try:       # text: the codes of the values wanted, looked up (a window list: a few names, not rows)
                if at is None:
                    raise TypeError
                lut[[at[v] for v in key[1] if isinstance(v, str) and v in at]] = True
            except TypeError:       # other values, or a value that is no key: pandas' own matching
                lut[:-1] = np.asarray(uniq.isin(list(values)), dtype=bool)
            self._luts[key] = lut
        return self._luts[key]

    def _at(self, col: str) -> dict | None:
        """``{value: code}`` of ``col``'s distinct values when they are all text (made once), else None (``isin``
        matches numbers across types: left to it)."""
        k = ("@", col)
        if k not in self._luts:
            vals = self.get(col)[1].tolist()
            self._luts[k] = {v: i for i, v in enumerate(vals)} if all(type(v) is str for v in vals) else None
        return self._luts[k]

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
    >>> where_mask(df, {"absent": "x"}).tolist(), where_mask(df, {"absent": {"isna": True}}).tolist()
    ([False, False, False], [True, True, True])
    """
    from ..population import apply_where

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
        sub = df[[c for c in rest if c in df]].reset_index(drop=True)
        absent = [c for c in rest if c not in df]
        if absent:   # a column the records lack: blank on every row (passes ne and isna, fails every other test)
            sub = sub.assign(**{c: pd.Series([pd.NA] * len(sub), dtype=object) for c in absent})
        sel = np.zeros(len(df), dtype=bool)
        sel[apply_where(sub, rest).index.to_numpy()] = True
        keep &= sel
    return keep


def kernel_positions(df: pd.DataFrame, it: Item, codes: _Codes) -> np.ndarray | None:
    """The rows (ascending positions) handed to ``it``'s kernel: its windows and population (:func:`_positions`),
    or for a kernel that judges a window by its whole register (:attr:`~windoweval.kernels.base.Measure.register`)
    every row of its windows; None for every row.  Accounting (``unscored``) reads the population alone.

    Examples
    --------
    >>> from windoweval.kernels import KERNELS
    >>> df = pd.DataFrame({"window_id": ["A", "A", "B", "C"], "kind": ["x", "y", "y", "x"]})
    >>> m = {"measure": "m", "records": "activities", "kernel": "count_at_least", "where": {"kind": "x"}}
    >>> it = Item(m, ["A", "B"], KERNELS["count_at_least"], {"min": 1})
    >>> kernel_positions(df, it, _Codes(df)).tolist(), _positions(df, it, _Codes(df)).tolist()
    ([0, 1, 2], [0])
    """
    if getattr(it, "register", False):
        return codes.select("window_id", it.wins, None) if "window_id" in df else None
    return _positions(df, it, codes)


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
        # a population column the frame lacks (no piece of the year was read; an optional column not exported)
        # is blank on every row: where_mask reads it so
        have = [c for c in where if c in df]
        sub = df[have] if pos is None else df[have].take(pos)
        m = where_mask(sub.reset_index(drop=True), where)
        pos = np.flatnonzero(m) if pos is None else pos[m]
    return pos
