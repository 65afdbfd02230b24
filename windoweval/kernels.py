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

import inspect
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .calendar import WorkCalendar

__all__ = ["KERNELS", "Kernel", "kernel", "normalise_text", "CONTEXT_ARGS"]

CONTEXT_ARGS = ("calendar", "windows", "year")


@dataclass(frozen=True)
class Kernel:
    """A registered kernel: the function, its level and its message."""

    name: str
    func: Callable
    level: str  # "record" | "unit"
    message_zh: str
    message_en: str

    @property
    def parameters(self) -> list[str]:
        """Parameter names a standards file may set."""
        sig = inspect.signature(self.func)
        return [p for p in list(sig.parameters)[1:] if p not in CONTEXT_ARGS]

    @property
    def required(self) -> list[str]:
        """Parameters without a default."""
        sig = inspect.signature(self.func)
        return [n for n, p in list(sig.parameters.items())[1:]
                if p.default is inspect.Parameter.empty and n not in CONTEXT_ARGS]

    def message(self, params: dict) -> str:
        """The kernel's message with the clause's parameters filled in, Chinese then English."""
        fmt = _SafeDict(params)
        return self.message_zh.format_map(fmt) + " / " + self.message_en.format_map(fmt)

    def __call__(self, df, **kw):
        return self.func(df, **kw)


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


KERNELS: dict[str, Kernel] = {}


def kernel(name: str, message_zh: str, message_en: str, level: str = "record"):
    """Register a kernel under ``name`` with its message."""

    def deco(func):
        KERNELS[name] = Kernel(name, func, level, message_zh, message_en)
        return func

    return deco


def _mask(values, index, missing=None) -> pd.Series:
    out = pd.Series(pd.array(values, dtype="boolean"), index=index, name="passed")
    if missing is not None:
        out[np.asarray(missing)] = pd.NA
    return out


def _apply_missing(mask: pd.Series, missing_rows, missing: str) -> pd.Series:
    if missing == "fail":
        mask[np.asarray(missing_rows)] = False
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    return mask


def _exempt(mask: pd.Series, df: pd.DataFrame, exempt: str | None) -> pd.Series:
    if exempt:
        ex = df[exempt].fillna(False).astype(bool).to_numpy()
        mask[ex] = pd.NA
    return mask


_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600}


@kernel("time_limit", "超过时限 {limit} {unit}", "over the limit of {limit} {unit}")
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
    s = df[start]
    e = df[end]
    miss = (s.isna() | e.isna()).to_numpy()
    if unit in _UNIT_SECONDS:
        elapsed = (e - s).dt.total_seconds().to_numpy()
        ok = elapsed <= limit * _UNIT_SECONDS[unit]
        miss = miss | (elapsed < 0)  # end before start: not evidence of anything
    elif unit == "days":
        last = s.dt.normalize() + pd.to_timedelta(int(limit), unit="D")
        if extend_to_workday:
            cal = calendar or WorkCalendar()
            last = pd.Series(cal.next_workday_on_or_after(last).to_numpy(), index=df.index)
        ok = (e.dt.normalize() <= last).to_numpy()
    elif unit == "working_days":
        cal = calendar or WorkCalendar()
        ok = cal.within_workdays(s.where(~miss), e.where(~miss), int(limit)).to_numpy(dtype=bool, na_value=False)
    else:
        raise ValueError(f"unit 应为 seconds/minutes/hours/days/working_days / unknown unit {unit!r}")
    mask = _mask(ok, df.index, miss)
    mask = _apply_missing(mask, e.isna().to_numpy() & s.notna().to_numpy(), missing)
    return _exempt(mask, df, exempt)


def _clock(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


@kernel("cutoff", "未在截止时间前完成", "not done by the cut-off time")
def cutoff(df: pd.DataFrame, start: str, end: str, rules: list, tolerance_minutes: float = 0,
           missing: str = "na", exempt: str | None = None) -> pd.Series:
    """Same-day cut-off deadlines: received before ``before``, done by ``due``.

    ``rules`` is a list of ``{before: "HH:MM", due: "HH:MM"}``, earliest first;
    a record is held to the first rule whose ``before`` its start precedes, on
    the start's day.  A record received after the last cut-off is <NA> (the
    promise does not speak of it).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:29", "2025-04-08 09:31", "2025-04-08 09:00"]),
    ...                    "e": pd.to_datetime(["2025-04-08 14:30", "2025-04-08 18:00", "2025-04-08 14:31"])})
    >>> cutoff(df, "s", "e", [{"before": "09:30", "due": "14:30"}]).tolist()
    [True, <NA>, False]
    """
    s, e = df[start], df[end]
    minute = (s.dt.hour * 60 + s.dt.minute).to_numpy(dtype=float, na_value=np.nan)
    due = np.full(len(df), np.nan)
    for rule in reversed(rules):  # earliest rule wins: apply last
        due = np.where(minute < _clock(rule["before"]), _clock(rule["due"]), due)
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
