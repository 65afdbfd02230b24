"""Metric kernels: small pure functions that return a pass mask.

Every kernel takes the records (a DataFrame, already narrowed to the clause's
population) and its parameters, and returns a nullable boolean Series named
``passed``: True met, False missed, <NA> not assessable (missing evidence).
Record-level kernels return one value per record, on the records' index;
unit-level kernels (counts, rosters) return one value per unit, on an index
that carries a ``window_id`` level.

Each kernel is registered by its decorator, :func:`kernel`, which declares
everything about it: its message (Chinese and English), which the drill-down
shows beside every missed record; its level; the parameters that name
columns and any other columns it reads; whether its verdict for a record
depends on that record alone; the clause's own exceptions (``applies``) and
the drill-down's extra columns (``detail``).  The catalog, the engine and the
drill-down read that from the :class:`Kernel`: a new kernel is registered
nowhere else.  A clause's parameters are checked against the kernel's
signature when a standards file loads.

A :class:`Measure` (a catalog measure with its kernel and bound parameters)
meets records only through :meth:`Measure.apply`.

The context arguments ``calendar``, ``windows`` and ``year`` are supplied by
the scorer, never by a standards file.

No kernel loops over rows in Python: all work is column arithmetic.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"a": pd.to_datetime(["2025-01-02 08:00:00"] * 3),
...                    "b": pd.to_datetime(["2025-01-02 08:45:00", "2025-01-02 08:45:01", None])})
>>> time_limit(df, start="a", end="b", limit=45, unit="minutes").tolist()
[True, False, <NA>]
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .calendar import WorkCalendar

__all__ = ["KERNELS", "Kernel", "kernel", "Measure", "Applied", "normalise_text", "CONTEXT_ARGS"]

CONTEXT_ARGS = ("calendar", "windows", "year", "horizon", "promises")


def with_open(mask: pd.Series, open_) -> pd.Series:
    """Mark the records of ``mask`` that are open: no completion yet and the deadline not passed by the cut-off.

    An open record is <NA> in the mask (neither met nor missed) and is
    counted apart as ``open`` by the engine; see :func:`open_of`.
    """
    mask.attrs["open"] = np.asarray(open_, dtype=bool)
    return mask


def open_of(mask: pd.Series) -> np.ndarray:
    """Which values of a kernel's mask are open cases (all False when the kernel marks none).

    Examples
    --------
    >>> import pandas as pd
    >>> m = with_open(pd.Series(pd.array([True, None], dtype="boolean")), [False, True])
    >>> open_of(m).tolist(), open_of(pd.Series([True])).tolist()
    ([False, True], [False])
    """
    o = mask.attrs.get("open")
    if o is None or len(o) != len(mask):
        return np.zeros(len(mask), dtype=bool)
    return np.asarray(o, dtype=bool)


@dataclass(frozen=True)
class Kernel:
    """A registered kernel: the function, its level, its message and what it reads (see :func:`kernel`)."""

    name: str
    func: Callable
    level: str  # "record" | "unit"
    message_zh: str
    message_en: str
    applies: Callable | None = None  # records the clause itself leaves out (its stated exceptions)
    columns: tuple = ()  # the parameters that name columns of the records
    reads: tuple | None = ()  # other columns it reads; None: any column (it is handed the whole frame)
    row_local: bool = False  # a record's verdict depends on that record alone (safe per partition)
    units: str | None = None  # a column whose distinct values per window are its units of evidence (visits)
    detail: Callable | None = None  # detail(drilldown, params) -> the drill-down with the kernel's own columns

    @functools.cached_property
    def signature(self) -> dict:
        """The function's parameters (``inspect.signature(func).parameters``), worked out once."""
        return dict(inspect.signature(self.func).parameters)

    @property
    def parameters(self) -> list[str]:
        """Parameter names a standards file may set."""
        return [p for p in list(self.signature)[1:] if p not in CONTEXT_ARGS]

    @property
    def required(self) -> list[str]:
        """Parameters without a default."""
        return [n for n, p in list(self.signature.items())[1:]
                if p.default is inspect.Parameter.empty and n not in CONTEXT_ARGS]

    def bind(self, params: dict, *, calendar=None, windows=None, year=None, art203: bool = False,
             horizon=None, options: dict | None = None, promises=()) -> dict:
        """A measure's parameters with the scorer's context filled in, as the kernel takes them.

        ``calendar``, ``windows`` and ``year`` are passed when the kernel takes
        them.  ``art203`` (the workspace's option: a last day on a rest day or
        holiday moves to the next working day, Civil Code art. 203) becomes
        ``extend_to_workday`` for calendar-day limits only: ``time_limit`` in
        days and the kernels without a unit whose limits are calendar days
        (``reply_within``, ``promises_kept``); a measure that sets
        ``extend_to_workday`` itself keeps its own.  ``horizon`` (the
        evaluation's cut-off: the workspace's extraction time, else the end of
        the year) is passed to the kernels that judge open cases.
        ``options`` (workspace options such as ``abandoned_within``) fill the
        parameters of the same name the kernel takes and the clause leaves
        unset.  ``promises`` (the ``(promise_id, measure)`` pairs the planner
        expanded) is passed to a kernel that takes it.  ``params`` is not changed.

        Examples
        --------
        >>> tl = KERNELS["time_limit"]
        >>> tl.bind({"start": "a", "end": "b", "limit": 3, "unit": "days"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 3, 'unit': 'days', 'calendar': None, 'horizon': None, 'extend_to_workday': True}
        >>> tl.bind({"start": "a", "end": "b", "limit": 45, "unit": "minutes"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 45, 'unit': 'minutes', 'calendar': None, 'horizon': None}
        >>> KERNELS["roster_any"].bind({"column": "english"}, windows=["PW01"], year=2025)
        {'column': 'english', 'windows': ['PW01'], 'year': 2025}
        """
        sig = self.signature
        out = dict(params)
        if "calendar" in sig:
            out["calendar"] = calendar
        if "windows" in sig:
            out["windows"] = windows
        if "year" in sig:
            out["year"] = year
        if "horizon" in sig:
            out["horizon"] = horizon
        for k, v in (options or {}).items():
            if k in sig and k not in params and k not in CONTEXT_ARGS:
                out[k] = v
        if "promises" in sig:
            out["promises"] = tuple(promises)
        if "extend_to_workday" in sig and "extend_to_workday" not in params \
                and ("unit" not in sig or params.get("unit") == "days"):
            out["extend_to_workday"] = art203
        return out

    def message(self, params: dict) -> str:
        """The kernel's message with the clause's parameters filled in, Chinese then English."""
        fmt = _SafeDict(params)
        return self.message_zh.format_map(fmt) + " / " + self.message_en.format_map(fmt)

    def __call__(self, df, **kw):
        return self.func(df, **kw)

    def applicable(self, df, **kw) -> np.ndarray:
        """Which records the clause speaks of (its own exceptions removed); all by default."""
        if self.applies is None:
            return np.ones(len(df), dtype=bool)
        return np.asarray(self.applies(df, **kw), dtype=bool)


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


KERNELS: dict[str, Kernel] = {}


def kernel(name: str, message_zh: str, message_en: str, level: str = "record", applies: Callable | None = None, *,
           columns: tuple = (), reads: tuple | None = (), row_local: bool = False, units: str | None = None,
           detail: Callable | None = None):
    """Register a kernel under ``name``, declaring everything the catalog, the engine and the drill-down need.

    Parameters
    ----------
    name, message_zh, message_en : str
        The kernel's name in standards files and its message (``{param}``
        placeholders are filled from the clause's parameters).
    level : {"record", "unit"}
        One verdict per record, or per unit (on an index with a ``window_id`` level).
    applies : callable, optional
        ``applies(df, **params)``: which records the clause speaks of at all
        (e.g. not the documented special circumstances, not a sample received
        after the last cut-off); the scorer counts the others as ``exempt``
        rather than as missing evidence.
    columns : tuple of str
        The parameters whose values (a column name or a list of them) name
        columns of the records: the catalog checks them against the contract,
        and the kernel is handed those columns only.
    reads : tuple of str or None
        The columns it reads that no parameter names (a checklist's
        ``item``, ``result``); None when it may read any column (it is then
        handed every column, and a store dataset is read whole).
    row_local : bool
        A record-level kernel whose verdict for a record depends on that
        record alone: evaluated piece by piece and per Dask partition.
    units : str, optional
        A column whose distinct values per window are counted as the units of
        evidence (a checklist's inspection visits, held to ``min_visits``).
    detail : callable, optional
        ``detail(drilldown, params)``: the drill-down with the kernel's own
        columns added (e.g. the elapsed time).

    Examples
    --------
    >>> k = KERNELS["checklist"]
    >>> k.reads, k.row_local, k.units
    (('item', 'result', 'visit_id'), True, 'visit_id')
    >>> KERNELS["reply_within"].reads is None   # its horizon is the latest date of any column
    True
    """

    def deco(func):
        KERNELS[name] = Kernel(name, func, level, message_zh, message_en, applies, tuple(columns),
                               None if reads is None else tuple(reads), row_local, units, detail)
        return func

    return deco


class Applied(NamedTuple):
    """What :meth:`Measure.apply` gives: the kernel's ``mask``, the records it judged (``pop``), their
    positions in the frame (``rows``; None: every row) and the positions of the population's records the
    clause itself leaves out (``exempt``; None: none)."""

    mask: pd.Series
    pop: pd.DataFrame
    rows: np.ndarray | None
    exempt: np.ndarray | None


@dataclass
class Measure:
    """A catalog measure ready to meet records: the measure ``m``, its windows, kernel and bound parameters.

    ``params`` are the kernel's arguments with the scorer's context
    (``calendar``, ``windows``, ``year``, ...) filled in; ``wins`` None
    applies it to every window.  :meth:`apply` is the only way a measure
    meets records: the engine, the complaint tables, the promises and the
    case tests all go through it.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Measure.of({"measure": "m", "records": "work_orders", "kernel": "flag", "params": {"column": "ok"},
    ...                 "where": {"t": "x"}}, ["A"])
    >>> m.kind, m.row_local
    ('work_orders', True)
    >>> df = pd.DataFrame({"window_id": ["A", "A", "B"], "t": ["x", "y", "x"], "ok": [True, True, False]})
    >>> a = m.apply(df)
    >>> a.rows.tolist(), a.mask.tolist()
    ([0], [True])
    """

    m: dict
    wins: list | None
    kernel: Kernel
    params: dict = field(default_factory=dict)

    @classmethod
    def of(cls, m: dict, wins: list | None = None, params: dict | None = None, **context) -> "Measure":
        """The measure ``m`` with its kernel and parameters (``params``, else the measure's own) bound to
        ``context`` (see :meth:`Kernel.bind`)."""
        k = KERNELS[m["kernel"]]
        return cls(m, wins, k, k.bind(dict(m.get("params") or {}) if params is None else params,
                                      windows=wins, **context))

    @property
    def measure(self) -> str:
        return self.m["measure"]

    @property
    def kind(self) -> str:
        return self.m["records"]

    @property
    def row_local(self) -> bool:
        return self.kernel.level == "record" and self.kernel.row_local

    def population(self, df: pd.DataFrame) -> np.ndarray | None:
        """The positions of the rows of ``df`` in the measure's windows and population (``where``); None: all."""
        from .population import apply_where

        keep = None
        if self.wins is not None and "window_id" in df:
            keep = df["window_id"].isin(self.wins).to_numpy(dtype=bool, na_value=False)
        where = self.m.get("where")
        if where:
            sel = np.zeros(len(df), dtype=bool)
            sel[apply_where(df[list(where)].reset_index(drop=True), where).index.to_numpy()] = True
            keep = sel if keep is None else keep & sel
        return None if keep is None or keep.all() else np.flatnonzero(keep)

    def apply(self, df: pd.DataFrame, rows: np.ndarray | None = None, *, selected: bool = False) -> Applied:
        """The measure applied to ``df``: its population, the clause's own exceptions set aside, the kernel.

        The population is selected here (:meth:`population`) unless the
        caller has (``selected=True``; ``rows`` its positions, None every
        row), as the engine does on integer codes.  ``df`` may hold only the
        columns the kernel reads.  A record-level kernel is not called on no records.
        """
        if not selected:
            rows = self.population(df)
        pop = df if rows is None else df.take(rows)
        exempt = None
        if self.kernel.applies is not None:
            ok = self.kernel.applicable(pop, **self.params)
            if not ok.all():
                at = np.arange(len(df)) if rows is None else rows
                exempt, rows, pop = at[~ok], at[ok], pop[ok]
        if self.kernel.level == "record" and not len(pop):  # no records: no verdicts (the kernel is not called)
            return Applied(pd.Series(pd.array([], dtype="boolean"), index=pop.index, name="passed"), pop, rows, exempt)
        return Applied(self.kernel(pop, **self.params), pop, rows, exempt)


def _mask(values, index, missing=None) -> pd.Series:
    miss = None if missing is None else np.asarray(missing)
    if miss is not None and miss.dtype == bool and isinstance(values, np.ndarray) and values.dtype == bool:
        # the common case, built in one go (no item assignment)
        return pd.Series(pd.arrays.BooleanArray(values & ~miss, miss.copy()), index=index, name="passed")
    out = pd.Series(pd.array(values, dtype="boolean"), index=index, name="passed")
    if miss is not None:
        out[miss] = pd.NA
    return out


def _apply_missing(mask: pd.Series, missing_rows, missing: str) -> pd.Series:
    if missing == "fail":
        mask[np.asarray(missing_rows)] = False
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    return mask


def not_exempt(df: pd.DataFrame, exempt: str | None = None, **_) -> np.ndarray:
    """Records not flagged in the ``exempt`` column (the clause's documented special circumstances)."""
    if not exempt:
        return np.ones(len(df), dtype=bool)
    return ~df[exempt].fillna(False).astype(bool).to_numpy()


def _cutoff_minute(rule: dict) -> tuple[int, bool]:
    """A rule's cut-off in minutes and whether the cut-off minute itself is inside (``until``) or not (``before``)."""
    if "until" in rule:
        return _clock(rule["until"]), True
    return _clock(rule["before"]), False


def _within_cutoffs(df: pd.DataFrame, start: str, rules: list, exempt: str | None = None, **_) -> np.ndarray:
    s = df[start]
    minute = (s.dt.hour * 60 + s.dt.minute + s.dt.second / 60).to_numpy(dtype=float, na_value=np.nan)
    last, incl = max(_cutoff_minute(r) for r in rules)
    inside = (np.floor(minute) <= last) if incl else (minute < last)
    return (inside | np.isnan(minute)) & not_exempt(df, exempt)


def _exempt(mask: pd.Series, df: pd.DataFrame, exempt: str | None) -> pd.Series:
    if exempt:
        ex = df[exempt].fillna(False).astype(bool).to_numpy()
        mask[ex] = pd.NA
    return mask


_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600}
_NAT = np.iinfo(np.int64).min  # NaT as int64
_DAY_NS = 86_400 * 10**9


def _ns(col) -> np.ndarray:
    """A datetime column as int64 nanoseconds (NaT -> ``_NAT``), without a copy when it is datetime64[ns] already.

    A value carrying a time zone is taken in Asia/Shanghai wall-clock time, as the contracts say.
    """
    dtype = getattr(col, "dtype", None)
    if not (isinstance(dtype, np.dtype) and dtype.kind == "M"):
        col = pd.to_datetime(pd.Series(col))
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    a = np.asarray(col)
    if a.dtype != np.dtype("datetime64[ns]"):
        a = a.astype("datetime64[ns]")
    return a.view(np.int64)


def _time_limit_applies(df: pd.DataFrame, start: str = "", limit: float = 0, unit: str = "minutes",
                        exempt: str | None = None, abandoned: str | None = None,
                        abandoned_within: str = "excluded", **_) -> np.ndarray:
    """The records a time limit speaks of: not the clause's stated exceptions (``exempt``) and, by default,
    not a call the caller abandoned within the limit (``abandoned``: the hang-up time)."""
    keep = not_exempt(df, exempt)
    if abandoned and abandoned_within == "excluded" and unit in _UNIT_SECONDS:
        sv, hv = _ns(df[start]), _ns(df[abandoned])
        ans = df[_end_of(_)].isna().to_numpy() if _end_of(_) in df else np.ones(len(df), dtype=bool)
        short = (hv != _NAT) & (sv != _NAT) & ans & ((hv - sv) / 1e9 <= limit * _UNIT_SECONDS[unit])
        keep = keep & ~short
    return keep


def _end_of(params: dict) -> str:
    return params.get("end", "")


def _deadline_ns(sv: np.ndarray, limit, unit: str, calendar, extend_to_workday: bool) -> np.ndarray:
    """The first instant past each deadline (int64 ns): a record still without its end at that instant is overdue."""
    if unit in _UNIT_SECONDS:
        return sv + np.int64(round(float(limit) * _UNIT_SECONDS[unit] * 1e9)) + 1
    start = pd.Series(np.where(sv == _NAT, _NAT, sv).view("datetime64[ns]"))
    last = deadline_day(start, int(limit), unit == "working_days", calendar, extend_to_workday)
    return _ns(last) + _DAY_NS


def _elapsed(out: pd.DataFrame, params: dict) -> pd.DataFrame:
    """A time limit's drill-down: the elapsed minutes of each record (limits in seconds, minutes or hours)."""
    if params.get("unit") not in ("seconds", "minutes", "hours"):
        return out
    return out.assign(elapsed_min=(out[params["end"]] - out[params["start"]]).dt.total_seconds() / 60)


@kernel("time_limit", "超过时限 {limit} {unit}(含逾期未完成)", "over the limit of {limit} {unit} (or overdue, not done)",
        applies=_time_limit_applies, columns=("start", "end", "exempt", "abandoned", "special"), row_local=True,
        detail=_elapsed)
def time_limit(df: pd.DataFrame, start: str, end: str, limit: float, unit: str,
               missing: str = "na", exempt: str | None = None, early: str = "na",
               abandoned: str | None = None, abandoned_within: str = "excluded",
               special: str | None = None, extended_limit: float | None = None,
               calendar: WorkCalendar | None = None,
               extend_to_workday: bool = False, horizon=None) -> pd.Series:
    """Elapsed time from ``start`` to ``end`` within ``limit`` ``unit``.

    ``seconds``/``minutes``/``hours`` compare the elapsed time, the limit
    included (exactly 45:00 meets 45 minutes).  ``days`` and ``working_days``
    count whole days after the day of receipt: the limit ends at the end of
    the N-th (working) day after it.  ``extend_to_workday`` moves the last day
    of a ``days`` period off a rest day to the next working day (Civil Code
    art. 203; off by default).

    Open cases: a record with ``start`` but no ``end`` is missed (overdue)
    when its deadline has passed by ``horizon`` (the evaluation's cut-off:
    the workspace's ``extracted_at``, else the end of the year), and open
    (<NA>, counted apart, see :func:`open_of`) when it has not; without a
    horizon it is <NA> (missing evidence).  ``missing='fail'`` fails every
    record without ``end`` whatever the horizon.

    ``early='met'``: an end before the start meets the limit (an arrival
    before the agreed time); by default it is <NA> (not evidence).

    ``abandoned`` names the column holding the time the customer hung up (a
    call never answered): a call abandoned after the limit is missed; one
    abandoned within it is left out (``abandoned_within='excluded'``, the
    default, counted as exempt) or missed (``'missed'``, a workspace option).

    ``special`` names a bool column of documented special circumstances for
    which the clause allows the time to be extended appropriately (适当延长):
    those records are held to ``extended_limit`` (set in the workspace) and,
    while none is set, are <NA> (not assessed), never exempt.

    Records flagged in the ``exempt`` column are <NA> (not applicable).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": pd.to_datetime(["2025-09-30 16:00"] * 2),
    ...                    "d": pd.to_datetime(["2025-10-14 23:59", "2025-10-15 00:01"])})
    >>> time_limit(df, "r", "d", 5, "working_days").tolist()
    [True, False]
    >>> op = pd.DataFrame({"r": pd.to_datetime(["2025-06-01 10:00"] * 2), "d": pd.to_datetime([None, None])})
    >>> m = time_limit(op, "r", "d", 45, "minutes", horizon="2025-06-01 10:45:00")
    >>> m.tolist(), open_of(m).tolist()
    ([<NA>, <NA>], [True, True])
    >>> time_limit(op, "r", "d", 45, "minutes", horizon="2025-06-01 10:45:01").tolist()
    [False, False]
    """
    # int64 nanoseconds (NaT = _NAT): plain numpy arithmetic, no pandas datetime accessors
    sv, ev = _ns(df[start]), _ns(df[end])
    s_na, e_na = sv == _NAT, ev == _NAT
    miss = s_na | e_na
    if special and special in df:
        spec = df[special].astype("boolean").fillna(False).to_numpy(dtype=bool)
    else:
        spec = np.zeros(len(df), dtype=bool)

    def judge(lim):
        if unit in _UNIT_SECONDS:
            elapsed = (ev - sv) / 1e9  # seconds, as Timedelta.total_seconds() gives them
            ok_ = elapsed <= lim * _UNIT_SECONDS[unit]
            neg = elapsed < 0
            return ok_, neg
        if unit == "days":
            last = np.where(s_na, _NAT, (sv // _DAY_NS) * _DAY_NS + int(lim) * _DAY_NS)
            if extend_to_workday:
                cal = calendar or WorkCalendar()
                last = _ns(cal.next_workday_on_or_after(last.view("datetime64[ns]")))
            return (ev // _DAY_NS) * _DAY_NS <= last, np.zeros(len(sv), dtype=bool)
        if unit == "working_days":
            cal = calendar or WorkCalendar()
            ok_ = cal.within_workdays(np.where(miss, _NAT, sv).view("datetime64[ns]"),
                                      np.where(miss, _NAT, ev).view("datetime64[ns]"),
                                      int(lim)).to_numpy(dtype=bool, na_value=False)
            return ok_, np.zeros(len(sv), dtype=bool)
        raise ValueError(f"unit 应为 seconds/minutes/hours/days/working_days / unknown unit {unit!r}")

    ok, neg = judge(limit)
    if spec.any() and extended_limit is not None:
        ok2, neg2 = judge(extended_limit)
        ok, neg = np.where(spec, ok2, ok), np.where(spec, neg2, neg)
    if early == "met":
        ok = ok | (neg & ~miss)
    elif early == "na":
        miss = miss | neg  # end before start: not evidence of anything
    else:
        raise ValueError(f"early 应为 'na' 或 'met' / early must be 'na' or 'met', got {early!r}")
    na = miss
    open_ = np.zeros(len(df), dtype=bool)
    pending = e_na & ~s_na
    if abandoned and abandoned in df:
        hv = _ns(df[abandoned])
        gone = pending & (hv != _NAT)  # hung up before an answer: never answered, not open
        ok, na = ok & ~gone, na & ~gone
        pending = pending & ~gone
    if missing == "fail":  # no end: missed, not missing
        ok, na = ok & ~pending, na & ~pending
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    elif horizon is not None and pending.any():
        h = _ns(pd.Series([pd.Timestamp(horizon)]))[0]
        lim = np.where(spec, extended_limit if extended_limit is not None else limit, limit) if spec.any() else None
        due = _deadline_ns(np.where(pending, sv, _NAT), limit, unit, calendar, extend_to_workday)
        if lim is not None and extended_limit is not None:
            due2 = _deadline_ns(np.where(pending, sv, _NAT), extended_limit, unit, calendar, extend_to_workday)
            due = np.where(spec, due2, due)
        overdue = pending & (h >= due)
        if extended_limit is None:
            overdue &= ~spec  # the longer limit is not set: cannot say when it falls due
        ok, na = ok & ~overdue, na & ~overdue
        open_ = pending & ~overdue & ~(spec & (extended_limit is None))
    if spec.any() and extended_limit is None:
        na = na | spec  # 适当延长 without a longer limit set: not assessed (never exempt)
    if exempt:
        na = na | df[exempt].fillna(False).astype(bool).to_numpy()
    out = pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=df.index, name="passed")
    return with_open(out, open_ & na)


def _clock(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


@kernel("cutoff", "未在截止时间前完成", "not done by the cut-off time", applies=_within_cutoffs,
        columns=("start", "end", "exempt", "special"), row_local=True)
def cutoff(df: pd.DataFrame, start: str, end: str, rules: list, tolerance_minutes: float = 0,
           missing: str = "na", exempt: str | None = None, special: str | None = None,
           extended_minutes: float | None = None) -> pd.Series:
    """Same-day cut-off deadlines: received before ``before``, done by ``due``.

    ``rules`` is a list of ``{before: "HH:MM", due: "HH:MM"}`` (received
    strictly before the cut-off) or ``{until: "HH:MM", due: "HH:MM"}``
    (received up to and including that minute), earliest first; a record is
    held to the first rule its start falls under, on the start's day.  A
    record received after the last cut-off is <NA> (the promise does not speak
    of it; the scorer counts it as exempt, see ``applies``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:29", "2025-04-08 09:31", "2025-04-08 09:00"]),
    ...                    "e": pd.to_datetime(["2025-04-08 14:30", "2025-04-08 18:00", "2025-04-08 14:31"])})
    >>> cutoff(df, "s", "e", [{"before": "09:30", "due": "14:30"}]).tolist()
    [True, <NA>, False]
    """
    s, e = df[start], df[end]
    minute = (s.dt.hour * 60 + s.dt.minute + s.dt.second / 60).to_numpy(dtype=float, na_value=np.nan)
    due = np.full(len(df), np.nan)
    for rule in reversed(rules):  # earliest rule wins: apply last
        cut, incl = _cutoff_minute(rule)
        inside = (np.floor(minute) <= cut) if incl else (minute < cut)
        due = np.where(inside, _clock(rule["due"]), due)
    day = s.dt.normalize()
    spec = (df[special].astype("boolean").fillna(False).to_numpy(dtype=bool) if special and special in df
            else np.zeros(len(df), dtype=bool))
    extra = np.where(spec, extended_minutes or 0, 0)  # 适当延长: the workspace's longer time for special cases
    deadline = day + pd.to_timedelta(due + tolerance_minutes + extra, unit="min")
    ok = (e <= deadline).to_numpy(dtype=bool, na_value=False)
    notapplic = np.isnan(due) | s.isna().to_numpy()
    mask = _mask(ok, df.index, notapplic | e.isna().to_numpy())
    mask = _apply_missing(mask, e.isna().to_numpy() & ~notapplic, missing)
    if spec.any() and extended_minutes is None:
        mask[spec] = pd.NA  # the longer time is not set: not assessed, never exempt
    return _exempt(mask, df, exempt)


@kernel("lead_time", "提前量不足 {min} {unit}", "announced less than {min} {unit} ahead",
        columns=("notice", "event"), row_local=True)
def lead_time(df: pd.DataFrame, notice: str, event: str, min: float, unit: str = "days",
              missing: str = "fail") -> pd.Series:
    """``notice`` at least ``min`` ``unit`` before ``event``.

    With ``unit='days'`` the days are calendar dates: announced on 1 March for
    an outage on 8 March is 7 days ahead.  A missing notice fails by default
    (no announcement is no announcement).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"n": pd.to_datetime(["2025-03-01 18:00", "2025-03-02 08:00", None]),
    ...                    "e": pd.to_datetime(["2025-03-08 08:00"] * 3)})
    >>> lead_time(df, "n", "e", 7).tolist()
    [True, False, False]
    """
    n, ev = df[notice], df[event]
    if unit == "days":
        lead = (ev.dt.normalize() - n.dt.normalize()).dt.days.to_numpy(dtype=float, na_value=np.nan)
    elif unit in _UNIT_SECONDS:
        lead = (ev - n).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan) / _UNIT_SECONDS[unit]
    else:
        raise ValueError(f"unit 应为 days/hours/minutes / unknown unit {unit!r}")
    mask = _mask(lead >= min, df.index, np.isnan(lead))
    return _apply_missing(mask, n.isna().to_numpy() & ev.notna().to_numpy(), missing)


@kernel("band", "偏差超出 {low}~{high}", "deviation outside {low} to {high}", columns=("value", "nominal"),
        row_local=True)
def band(df: pd.DataFrame, value: str, nominal: str, low: float, high: float) -> pd.Series:
    """Relative deviation (value − nominal) / nominal within [low, high].

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"v": [235.4, 235.5, 198.0, 197.9], "n": [220.0] * 4})
    >>> band(df, "v", "n", -0.10, 0.07).tolist()
    [True, False, True, False]
    """
    dev = _deviation(df, value, nominal)
    eps = 1e-12
    ok = (dev >= low - eps) & (dev <= high + eps)
    return _mask(ok, df.index, np.isnan(dev))


def _deviation(df, value, nominal) -> np.ndarray:
    v = df[value].to_numpy(dtype=float, na_value=np.nan)
    n = df[nominal].to_numpy(dtype=float, na_value=np.nan)
    return (v - n) / n


@kernel("band_span", "正负偏差绝对值之和超过 {max_span}",
        "positive and negative deviations together exceed {max_span}", columns=("value", "nominal", "by", "time"))
def band_span(df: pd.DataFrame, value: str, nominal: str, max_span: float,
              by: list | None = None, period: str = "D", time: str = "read_at") -> pd.Series:
    """The largest positive and largest negative deviation of a point in a period, together ≤ ``max_span``.

    第六条(一)1(1): for 35 kV and above, |max positive| + |max negative|
    deviation ≤ 10 %.  Every reading of a point-period shares that verdict,
    so the rate by time is the share of time in compliant periods.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": ["a"] * 2 + ["b"] * 2, "v": [36.4, 35.0, 37.5, 33.6], "n": [35.0] * 4,
    ...                    "t": pd.to_datetime(["2025-01-01 01:00", "2025-01-01 02:00"] * 2)})
    >>> band_span(df, "v", "n", 0.10, by=["p"], time="t").tolist()
    [True, True, False, False]
    """
    dev = pd.Series(_deviation(df, value, nominal), index=df.index)
    keys = [df[c] for c in (by or [])] + [df[time].dt.to_period(period)]
    g = dev.groupby(keys, sort=False)
    span = g.transform("max").clip(lower=0) + (-g.transform("min")).clip(lower=0)
    return _mask((span <= max_span + 1e-12).to_numpy(), df.index, dev.isna().to_numpy())


@kernel("flag", "未做到", "not done", columns=("column",), row_local=True)
def flag(df: pd.DataFrame, column: str, missing: str = "na") -> pd.Series:
    """A recorded yes/no: passed where ``column`` is true.

    Examples
    --------
    >>> import pandas as pd
    >>> flag(pd.DataFrame({"x": pd.array([True, False, None], dtype="boolean")}), "x").tolist()
    [True, False, <NA>]
    """
    col = df[column].astype("boolean")
    mask = _mask(col.fillna(False).to_numpy(), df.index, col.isna().to_numpy())
    return _apply_missing(mask, col.isna().to_numpy(), missing)


@kernel("checklist", "检查项不合格", "checklist item failed", reads=("item", "result", "visit_id"), row_local=True,
        units="visit_id")
def checklist(df: pd.DataFrame, items: list) -> pd.Series:
    """Inspection / mystery-shopper items: passed where result is 'pass'; 'na' is not applicable.

    The population is the rows whose ``item`` is one of ``items``; other rows are <NA>.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"item": ["a", "a", "b", "a"], "result": ["pass", "fail", "pass", "na"]})
    >>> checklist(df, ["a"]).tolist()
    [True, False, <NA>, <NA>]
    """
    res = df["result"].astype("string")
    inpop = df["item"].isin(items).to_numpy()
    return _mask((res == "pass").to_numpy(dtype=bool, na_value=False), df.index,
                 ~inpop | (res == "na").to_numpy(dtype=bool, na_value=True))


# -- phrases ---------------------------------------------------------------


def normalise_text(s: pd.Series) -> pd.Series:
    """Fold full-width to half-width (NFKC), drop spaces and punctuation, lower-case.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_text(pd.Series(["您 好！", "请慢走。"])).tolist()
    ['您好', '请慢走']
    """
    arr = pa.array(s.astype("string").fillna(""), type=pa.large_string())
    arr = pc.utf8_normalize(arr, form="NFKC")  # vectorised in Arrow, no per-row Python
    arr = pc.replace_substring_regex(arr, pattern=r"[\s\p{P}\p{S}_]+", replacement="")
    return pd.Series(pc.utf8_lower(arr).to_pandas().to_numpy(), index=s.index, dtype="string")


def _phrase_keys(phrases) -> list[str]:
    return normalise_text(pd.Series([_phrase_of(p) for p in phrases], dtype="string")).tolist()


def _phrase_of(p) -> str:
    return p["phrase"] if isinstance(p, dict) else str(p)


def _phrase_specs(phrases) -> list[dict]:
    """Each forbidden phrase, normalised: the phrase as quoted (``XX`` a placeholder for any words), the
    polite contexts it may stand in without being a violation, and the fragments that need review."""
    import re as _re

    out = []
    for p in phrases:
        d = p if isinstance(p, dict) else {"phrase": str(p)}
        key = _phrase_keys([d["phrase"]])[0]
        pattern = _re.escape(key).replace("xx", ".{1,12}?")
        polite = _phrase_keys(d.get("polite") or []) if d.get("polite") else []
        review = _phrase_keys(d.get("review") or []) if d.get("review") else []
        out.append({"phrase": d["phrase"], "pattern": pattern, "polite": polite, "review": review})
    return out


def _judge_phrases(norm: pd.Series, specs: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Per text: a violation (a phrase as quoted, outside its polite contexts) and a hit to review
    (only a fragment of a quoted phrase, which the rules cannot decide)."""
    viol = np.zeros(len(norm), dtype=bool)
    rev = np.zeros(len(norm), dtype=bool)
    for sp in specs:  # a handful of phrases, not rows
        h = norm
        for ctx in sp["polite"]:
            h = h.str.replace(ctx, "〇", regex=False)  # a polite use is not a hit
        whole = h.str.contains(sp["pattern"], regex=True).to_numpy(dtype=bool, na_value=False)
        viol |= whole
        for frag in sp["review"]:
            rev |= h.str.contains(frag, regex=False).to_numpy(dtype=bool, na_value=False) & ~whole
    return viol, rev & ~viol


@kernel("phrases_required", "未使用规范用语 {phrases}", "required phrase not used: {phrases}", columns=("text",),
        row_local=True)
def phrases_required(df: pd.DataFrame, phrases: list, text: str = "text", position: str = "any",
                     window_chars: int = 30) -> pd.Series:
    """At least one of ``phrases`` said by the staff: in their first turn (``start``), their last
    (``end``), or ``any``where in their turns.

    A dialogue's customer turns are never read (see :mod:`windoweval.dialogue`);
    a text without speaker labels is the staff's words alone.  Matching
    ignores punctuation, spaces and full-/half-width differences.
    ``window_chars`` is how far from the start of the first turn / the end of
    the last the phrase may stand.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["您 好!请问办什么业务", "请问办什么业务", None, "客户:您好。员工:请问办什么业务?"]})
    >>> phrases_required(df, ["您好"], position="start").tolist()
    [True, False, <NA>, False]
    """
    from .dialogue import staff_text

    raw = df[text]
    which = {"start": "first", "end": "last"}.get(position, "all")
    norm = normalise_text(staff_text(raw, which))
    if position == "start":
        hay = norm.str.slice(0, window_chars)
    elif position == "end":
        hay = norm.str.slice(-window_chars)
    else:
        hay = norm
    hit = np.zeros(len(df), dtype=bool)
    for p in _phrase_keys(phrases):  # loop over phrases (a handful), not rows
        hit |= hay.str.contains(p, regex=False).to_numpy(dtype=bool, na_value=False)
    return _mask(hit, df.index, raw.isna().to_numpy())


def _phrase_detail(out: pd.DataFrame, params: dict) -> pd.DataFrame:
    """A forbidden phrase's drill-down: every hit in its sentence (``hits``), violation, review or polite."""
    if not len(out):
        return out
    hits = phrase_hits(out[params.get("text", "text")], params["phrases"])
    shown = hits["status"].map({"violation": "违规 / violation", "review": "需人工复核 / needs review",
                                "polite": "礼貌用法 / polite"}) + ": " + hits["sentence"]
    ctx = shown.groupby(hits["row"]).agg(" | ".join)  # every hit in its sentence (drill-down only)
    return out.assign(hits=ctx.reindex(out.index))


@kernel("phrases_forbidden", "使用了服务禁忌用语", "forbidden phrase used", columns=("text",), row_local=True,
        detail=_phrase_detail)
def phrases_forbidden(df: pd.DataFrame, phrases: list, text: str = "text") -> pd.Series:
    """None of ``phrases`` said by the staff, each matched as the standard quotes it.

    A phrase is a string or ``{phrase, polite: [...], review: [...]}``:
    ``polite`` lists the contexts in which its words are courteous and no
    violation (我不知道您是否了解); ``review`` lists fragments of the quoted
    phrase that, found alone, the rules cannot decide (我不知道 without
    你去问别人): such a transcript is <NA> and goes to the 需人工复核
    (needs review) list (``mask.attrs["review"]``, :func:`phrase_hits`); it
    does not fail a window until an inspector confirms it.  ``XX`` in a
    quoted phrase stands for any few words.  Only staff turns are read;
    matching ignores punctuation, spaces and full-/half-width differences.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["您好,请稍等", "急 什 么!", "员工:我不知道您是否了解这项政策。", "员工:我不知道。",
    ...                             "客户:我不知道怎么办。员工:您好"]})
    >>> ph = ["急什么!", {"phrase": "我不知道,你去问别人", "review": ["我不知道"], "polite": ["我不知道您是否了解"]}]
    >>> m = phrases_forbidden(df, ph)
    >>> m.tolist(), m.attrs["review"].tolist()
    ([True, False, True, <NA>, True], [False, False, False, True, False])
    """
    from .dialogue import staff_text

    raw = df[text]
    norm = normalise_text(staff_text(raw, "all"))
    viol, rev = _judge_phrases(norm, _phrase_specs(phrases))
    out = _mask(~viol, df.index, raw.isna().to_numpy() | rev)
    out.attrs["review"] = rev
    return out


def phrase_hits(texts: pd.Series, phrases: list) -> pd.DataFrame:
    """Every hit of ``phrases`` in the staff's words of ``texts``, shown in its sentence.

    Returns
    -------
    DataFrame with columns ``row`` (the text's index), ``phrase``,
    ``status`` (``violation``; ``polite``: in a listed polite context, no
    violation; ``review``: a fragment the rules cannot decide, 需人工复核) and
    ``sentence`` (the staff's sentence, as said).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Series(["好的,急什么!慢慢来", "员工:我不知道您是否了解。员工:我不知道。"])
    >>> ph = ["急什么", {"phrase": "我不知道,你去问别人", "review": ["我不知道"], "polite": ["我不知道您是否了解"]}]
    >>> phrase_hits(t, ph)[["row", "status", "sentence"]].values.tolist()
    [[0, 'violation', '好的,急什么!'], [1, 'polite', '我不知道您是否了解。'], [1, 'review', '我不知道。']]
    """
    from .dialogue import staff_text

    staff = staff_text(texts, "all")
    sent = staff.str.split(r"(?<=[。!?!?;；\n])", regex=True).explode()
    sent = sent[sent.notna() & (sent.astype("string").str.strip() != "")].astype("string")
    rows = pd.Series(sent.index, index=range(len(sent)))
    sent = sent.reset_index(drop=True)
    norm = normalise_text(sent)
    frames = []
    for sp in _phrase_specs(phrases):
        plain = norm.str.contains(sp["pattern"], regex=True).to_numpy(dtype=bool, na_value=False)
        viol, rev = _judge_phrases(norm, [sp])
        frag = np.zeros(len(norm), dtype=bool)
        for f in sp["review"]:
            frag |= norm.str.contains(f, regex=False).to_numpy(dtype=bool, na_value=False)
        polite = (plain | frag) & ~viol & ~rev
        status = np.select([viol, rev, polite], ["violation", "review", "polite"], default="")
        keep = status != ""
        frames.append(pd.DataFrame({"row": rows.to_numpy()[keep], "phrase": sp["phrase"], "status": status[keep],
                                    "sentence": sent.str.strip().to_numpy()[keep], "_at": np.flatnonzero(keep)}))
    if not frames:
        return pd.DataFrame(columns=["row", "phrase", "status", "sentence"])
    out = pd.concat(frames, ignore_index=True).sort_values(["row", "_at"], kind="stable")
    return out.drop(columns="_at").reset_index(drop=True)


# -- unit-level kernels ---------------------------------------------------
def _year_of(df, time):
    col = df[time]
    if pd.api.types.is_datetime64_any_dtype(col):
        return col.dt.year
    return pd.to_numeric(col, errors="coerce")


@kernel("count_limit", "次数超过 {max}", "more than {max} times", level="unit",
        columns=("unit", "time", "distinct"))
def count_limit(df: pd.DataFrame, unit: str, time: str, max: int, distinct: str | None = None) -> pd.Series:
    """Events per unit (customer) and year at most ``max``.

    Returns one value per (window_id, unit, year).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["w"] * 3, "c": ["x", "x", "y"], "o": ["1", "2", "1"],
    ...                    "t": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01"])})
    >>> count_limit(df, "c", "t", 1, distinct="o").tolist()
    [False, True]
    """
    keys = [df["window_id"], df[unit], _year_of(df, time).rename("year")]
    g = df.groupby(keys, sort=True, observed=True)
    n = g[distinct].nunique() if distinct else g.size()
    return pd.Series(pd.array((n <= max).to_numpy(), dtype="boolean"), index=n.index, name="passed")


@kernel("count_at_least", "次数少于 {min}", "fewer than {min}", level="unit", columns=("time", "distinct"))
def count_at_least(df: pd.DataFrame, min: int, time: str | None = None, distinct: str | None = None,
                   windows: list | None = None, year: int | None = None) -> pd.Series:
    """At least ``min`` events per window in the year (a window with none fails).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "a", "b"], "k": ["1", "2", "3", "1"]})
    >>> count_at_least(df, 3, distinct="k", windows=["a", "b", "c"]).tolist()
    [True, False, False]
    """
    g = df.groupby("window_id", sort=True, observed=True)
    n = g[distinct].nunique() if distinct else g.size()
    if windows is not None:
        n = n.reindex(pd.Index(list(windows), name="window_id"), fill_value=0)
    return pd.Series(pd.array((n >= min).to_numpy(), dtype="boolean"), index=n.index, name="passed")


@kernel("roster_any", "没有具备该能力的人员", "nobody on the roster has this skill", level="unit",
        columns=("column", "active_from", "active_to"))
def roster_any(df: pd.DataFrame, column: str, windows: list | None = None, active_from: str | None = None,
               active_to: str | None = None, year: int | None = None) -> pd.Series:
    """At least one person on the window's roster with ``column`` true, on the roster during ``year``.

    ``active_from`` / ``active_to`` name the columns of the dates a person is
    on the roster (blank: open-ended); someone who left before the year or
    joined after it does not count.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "b"], "english": [False, True, True],
    ...                    "to": pd.to_datetime([None, None, "2024-12-31"])})
    >>> roster_any(df, "english", windows=["a", "b", "c"], active_to="to", year=2025).tolist()
    [True, False, False]
    """
    active = np.ones(len(df), dtype=bool)
    if year is not None:
        y0, y1 = pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year), 12, 31)
        if active_from and active_from in df:
            active &= ~(pd.to_datetime(df[active_from]) > y1).to_numpy(dtype=bool, na_value=False)
        if active_to and active_to in df:
            active &= ~(pd.to_datetime(df[active_to]) < y0).to_numpy(dtype=bool, na_value=False)
    has = df[column].astype("boolean").fillna(False).to_numpy(dtype=bool) & active
    ok = pd.Series(has, index=df.index).groupby(df["window_id"], observed=True).any()
    ok.index.name = "window_id"
    if windows is not None:
        ok = ok.reindex(pd.Index(list(windows), name="window_id"), fill_value=False)
    return pd.Series(pd.array(ok.to_numpy(), dtype="boolean"), index=ok.index, name="passed")


@kernel("every_slot", "存在无服务的时段 {slot}", "a {slot} with no service", level="unit", columns=("time",))
def every_slot(df: pd.DataFrame, time: str, slot: str = "hour", windows: list | None = None) -> pd.Series:
    """Service in every ``slot`` of the clock: each hour of the day (``hour``, 24-hour service) or each day
    of the week (``weekday``, no weekly rest day) has at least one record of service at the window.

    Returns one value per (window_id, slot): a window with no record in a
    slot fails that slot; a window without any record at all is <NA> in
    every slot (no evidence, never a pass).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a"] * 7, "t": pd.date_range("2025-03-03 09:00", periods=7, freq="D")})
    >>> r = every_slot(df, "t", "weekday", windows=["a", "b"])
    >>> int(r.loc["a"].sum()), int(r.loc["b"].isna().sum()), len(r)
    (7, 7, 14)
    """
    t = df[time]
    if slot == "hour":
        n, s = 24, t.dt.hour
    elif slot == "weekday":
        n, s = 7, t.dt.day_of_week
    else:
        raise ValueError(f"slot 应为 hour 或 weekday / slot must be 'hour' or 'weekday', got {slot!r}")
    wins = list(windows) if windows is not None else sorted(df["window_id"].dropna().unique())
    seen = pd.crosstab(df["window_id"], s).reindex(index=wins, columns=range(n), fill_value=0) if len(df) \
        else pd.DataFrame(0, index=wins, columns=range(n))
    idx = pd.MultiIndex.from_product([wins, range(n)], names=["window_id", slot])
    counts = seen.to_numpy()
    none = np.repeat(counts.sum(axis=1) == 0, n)  # a window with no record at all: no evidence
    return pd.Series(pd.arrays.BooleanArray((counts > 0).ravel() & ~none, none), index=idx, name="passed")


@kernel("on_day", "未在规定日期完成(含逾期未完成)", "not done on the scheduled day (or overdue, not done)",
        columns=("planned", "actual"), row_local=True)
def on_day(df: pd.DataFrame, planned: str, actual: str, horizon=None) -> pd.Series:
    """Done on the day planned: ``actual``'s date equals ``planned``'s (earlier or later misses it).

    A record not done yet is missed once its day has ended by ``horizon``
    and open before that (see :func:`open_of`).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"p": pd.to_datetime(["2025-03-05"] * 4),
    ...                    "a": pd.to_datetime(["2025-03-05 23:59", "2025-03-04 10:00", None, None])})
    >>> m = on_day(df.iloc[:3], "p", "a", horizon="2025-03-06 00:00")
    >>> m.tolist(), open_of(on_day(df.iloc[3:], "p", "a", horizon="2025-03-05 23:59:59")).tolist()
    ([True, False, False], [True])
    """
    pv, av = _ns(df[planned]), _ns(df[actual])
    p_na, a_na = pv == _NAT, av == _NAT
    ok = (pv // _DAY_NS) == (av // _DAY_NS)
    na = p_na | a_na
    open_ = np.zeros(len(df), dtype=bool)
    pending = a_na & ~p_na
    if horizon is not None and pending.any():
        h = _ns(pd.Series([pd.Timestamp(horizon)]))[0]
        overdue = pending & (h >= (pv // _DAY_NS) * _DAY_NS + _DAY_NS)
        ok, na = ok & ~overdue, na & ~overdue
        open_ = pending & ~overdue
    out = pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=df.index, name="passed")
    return with_open(out, open_)


@kernel("recorded", "未记录 {column}", "{column} not recorded", columns=("column", "or_recorded"), row_local=True)
def recorded(df: pd.DataFrame, column: str, values: list | None = None, or_recorded: str | None = None) -> pd.Series:
    """Passed where ``column`` holds a value (and, with ``values``, one of them), or where the column
    ``or_recorded`` holds any value; a blank fails.

    Examples
    --------
    >>> import pandas as pd
    >>> recorded(pd.DataFrame({"c": ["S1", None, "x"]}), "c").tolist()
    [True, False, True]
    >>> recorded(pd.DataFrame({"c": ["approved", None, "none"], "by": [None, "S2", None]}), "c", ["approved"], "by").tolist()
    [True, True, False]
    """
    col = df[column]
    ok = col.notna().to_numpy(dtype=bool).copy()
    if values is not None:
        ok &= col.astype("string").isin([str(v) for v in values]).to_numpy(dtype=bool, na_value=False)
    if or_recorded:
        ok |= df[or_recorded].notna().to_numpy(dtype=bool)
    return _mask(ok, df.index)


@kernel("reliability", "供电可靠率低于 {min_rate}", "supply reliability below {min_rate}", level="unit",
        columns=("customer", "start", "end"), reads=None)
def reliability(df: pd.DataFrame, customer: str, start: str, end: str, min_rate: float | None = None,
                year: int | None = None, horizon=None) -> pd.Series:
    """Supply reliability per customer and year: 1 − hours without supply / hours in the year ≥ ``min_rate``.

    Each outage counts from ``start`` to ``end`` (supply restored), clipped
    to the year; an outage not restored counts to the ``horizon`` (the
    evaluation's cut-off).  Overlapping outages of one customer are counted
    once.  ``min_rate`` is the province's standard (第六条(二)1: 不低于省公司规定
    的标准), set by the organisation in the workspace; while it is not set,
    every customer is <NA> (not assessed).  One value per (window_id, customer).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["w", "w", "w"], "c": ["x", "x", "y"],
    ...                    "s": pd.to_datetime(["2025-03-01 08:00", "2025-03-01 09:00", "2025-03-01 08:00"]),
    ...                    "e": pd.to_datetime(["2025-03-01 10:00", "2025-03-01 12:00", "2025-03-02 08:00"])})
    >>> reliability(df, "c", "s", "e", min_rate=0.9995, year=2025).tolist()   # 4 h and 24 h out of 8760
    [True, False]
    """
    if not len(df):
        idx = pd.MultiIndex.from_arrays([[], []], names=["window_id", customer])
        return pd.Series(pd.array([], dtype="boolean"), index=idx, name="passed")
    if year is None:
        y = df[start].dt.year.min()
        year = int(y) if pd.notna(y) else 2000
    y0, y1 = pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year) + 1, 1, 1)
    hours = (y1 - y0).total_seconds() / 3600
    cap = min(pd.Timestamp(horizon), y1) if horizon is not None else y1
    s = df[start].clip(lower=y0, upper=y1)
    e = df[end].fillna(cap).clip(lower=y0, upper=y1)
    d = pd.DataFrame({"window_id": df["window_id"].to_numpy(), "c": df[customer].to_numpy(),
                      "s": s.to_numpy(), "e": e.to_numpy()}).dropna(subset=["s"]).sort_values(["window_id", "c", "s"])
    # merge overlapping intervals per customer: the running end of earlier outages
    key = ["window_id", "c"]
    run_end = d.groupby(key, sort=False)["e"].cummax()  # cython, no Python per group
    prev_end = run_end.groupby([d["window_id"], d["c"]], sort=False).shift()
    start_eff = d["s"].where(prev_end.isna() | (d["s"] > prev_end), prev_end)
    dur = (d["e"] - start_eff).dt.total_seconds().clip(lower=0) / 3600
    out_h = dur.groupby([d["window_id"], d["c"]], sort=True).sum()
    rate = 1 - out_h / hours
    ok = (rate >= (min_rate if min_rate is not None else 0) - 1e-12).to_numpy()
    na = np.full(len(rate), min_rate is None)
    idx = rate.index.set_names(["window_id", customer])
    return pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=idx, name="passed")


@kernel("diverted_within", "排队超过 {max_queue} 人 {minutes} 分钟内未分流",
        "queue over {max_queue} not relieved within {minutes} minutes", level="unit",
        columns=("queue", "time", "windows_open"), reads=None)
def diverted_within(df: pd.DataFrame, queue: str, time: str, max_queue: int = 10, minutes: float = 10,
                    windows_open: str = "open_windows") -> pd.Series:
    """Each snapshot with more than ``max_queue`` waiting: within ``minutes`` the queue system logs more
    windows open than at that moment, or the queue back at ``max_queue`` or fewer (from the queue log,
    not a self-reported flag).  One value per crowded snapshot (window_id, ``time``): snapshots at or
    under ``max_queue`` are no unit (nothing to divert); a crowded one with no later snapshot within
    the time is <NA> (the log does not say).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a"] * 4, "q": [12, 12, 12, 15], "n": [2, 3, 3, 3],
    ...                    "t": pd.to_datetime(["2025-01-02 10:00", "2025-01-02 10:08", "2025-01-02 10:15",
    ...                                         "2025-01-02 10:45"])})
    >>> diverted_within(df, "q", "t", windows_open="n").tolist()
    [True, False, <NA>, <NA>]
    >>> len(diverted_within(df.assign(q=[12, 5, 5, 5]), "q", "t", windows_open="n"))
    1
    """
    t = df[time].to_numpy()
    q = pd.to_numeric(df[queue]).to_numpy(dtype=float)
    n = pd.to_numeric(df[windows_open]).to_numpy(dtype=float) if windows_open in df else np.full(len(df), np.nan)
    over = q > max_queue
    d = pd.DataFrame({"w": df["window_id"].astype(str).to_numpy(), "t": t, "q": q, "n": n, "pos": np.arange(len(df))})
    # each crowded snapshot against the same window's later snapshots within the time (a join, no row loop)
    pairs = d[over].merge(d, on="w", suffixes=("", "2"))
    lim = pd.Timedelta(minutes=minutes)
    pairs = pairs[(pairs["t2"] > pairs["t"]) & (pairs["t2"] - pairs["t"] <= lim)]
    relieved = (pairs["q2"] <= max_queue) | (pairs["n2"] > pairs["n"])
    ok = np.zeros(len(df), dtype=bool)
    ok[pairs.loc[relieved.to_numpy(), "pos"].to_numpy(dtype=np.int64)] = True
    seen = np.zeros(len(df), dtype=bool)
    seen[pairs["pos"].to_numpy(dtype=np.int64)] = True
    na = ~ok & ~seen
    idx = pd.MultiIndex.from_arrays([df["window_id"].to_numpy()[over], df[time].to_numpy()[over]],
                                    names=["window_id", time])
    return pd.Series(pd.arrays.BooleanArray((ok & ~na)[over], na[over]), index=idx, name="passed")


# -- complaints, callbacks and promises (第十三条(五)(六), 第五条(二)) ----------


def data_horizon(df: pd.DataFrame, as_of=None) -> pd.Timestamp | None:
    """The moment the records speak up to: ``as_of`` if given, else the latest timestamp they hold.

    An export cannot contain an event after it was made, so the latest
    timestamp in any of its date/time columns is the best estimate of when it
    was made (a lower bound: an open case is never called overdue too early).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": pd.to_datetime(["2025-01-02", None]), "b": pd.to_datetime(["2025-01-09", None])})
    >>> str(data_horizon(df)), str(data_horizon(df, "2025-02-01"))
    ('2025-01-09 00:00:00', '2025-02-01 00:00:00')
    """
    if as_of is not None:
        return pd.Timestamp(as_of)
    cols = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    latest = [df[c].max() for c in cols]  # one value per column
    latest = [t for t in latest if not pd.isna(t)]
    return max(latest) if latest else None


def deadline_day(start: pd.Series, days: int, working_days: bool = False,
                 calendar: WorkCalendar | None = None, extend_to_workday: bool = False) -> pd.Series:
    """The last day of a limit of ``days`` (working) days after each ``start`` (the day of receipt not counted).

    Calendar days: the N-th day after the day of receipt (Civil Code art. 201);
    with ``extend_to_workday`` a last day that is a rest day or holiday moves
    to the next working day (art. 203).  Working days: the N-th official
    working day after it.  The limit ends at the end of the returned day.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(pd.to_datetime(["2025-09-22 10:00"]))
    >>> str(deadline_day(s, 10)[0].date()), str(deadline_day(s, 10, extend_to_workday=True)[0].date())
    ('2025-10-02', '2025-10-09')
    """
    start = pd.Series(start)
    if working_days:
        cal = calendar or WorkCalendar()
        out = cal.add_workdays(start, int(days))
        return pd.Series(out.to_numpy(), index=start.index)
    last = start.dt.normalize() + pd.to_timedelta(int(days), unit="D")
    if extend_to_workday:
        cal = calendar or WorkCalendar()
        last = pd.Series(cal.next_workday_on_or_after(last).to_numpy(), index=start.index)
    return last


@kernel("reply_within", "未在 {days} 天内答复(含逾期未答复)", "not replied within {days} days (or overdue without a reply)",
        columns=("start", "end"), reads=None)  # its horizon may be the latest date of any column
def reply_within(df: pd.DataFrame, start: str, end: str, days: int, working_days: bool = False,
                 as_of: str | None = None, calendar: WorkCalendar | None = None,
                 extend_to_workday: bool = False, horizon=None) -> pd.Series:
    """Replied by the end of the ``days``-th day after receipt; an unanswered case fails once overdue.

    A replied case is judged as :func:`time_limit` judges it (calendar days
    by default, ``working_days`` on request; ``extend_to_workday`` is the
    art. 203 option, set from the workspace's ``art203``).  A case without a
    reply fails when its deadline passed before ``as_of`` (default: the
    evaluation's ``horizon``, else the records' own horizon, see
    :func:`data_horizon`), and is open otherwise (<NA>, counted apart, see
    :func:`open_of`): an open case is neither hidden nor failed early.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": pd.to_datetime(["2025-03-05 10:00"] * 3 + ["2025-03-28 09:00"]),
    ...                    "a": pd.to_datetime(["2025-03-10 23:59:59", "2025-03-11 00:00:00", None, None])})
    >>> reply_within(df, "r", "a", 5, as_of="2025-03-30").tolist()
    [True, False, False, <NA>]
    """
    unit = "working_days" if working_days else "days"
    mask = time_limit(df, start, end, days, unit, missing="na", calendar=calendar,
                      extend_to_workday=bool(extend_to_workday) and not working_days)
    s, e = df[start], df[end]
    open_ = (s.notna() & e.isna()).to_numpy()
    still = np.zeros(len(df), dtype=bool)
    if open_.any():
        horizon = data_horizon(df, as_of if as_of is not None else horizon)
        if horizon is not None:
            last = deadline_day(s[open_], days, working_days, calendar, extend_to_workday)
            overdue = (horizon >= last + pd.Timedelta(days=1)).to_numpy(dtype=bool, na_value=False)
            mask.iloc[np.flatnonzero(open_)[overdue]] = False
            still[np.flatnonzero(open_)[~overdue]] = True
    return with_open(mask, still)


@kernel("callback_made", "未回访(或回访早于办结、未联系上)", "no callback after the case was closed (or customer not reached)",
        columns=("callback", "result", "after"), reads=None)
def callback_made(df: pd.DataFrame, callback: str, result: str, after: str | list,
                  unreachable: str = "not_called_back", within_days: int | None = None) -> pd.Series:
    """The customer was called back after the case was concluded.

    A case needs its callback once it is concluded: the earliest of the
    ``after`` columns that is recorded (reply or resolution; for a fault
    repair, the repair).  Before that it is <NA> (not yet due).  A callback
    counts when ``callback`` is recorded at or after that moment and, with
    ``unreachable='not_called_back'`` (the default), the customer was
    reached (``result`` is not ``unreachable``; a callback with no result
    recorded counts as made).  ``unreachable='called_back'`` counts an
    attempt that did not reach the customer as a callback.  ``within_days``
    optionally requires the callback by the end of that many calendar days
    after the conclusion.

    Examples
    --------
    >>> import pandas as pd
    >>> t = lambda *v: pd.to_datetime(list(v))
    >>> df = pd.DataFrame({"done": t("2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00", None),
    ...                    "cb": t("2025-05-02 09:00", "2025-05-02 09:00", "2025-05-01 09:00", None, None),
    ...                    "res": ["satisfied", "unreachable", "satisfied", None, None]})
    >>> callback_made(df, "cb", "res", ["done"]).tolist()
    [True, False, False, False, <NA>]
    >>> callback_made(df, "cb", "res", ["done"], unreachable="called_back").tolist()
    [True, True, False, False, <NA>]
    """
    cols = [after] if isinstance(after, str) else list(after)
    concluded = df[cols].min(axis=1) if len(df) else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    cb = df[callback]
    res = df[result].astype("string")
    made = np.array((cb.notna() & (cb >= concluded)).to_numpy(dtype=bool, na_value=False))  # a writable copy
    if unreachable == "not_called_back":
        made &= (res != "unreachable").to_numpy(dtype=bool, na_value=True)
    elif unreachable != "called_back":
        raise ValueError(f"unreachable 应为 'not_called_back' 或 'called_back' / "
                         f"unreachable must be 'not_called_back' or 'called_back', got {unreachable!r}")
    if within_days is not None:
        last = concluded.dt.normalize() + pd.Timedelta(days=int(within_days))
        made &= (cb.dt.normalize() <= last).to_numpy(dtype=bool, na_value=False)
    return _mask(made, df.index, concluded.isna().to_numpy())


@kernel("promises_kept", "未兑现服务承诺", "service promise not kept", level="unit", reads=None)
def promises_kept(df: pd.DataFrame, kind: str, standard: str = "power_window", promises=(),
                  calendar: WorkCalendar | None = None, extend_to_workday: bool = False,
                  horizon=None) -> pd.Series:
    """Every occurrence of a registered promise in ``df``: kept or not.

    ``promises`` are ``(promise_id, measure)`` pairs: the promises of
    ``standard`` whose measure reads records of ``kind`` (the records ``df``
    holds).  The planner (:func:`windoweval.scoring.plan_measures`) expands
    them from the register ``windoweval/promises.yaml`` when the measures are
    planned (:func:`windoweval.promise_register.promise_measures`); this
    kernel only applies them.  Each promise's measure population and kernel
    are applied to ``df``, so an occurrence is judged exactly as the measure
    judges it.  A record two promises apply to (a planned outage: notice and
    restoration) is two occurrences.

    Returns one value per occurrence, on an index (window_id, promise_id,
    the record's key): the fulfilment rate is occurrences met / occurrences
    assessed (第五条(二): 100 %).

    Examples
    --------
    >>> import pandas as pd
    >>> from windoweval.promise_register import promise_measures
    >>> df = pd.DataFrame({"order_id": ["1", "2"], "window_id": ["PW01", "PW01"], "order_type": ["fault_repair"] * 2,
    ...                    "received_at": pd.to_datetime(["2025-06-01 10:00"] * 2),
    ...                    "arrived_at": pd.to_datetime(["2025-06-01 10:40", "2025-06-01 11:00"])})
    >>> pm = promise_measures("power_window", "work_orders")
    >>> promises_kept(df, "work_orders", promises=pm).droplevel("window_id").to_dict()
    {('pw_fault_repair_45min', '1'): True, ('pw_fault_repair_45min', '2'): False}
    """
    from .records import contracts

    key = contracts()[kind].key
    names = ["window_id", "promise_id", *key]
    parts = []
    for pid, m in promises:  # a handful of promises, not rows
        k = KERNELS[m["kernel"]]
        if k.level != "record" or k.name == "promises_kept":
            continue
        needed = {c for c in (m.get("where") or {})}
        if not needed.issubset(df.columns):
            continue
        # the promise's measure as the scorer applies it; its own stated exceptions are not occurrences
        mask, pop = Measure.of(m, calendar=calendar, art203=extend_to_workday, horizon=horizon).apply(df)[:2]
        if pop.empty:
            continue
        cols = {"window_id": pop["window_id"].to_numpy(), "promise_id": pid}
        cols.update({c: pop[c].to_numpy() for c in key})
        parts.append(pd.DataFrame(cols).assign(passed=mask.to_numpy(), open=open_of(mask)))
    if not parts:
        idx = pd.MultiIndex.from_arrays([[] for _ in names], names=names)
        return pd.Series(pd.array([], dtype="boolean"), index=idx, name="passed")
    occ = pd.concat(parts, ignore_index=True)
    out = pd.Series(pd.array(occ["passed"].to_numpy(), dtype="boolean"),
                    index=pd.MultiIndex.from_frame(occ[names]), name="passed")
    return with_open(out, occ["open"].to_numpy(dtype=bool))
