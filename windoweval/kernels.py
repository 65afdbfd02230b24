"""Metric kernels: small pure functions that return a pass mask.

Every kernel takes the records (a DataFrame, already narrowed to the clause's
population) and its parameters, and returns a nullable boolean Series named
``passed``: True met, False missed, <NA> not assessable (missing evidence).
Record-level kernels return one value per record, on the records' index;
unit-level kernels (counts, rosters) return one value per unit, on an index
that carries a ``window_id`` level.

Each kernel is registered with its message (Chinese and English), which the
drill-down shows beside every missed record.  A clause's parameters are
checked against the kernel's signature when a standards file loads.

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
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .calendar import WorkCalendar

__all__ = ["KERNELS", "Kernel", "kernel", "normalise_text", "CONTEXT_ARGS"]

CONTEXT_ARGS = ("calendar", "windows", "year", "promises")


@dataclass(frozen=True)
class Kernel:
    """A registered kernel: the function, its level and its message."""

    name: str
    func: Callable
    level: str  # "record" | "unit"
    message_zh: str
    message_en: str
    applies: Callable | None = None  # records the clause itself leaves out (its stated exceptions)

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
             promises=()) -> dict:
        """A measure's parameters with the scorer's context filled in, as the kernel takes them.

        ``calendar``, ``windows`` and ``year`` are passed when the kernel takes
        them.  ``art203`` (the workspace's option: a last day on a rest day or
        holiday moves to the next working day, Civil Code art. 203) becomes
        ``extend_to_workday`` for calendar-day limits only: ``time_limit`` in
        days and the kernels without a unit whose limits are calendar days
        (``reply_within``, ``promises_kept``); a measure that sets
        ``extend_to_workday`` itself keeps its own.  ``promises`` (the
        ``(promise_id, measure)`` pairs the planner expanded) is passed to a
        kernel that takes it.  ``params`` is not changed.

        Examples
        --------
        >>> tl = KERNELS["time_limit"]
        >>> tl.bind({"start": "a", "end": "b", "limit": 3, "unit": "days"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 3, 'unit': 'days', 'calendar': None, 'extend_to_workday': True}
        >>> tl.bind({"start": "a", "end": "b", "limit": 45, "unit": "minutes"}, art203=True)
        {'start': 'a', 'end': 'b', 'limit': 45, 'unit': 'minutes', 'calendar': None}
        >>> KERNELS["roster_any"].bind({"column": "english"}, windows=["PW01"], year=2025)
        {'column': 'english', 'windows': ['PW01']}
        """
        sig = self.signature
        out = dict(params)
        if "calendar" in sig:
            out["calendar"] = calendar
        if "windows" in sig:
            out["windows"] = windows
        if "year" in sig:
            out["year"] = year
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


def kernel(name: str, message_zh: str, message_en: str, level: str = "record", applies: Callable | None = None):
    """Register a kernel under ``name`` with its message.

    ``applies(df, **params)`` optionally says which records the clause
    speaks of at all (e.g. not the documented special circumstances, not a
    sample received after the last cut-off); the scorer counts the others as
    ``exempt`` rather than as missing evidence.
    """

    def deco(func):
        KERNELS[name] = Kernel(name, func, level, message_zh, message_en, applies)
        return func

    return deco


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


@kernel("time_limit", "超过时限 {limit} {unit}", "over the limit of {limit} {unit}", applies=not_exempt)
def time_limit(df: pd.DataFrame, start: str, end: str, limit: float, unit: str,
               missing: str = "na", exempt: str | None = None,
               calendar: WorkCalendar | None = None,
               extend_to_workday: bool = False) -> pd.Series:
    """Elapsed time from ``start`` to ``end`` within ``limit`` ``unit``.

    ``seconds``/``minutes``/``hours`` compare the elapsed time, the limit
    included (exactly 45:00 meets 45 minutes).  ``days`` and ``working_days``
    count whole days after the day of receipt: the limit ends at the end of
    the N-th (working) day after it.  ``extend_to_workday`` moves the last day
    of a ``days`` period off a rest day to the next working day (Civil Code
    art. 203; off by default).

    A record without ``end`` is <NA> (missing) unless ``missing='fail'``.
    Records flagged in the ``exempt`` column are <NA> (not applicable).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": pd.to_datetime(["2025-09-30 16:00"] * 2),
    ...                    "d": pd.to_datetime(["2025-10-14 23:59", "2025-10-15 00:01"])})
    >>> time_limit(df, "r", "d", 5, "working_days").tolist()
    [True, False]
    """
    # int64 nanoseconds (NaT = _NAT): plain numpy arithmetic, no pandas datetime accessors
    sv, ev = _ns(df[start]), _ns(df[end])
    s_na, e_na = sv == _NAT, ev == _NAT
    miss = s_na | e_na
    if unit in _UNIT_SECONDS:
        elapsed = (ev - sv) / 1e9  # seconds, as Timedelta.total_seconds() gives them
        ok = elapsed <= limit * _UNIT_SECONDS[unit]
        miss = miss | (elapsed < 0)  # end before start: not evidence of anything
    elif unit == "days":
        last = np.where(s_na, _NAT, (sv // _DAY_NS) * _DAY_NS + int(limit) * _DAY_NS)
        if extend_to_workday:
            cal = calendar or WorkCalendar()
            last = _ns(cal.next_workday_on_or_after(last.view("datetime64[ns]")))
        ok = (ev // _DAY_NS) * _DAY_NS <= last
    elif unit == "working_days":
        cal = calendar or WorkCalendar()
        ok = cal.within_workdays(np.where(miss, _NAT, sv).view("datetime64[ns]"),
                                 np.where(miss, _NAT, ev).view("datetime64[ns]"),
                                 int(limit)).to_numpy(dtype=bool, na_value=False)
    else:
        raise ValueError(f"unit 应为 seconds/minutes/hours/days/working_days / unknown unit {unit!r}")
    na = miss
    if missing == "fail":  # no end: missed, not missing
        fail = e_na & ~s_na
        ok, na = ok & ~fail, na & ~fail
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    if exempt:
        na = na | df[exempt].fillna(False).astype(bool).to_numpy()
    return pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=df.index, name="passed")


def _clock(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


@kernel("cutoff", "未在截止时间前完成", "not done by the cut-off time", applies=_within_cutoffs)
def cutoff(df: pd.DataFrame, start: str, end: str, rules: list, tolerance_minutes: float = 0,
           missing: str = "na", exempt: str | None = None) -> pd.Series:
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
    deadline = day + pd.to_timedelta(due + tolerance_minutes, unit="min")
    ok = (e <= deadline).to_numpy(dtype=bool, na_value=False)
    notapplic = np.isnan(due) | s.isna().to_numpy()
    mask = _mask(ok, df.index, notapplic | e.isna().to_numpy())
    mask = _apply_missing(mask, e.isna().to_numpy() & ~notapplic, missing)
    return _exempt(mask, df, exempt)


@kernel("lead_time", "提前量不足 {min} {unit}", "announced less than {min} {unit} ahead")
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


@kernel("band", "偏差超出 {low}~{high}", "deviation outside {low} to {high}")
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
        "positive and negative deviations together exceed {max_span}")
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


@kernel("flag", "未做到", "not done")
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


@kernel("checklist", "检查项不合格", "checklist item failed")
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
    return normalise_text(pd.Series(list(phrases), dtype="string")).tolist()


@kernel("phrases_required", "未使用规范用语 {phrases}", "required phrase not used: {phrases}")
def phrases_required(df: pd.DataFrame, phrases: list, text: str = "text", position: str = "any",
                     window_chars: int = 30) -> pd.Series:
    """At least one of ``phrases`` used, at the ``start`` or ``end`` of the text, or ``any``where.

    Matching ignores punctuation, spaces and full-/half-width differences.
    ``window_chars`` is how far from the start / end the phrase may stand.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["您 好!请问办什么业务", "请问办什么业务", None]})
    >>> phrases_required(df, ["您好"], position="start").tolist()
    [True, False, <NA>]
    """
    raw = df[text]
    norm = normalise_text(raw)
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


@kernel("phrases_forbidden", "使用了服务禁忌用语", "forbidden phrase used")
def phrases_forbidden(df: pd.DataFrame, phrases: list, text: str = "text") -> pd.Series:
    """None of ``phrases`` used anywhere (punctuation-, space- and width-insensitive).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"text": ["您好,请稍等", "急 什 么!", "你烦不烦"]})
    >>> phrases_forbidden(df, ["急什么!", "你烦不烦!"]).tolist()
    [True, False, False]
    """
    raw = df[text]
    norm = normalise_text(raw)
    hit = np.zeros(len(df), dtype=bool)
    for p in _phrase_keys(phrases):
        hit |= norm.str.contains(p, regex=False).to_numpy(dtype=bool, na_value=False)
    return _mask(~hit, df.index, raw.isna().to_numpy())


def phrase_hits(texts: pd.Series, phrases: list, context: int = 8) -> pd.DataFrame:
    """Each hit of ``phrases`` in ``texts``, with the surrounding words (for the drill-down).

    Returns
    -------
    DataFrame with columns ``row`` (the text's index), ``phrase``, ``context``.

    Examples
    --------
    >>> import pandas as pd
    >>> phrase_hits(pd.Series(["好的,急什么!慢慢来"]), ["急什么"])[["phrase", "context"]].values.tolist()
    [['急什么', '好的急什么慢慢来']]
    """
    norm = normalise_text(texts)
    rows = []
    for p, key in zip(phrases, _phrase_keys(phrases)):
        found = norm.str.find(key)
        for idx, pos in found[found >= 0].items():
            t = norm[idx]
            rows.append({"row": idx, "phrase": p, "context": t[max(pos - context, 0): pos + len(key) + context]})
    return pd.DataFrame(rows, columns=["row", "phrase", "context"])


# -- unit-level kernels ---------------------------------------------------
def _year_of(df, time):
    col = df[time]
    if pd.api.types.is_datetime64_any_dtype(col):
        return col.dt.year
    return pd.to_numeric(col, errors="coerce")


@kernel("count_limit", "次数超过 {max}", "more than {max} times", level="unit")
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


@kernel("count_at_least", "次数少于 {min}", "fewer than {min}", level="unit")
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


@kernel("roster_any", "没有具备该能力的人员", "nobody on the roster has this skill", level="unit")
def roster_any(df: pd.DataFrame, column: str, windows: list | None = None) -> pd.Series:
    """At least one person on the window's roster with ``column`` true.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "b"], "english": [False, True, False]})
    >>> roster_any(df, "english", windows=["a", "b", "c"]).tolist()
    [True, False, False]
    """
    ok = df[column].astype("boolean").fillna(False).astype(bool).groupby(df["window_id"], observed=True).any()
    ok.index.name = "window_id"
    if windows is not None:
        ok = ok.reindex(pd.Index(list(windows), name="window_id"), fill_value=False)
    return pd.Series(pd.array(ok.to_numpy(), dtype="boolean"), index=ok.index, name="passed")


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


@kernel("reply_within", "未在 {days} 天内答复(含逾期未答复)", "not replied within {days} days (or overdue without a reply)")
def reply_within(df: pd.DataFrame, start: str, end: str, days: int, working_days: bool = False,
                 as_of: str | None = None, calendar: WorkCalendar | None = None,
                 extend_to_workday: bool = False) -> pd.Series:
    """Replied by the end of the ``days``-th day after receipt; an unanswered case fails once overdue.

    A replied case is judged as :func:`time_limit` judges it (calendar days
    by default, ``working_days`` on request; ``extend_to_workday`` is the
    art. 203 option, set from the workspace's ``art203``).  A case without a
    reply fails when its deadline passed before ``as_of`` (default: the
    records' own horizon, see :func:`data_horizon`), and is <NA> (not yet
    due) otherwise: an open case is neither hidden nor failed early.

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
    if open_.any():
        horizon = data_horizon(df, as_of)
        if horizon is not None:
            last = deadline_day(s[open_], days, working_days, calendar, extend_to_workday)
            overdue = (horizon >= last + pd.Timedelta(days=1)).to_numpy(dtype=bool, na_value=False)
            mask.iloc[np.flatnonzero(open_)[overdue]] = False
    return mask


@kernel("callback_made", "未回访(或回访早于办结、未联系上)", "no callback after the case was closed (or customer not reached)")
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


@kernel("promises_kept", "未兑现服务承诺", "service promise not kept", level="unit")
def promises_kept(df: pd.DataFrame, kind: str, standard: str = "power_window", promises=(),
                  calendar: WorkCalendar | None = None, extend_to_workday: bool = False) -> pd.Series:
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
    from .population import apply_where
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
        params = k.bind(m.get("params") or {}, calendar=calendar, art203=extend_to_workday)
        pop = apply_where(df, m.get("where"))
        pop = pop[k.applicable(pop, **params)]  # the promise's own stated exceptions are not occurrences
        if pop.empty:
            continue
        mask = k(pop, **params)
        cols = {"window_id": pop["window_id"].to_numpy(), "promise_id": pid}
        cols.update({c: pop[c].to_numpy() for c in key})
        parts.append(pd.DataFrame(cols).assign(passed=mask.to_numpy()))
    if not parts:
        idx = pd.MultiIndex.from_arrays([[] for _ in names], names=names)
        return pd.Series(pd.array([], dtype="boolean"), index=idx, name="passed")
    occ = pd.concat(parts, ignore_index=True)
    return pd.Series(pd.array(occ["passed"].to_numpy(), dtype="boolean"),
                     index=pd.MultiIndex.from_frame(occ[names]), name="passed")
