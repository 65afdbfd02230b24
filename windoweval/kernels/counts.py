"""Count kernels, judged per unit: how many times, rosters, every slot served, queues diverted, waiting measured.

The waiting kernel (``waiting_time``) measures minutes from taking a queue ticket (取号) to being called (叫号)
per window; the hospital promises to 缩短病人等待时间 state no limit, so it gives no verdict of its own:
whether the waiting was shortened is judged against a baseline year by :mod:`windoweval.waiting`.
"""
from __future__ import annotations


import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..calendar import date_only
from ..population import closed_of
from .base import kernel, unlisted_units, with_bound, with_excluded


def _serial_year(num: np.ndarray, index=None, name=None):
    """Numbers as years, and a number in 20000..80000 as the records read it in a date column: an Excel serial day
    (45658 is 1 January 2025), never the year 45658.  An array in, an array out; with ``index`` a Series.

    Examples
    --------
    >>> _serial_year(np.array([2025.0, 45658.0, 46022.9, np.nan])).tolist()
    [2025.0, 2025.0, 2025.0, nan]
    """
    num = np.asarray(num, dtype=float).copy()
    serial = (num >= 20000) & (num <= 80000)
    if serial.any():
        days = pd.to_timedelta(num[serial] * 86400, unit="s").round("s")
        num[serial] = (pd.Timestamp("1899-12-30") + days).year.to_numpy(dtype=float)
    return num if index is None else pd.Series(num, index=index, name=name)


def _year_of(df, time):
    """The year of each record's ``time``: a date-time's year, a year written as a number, or a date written as text
    or as ``datetime.date`` (a frame built in Python); NaN where it has none.

    Text is read once per distinct value, never row by row: ISO dates and times (2025-03-01, 2025-03-01 09:30:00,
    the form the records are stored in) by one vectorised parse, and only the values that form does not read
    (2025/3/1, 2025年3月1日, a zone) as the records read them (``records.validate._datetime_text``, then
    ``format="mixed"``), so each value's year is the one reading it alone gives.  As the records read them too: a
    zone (Z, +08:00) is the Beijing wall clock's year, a time of day alone (09:30) has no year (never today's), and
    a number in 20000..80000 is an Excel serial day (45658: 2025) and eight digits a date (20251231),
    not a year.

    Examples
    --------
    >>> import datetime
    >>> _year_of(pd.DataFrame({"t": [datetime.date(2025, 3, 1), "2024-12-31", None]}), "t").tolist()
    [2025.0, 2024.0, nan]
    >>> _year_of(pd.DataFrame({"t": ["2025/3/1", "2024-12-31 23:59:59", "2026", "not a date", "2025年3月1日"]}), "t").tolist()
    [2025.0, 2024.0, 2026.0, nan, 2025.0]
    >>> _year_of(pd.DataFrame({"t": ["2025-12-31 23:30Z", "2025-12-31 09:30", "09:30", "45658", "20251231"]}), "t").tolist()
    [2026.0, 2025.0, nan, 2025.0, 2025.0]
    """
    from ..calendar import LOCAL_TZ
    from ..records.validate import _TIME_OF_DAY_RE, _TZ_RE, _datetime_text

    col = df[time]
    if pd.api.types.is_datetime64_any_dtype(col):   # a zone: its Beijing wall-clock year, as the records read it
        return col.dt.tz_convert(LOCAL_TZ).dt.year if getattr(col.dt, "tz", None) is not None else col.dt.year
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return _serial_year(pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan),
                            col.index, col.name)
    codes, uniq = pd.factorize(col.astype("string"), use_na_sentinel=True)   # every value as text, once each
    text = pd.Series(uniq, dtype="string")
    years = np.full(len(text), np.nan)
    number = pc.match_substring_regex(pa.array(text, type=pa.large_string(), from_pandas=True),   # Arrow's regex
                                      r"^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$"
                                      ).to_numpy(zero_copy_only=False).astype(bool)
    if number.any():   # a year written as a number (2025, 2025.0)
        years[number] = _serial_year(pd.to_numeric(text[number].str.strip(), errors="coerce").to_numpy(dtype=float))
        # 20251231: a date written without marks, as the records read it (never the year 20251231)
        compact = number & text.str.fullmatch(r"\s*\d{8}\s*").to_numpy(dtype=bool, na_value=False)
        if compact.any():
            d = pd.to_datetime(text[compact].str.strip(), errors="coerce", format="%Y%m%d")
            years[compact] = d.dt.year.to_numpy(dtype=float, na_value=np.nan)
    left = ~number
    # a zone written after the time (Z, +08:00): the Beijing wall clock's year, as the records read it (23:30Z on
    # 31 December is 07:30 on 1 January in Beijing); read apart from the values without one (one parse of both
    # raises on the mix)
    zoned = left & text.str.strip().str.contains(_TZ_RE, regex=True).to_numpy(dtype=bool, na_value=False)
    if zoned.any():
        z = pd.to_datetime(_datetime_text(text[zoned].str.strip()), errors="coerce", format="mixed", utc=True)
        years[zoned] = z.dt.tz_convert(LOCAL_TZ).dt.year.to_numpy(dtype=float, na_value=np.nan)
        left &= ~zoned
    if left.any():   # ISO dates and times, the form the records are stored in: one vectorised parse
        d = pd.to_datetime(text[left], errors="coerce", format="ISO8601")
        years[left] = d.dt.year.to_numpy(dtype=float, na_value=np.nan)
        left &= np.isnan(years)
    if left.any():   # the other forms the records accept, on the few values ISO does not read
        written = _datetime_text(text[left].str.strip())   # 2025年3月1日, a weekday beside the date, 下午2:05
        # a time of day alone (09:30, 9时30分) has no date: the parser would put it on today, the records refuse it
        clock = written.str.fullmatch(_TIME_OF_DAY_RE).to_numpy(dtype=bool, na_value=False)
        other = pd.to_datetime(written.mask(clock), errors="coerce", format="mixed")
        years[left] = other.dt.year.to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(col), np.nan)
    out[codes >= 0] = years[codes[codes >= 0]]
    return pd.Series(out, index=col.index, name=col.name)


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
    unlisted = df[unit].isna().to_numpy()
    if unlisted.any():   # events whose units the export does not list (an outage per event): whose count is unknown
        blank = df[unlisted]
        return unlisted_units(count_limit(df[~unlisted], unit, time, max, distinct), pd.MultiIndex.from_arrays(
            [blank["window_id"].to_numpy(), blank[unit].to_numpy(), _year_of(blank, time).to_numpy()],
            names=["window_id", unit, "year"]))
    keys = [df["window_id"], df[unit], _year_of(df, time).rename("year")]
    g = df.groupby(keys, sort=True, observed=True)
    n = g[distinct].nunique() if distinct else g.size()
    return pd.Series(pd.array((n <= max).to_numpy(), dtype="boolean"), index=n.index, name="passed")


@kernel("count_at_least", "次数少于 {min}", "fewer than {min}", level="unit", columns=("time", "distinct", "value"))
def count_at_least(df: pd.DataFrame, min: int, time: str | None = None, distinct: str | None = None,
                   value: str | None = None, value_min: float | None = None,
                   windows: list | None = None, year: int | None = None, in_population=None) -> pd.Series:
    """At least ``min`` events per window in the year; with ``value`` and ``value_min``, only the records whose
    ``value`` is at least ``value_min`` count (bills queryable for 24 months or more: a register entry of 23
    months is in the population and counts for nothing).

    ``df`` is the window's whole register of the kind (its activities, its service offerings); ``in_population``
    (bound by :meth:`~windoweval.kernels.base.Measure.apply` from the clause's ``where``; None: every row) says
    which rows are the clause's (its symposiums, its payment channels).  A window whose register has entries in the
    year but fewer than ``min`` of the population counted (distinct ``distinct``) fails, none at all included:
    the register shows fewer (a hall that records its activities and no symposium held none, as one that records
    two held two).  A window with no entry of the kind at all is <NA>, missing evidence (证据不足), never a
    fail on nothing: its register is not there (:func:`no_record_windows`).  So is a window short of ``min``
    whose missing count could be made up by its records without a ``value`` or without the ``distinct`` value
    counted (a disclosure whose subject is blank may be the fifth subject).

    ``time`` (the column that dates an entry: ``held_on``, a register's ``year``) limits the count to the evaluated
    ``year``, as the clauses that write it say (每年至少召开三次: three in the year, not over the years); without a
    ``year`` each year the register holds is judged (:func:`_in_year`).  A clause without ``time`` (第十三条(七)
    公开制度) counts every entry it is handed (the engine hands it the year's, by the contract's period).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "a", "b"], "k": ["1", "2", "3", "1"]})
    >>> count_at_least(df, 3, distinct="k", windows=["a", "b", "c"]).tolist()
    [True, False, <NA>]
    >>> q = pd.DataFrame({"window_id": ["a", "b", "c"], "m": [24, 23, None]})
    >>> count_at_least(q, 1, value="m", value_min=24, windows=["a", "b", "c"]).tolist()
    [True, False, <NA>]
    >>> count_at_least(df, 1, windows=["a", "b", "c"], in_population=[True, False, False, False]).tolist()
    [True, False, <NA>]
    >>> t = pd.DataFrame({"window_id": ["a", "a", "b", "b"], "k": ["1", None, "1", "1"]})
    >>> count_at_least(t, 2, distinct="k", windows=["a", "b"]).tolist()
    [<NA>, False]
    """
    if time is not None:   # 每年: the events of the evaluated year, not the register's other years
        # a register without its date column dates nothing: every entry undated, never every year's counted
        yr = _year_of(df, time) if time in df else pd.Series(np.nan, index=df.index)
        return _in_year(df, yr, year, min=min, distinct=distinct, value=value, value_min=value_min,
                        windows=windows, in_population=in_population)
    wins = None if windows is None else pd.Index(list(windows), name="window_id")
    every = df.groupby("window_id", sort=True, observed=True).size()
    if in_population is not None:   # the register's other entries count for coverage only
        df = df[np.asarray(in_population, dtype=bool)]
    if wins is not None:
        every = every.reindex(wins, fill_value=0)
    unknown = pd.Series(0, index=every.index)
    if value is not None and value_min is not None:
        v = pd.to_numeric(df[value], errors="coerce")
        blank = v.isna().to_numpy()
        if blank.any():
            unknown = df[blank].groupby("window_id", sort=True, observed=True).size().reindex(every.index, fill_value=0)
        df = df[(v >= value_min).to_numpy(dtype=bool, na_value=False)]
    if distinct and len(df):   # an entry without what is counted (an info disclosure without its subject) may be
        gap = df[distinct].isna().to_numpy()   # the one missing: it can tell neither a fail nor a pass
        if gap.any():
            unknown = unknown + df[gap].groupby("window_id", sort=True, observed=True).size().reindex(
                every.index, fill_value=0)
    g = df.groupby("window_id", sort=True, observed=True)
    n = (g[distinct].nunique() if distinct else g.size()).reindex(every.index, fill_value=0)
    none = (every.to_numpy() == 0) | ((n.to_numpy() < min) & (n.to_numpy() + unknown.to_numpy() >= min))
    return no_record_windows(n >= min, none)


def _in_year(df: pd.DataFrame, yr: pd.Series, year: int | None, **kw) -> pd.Series:
    """:func:`count_at_least` with its ``time``: the clause counts a year's events (每年至少, 在年度内), so only the
    entries dated in ``year`` count, and a window whose register has no entry of the year lacks evidence of it.  An
    entry without a date may be of the year: it can make up a count short of ``min`` (<NA>), never a pass.  Without
    ``year`` (records of several years at once) each year the window's register holds is judged (a loop over the
    years, never the rows): it fails when one falls short, lacks evidence when one cannot tell, else passes.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "a", "b", "b"],
    ...                    "t": pd.to_datetime(["2024-05-01", "2025-05-01", "2025-06-01", "2024-01-01", None])})
    >>> count_at_least(df, 2, time="t", year=2025, windows=["a", "b"]).tolist()   # b: none dated 2025, one undated
    [True, <NA>]
    >>> count_at_least(df, 2, time="t", windows=["a", "b"]).tolist()   # a: one in 2024; b: its undated one may be 2024's
    [False, <NA>]
    """
    if kw.get("windows") is None:   # every window of the register, as without time: one whose entries are all of
        # other years or undated is <NA>, never dropped (and the year's and the loose counts stay on one index)
        kw = {**kw, "windows": df.groupby("window_id", sort=True, observed=True).size().index.tolist()}
    pop = np.ones(len(df), dtype=bool) if kw.get("in_population") is None else np.asarray(kw["in_population"], dtype=bool)
    y = pd.to_numeric(pd.Series(yr), errors="coerce").fillna(-1).to_numpy(dtype=np.int64)
    undated = y < 0
    if year is None:
        years = sorted(int(v) for v in np.unique(y[~undated]))
        if not years:   # nothing dated: no year's count is known
            return _in_year(df, yr, 0, **kw)
        per = pd.concat([_in_year(df, yr, v, **kw) for v in years], axis=1)
        # the years each window's register holds an entry of: only those are its years
        held = pd.crosstab(df["window_id"].to_numpy()[~undated], y[~undated]).reindex(
            index=per.index, columns=years, fill_value=0).to_numpy() > 0
        fail = (per.eq(False).to_numpy(dtype=bool, na_value=False) & held).any(axis=1)
        unknown = (per.isna().to_numpy(dtype=bool) & held).any(axis=1) | ~held.any(axis=1)
        return no_record_windows(pd.Series(~fail & ~unknown, index=per.index), ~fail & unknown)
    of_year = y == int(year)
    rest = {k: v for k, v in kw.items() if k != "in_population"}
    passed = count_at_least(df[of_year], in_population=pop[of_year], **rest)
    if not undated.any():
        return passed
    # the undated entries counted as the year's too: a count they could make up is unknown, never a pass, and a
    # window without a dated entry of the year stays without evidence
    loose = count_at_least(df[of_year | undated], in_population=pop[of_year | undated], **rest)
    met = passed.fillna(False).to_numpy(dtype=bool)
    short = passed.eq(False).to_numpy(dtype=bool, na_value=False) & loose.eq(False).to_numpy(dtype=bool, na_value=False)
    return no_record_windows(pd.Series(met, index=passed.index), ~met & ~short)


def no_record_windows(passed: pd.Series, none) -> pd.Series:
    """A unit kernel's per-window verdicts ``passed`` with the windows that have no record in the population at all
    (``none``) set to <NA>: missing evidence (证据不足), neither met nor missed.

    Examples
    --------
    >>> import pandas as pd
    >>> no_record_windows(pd.Series([True, False], index=pd.Index(["a", "b"], name="window_id")), [False, True]).tolist()
    [True, <NA>]
    """
    none = np.asarray(none, dtype=bool)
    ok = np.asarray(passed, dtype=bool)
    return pd.Series(pd.arrays.BooleanArray(ok & ~none, none.copy()), index=passed.index, name="passed")


@kernel("roster_any", "没有具备该能力的人员", "nobody on the roster has this skill", level="unit",
        columns=("column", "active_from", "active_to"))
def roster_any(df: pd.DataFrame, column: str, windows: list | None = None, active_from: str | None = None,
               active_to: str | None = None, year: int | None = None) -> pd.Series:
    """At least one person on the window's roster with ``column`` true, on the roster during ``year``.

    ``active_from`` / ``active_to`` name the columns of the dates a person is
    on the roster (blank: open-ended); someone who left before the year or
    joined after it does not count.  A window with nobody on the roster during the year (no roster row, or
    only people who left before it or joined after it) is <NA>, missing evidence: the roster does not say who
    served there (:func:`no_record_windows`); one with people on it, none with the skill, fails.  A skill cell
    left blank is unknown, not "no": a window whose only candidates are blank lacks evidence (<NA>), one with a
    "yes" passes whatever its blanks.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a", "a", "b"], "english": [False, True, True],
    ...                    "to": pd.to_datetime([None, None, "2024-12-31"])})
    >>> roster_any(df, "english", windows=["a", "b", "c"], active_to="to", year=2025).tolist()
    [True, <NA>, <NA>]
    >>> roster_any(df.assign(to=pd.NaT), "english", windows=["a", "b"]).tolist()
    [True, True]
    >>> roster_any(df.assign(english=[False, None, None], to=pd.NaT), "english", windows=["a", "b"]).tolist()
    [<NA>, <NA>]
    """
    active = np.ones(len(df), dtype=bool)
    if year is not None:
        y0, y1 = pd.Timestamp(int(year), 1, 1), pd.Timestamp(int(year), 12, 31)
        if active_from and active_from in df:
            active &= ~(pd.to_datetime(df[active_from]) > y1).to_numpy(dtype=bool, na_value=False)
        if active_to and active_to in df:
            active &= ~(pd.to_datetime(df[active_to]) < y0).to_numpy(dtype=bool, na_value=False)
    skill = df[column].astype("boolean")
    has = skill.fillna(False).to_numpy(dtype=bool) & active
    blank = skill.isna().to_numpy(dtype=bool) & active   # not written: unknown, never a "no"
    g = pd.DataFrame({"has": has, "active": active, "blank": blank}).groupby(
        df["window_id"].to_numpy(), observed=True).any()
    g.index.name = "window_id"
    if windows is not None:
        g = g.reindex(pd.Index(list(windows), name="window_id"), fill_value=False)
    has = g["has"].to_numpy(dtype=bool)
    return no_record_windows(g["has"], ~has & (~g["active"].to_numpy(dtype=bool) | g["blank"].to_numpy(dtype=bool)))


def slot_of(t: pd.Series, slot: str) -> tuple[int, np.ndarray]:
    """The slots of the clock ``every_slot`` counts and each time's slot: ``(24, hour)`` or ``(7, day of the
    week)``, -1 for a missing time (and for the hour of a time written as a date alone: its day is known, not its hour).

    Examples
    --------
    >>> import pandas as pd
    >>> n, s = slot_of(pd.Series(pd.to_datetime(["2025-03-03 09:30", None])), "hour")
    >>> n, s.tolist()
    (24, [9, -1])
    """
    if slot == "hour":   # a time written as a date alone (calendar.DATE_ONLY_NS) says its day, not its hour: untimed
        n, s = 24, t.dt.hour.mask(pd.Series(date_only(t.to_numpy(dtype="datetime64[ns]")), index=t.index))
    elif slot == "weekday":
        n, s = 7, t.dt.day_of_week
    else:
        raise ValueError(f"slot 应为 hour 或 weekday / slot must be 'hour' or 'weekday', got {slot!r}")
    return n, s.fillna(-1).to_numpy(dtype=np.int64)


#: What a record says of its slot (:func:`slot_classes`): served, asked and owed service (not served), asked and maybe
#: owed (not served, no hang-up time: it may have been given up within the answer limit), not counted (given up within
#: the answer limit: not yet owed an answer, 标准1 第十条(二)6 and the reading guide).
SERVED, OWED, UNSURE, NOT_COUNTED = 0, 1, 2, 3


def slot_classes(df: pd.DataFrame, time: str, served: str | None = None, abandoned: str | None = None,
                 abandoned_limit: float = 12, abandoned_within: str = "excluded",
                 status: str | None = None) -> np.ndarray:
    """Each record's class for :func:`every_slot` (``SERVED``, ``OWED``, ``UNSURE``, ``NOT_COUNTED``).  Without
    ``served`` every record is served; with it, a record whose ``served`` is blank asked and was not served (owed).
    With ``abandoned`` (the caller's hang-up time) and ``abandoned_within="excluded"`` (the workspace option, as for
    the answer limit of 第十条(二)6), a call given up at most ``abandoned_limit`` seconds after ``time`` was not yet
    owed an answer and is not counted, and one neither served nor given up at a known time is unsure;
    ``abandoned_within="missed"`` owes every unanswered call.  ``status`` (a 95598 call's hang_up) marking a record
    answered (:func:`~windoweval.population.closed_of`, never withdrawn) whose ``served`` is blank: served, when
    unknown (its hang-up time is the call's end, no abandonment); any other code changes nothing.

    Examples
    --------
    >>> t = pd.to_datetime(["2025-01-02 03:00:00"] * 4)
    >>> df = pd.DataFrame({"t": t, "ans": [t[0], None, None, None],
    ...                    "hup": [None, t[0] + pd.Timedelta(seconds=12), t[0] + pd.Timedelta(seconds=13), None]})
    >>> slot_classes(df, "t", "ans", "hup").tolist()     # served; gone at 12 s; gone at 13 s; no hang-up time
    [0, 3, 1, 2]
    >>> slot_classes(df, "t", "ans", "hup", abandoned_within="missed").tolist()
    [0, 1, 1, 1]
    >>> slot_classes(df.assign(r=[None, "answered", "answered", "abandoned"]), "t", "ans", "hup", status="r").tolist()
    [0, 0, 0, 2]
    """
    out = np.full(len(df), SERVED, dtype=np.int8)
    if served is None:
        return out
    unserved = df[served].isna().to_numpy(dtype=bool)
    if status and status in df:   # answered, the time not written: served (never withdrawn: that is no service)
        unserved = unserved & ~(closed_of(df[status]) & ~pd.Series(df[status]).astype("string").eq("withdrawn")
                                .to_numpy(dtype=bool, na_value=False))
    out[unserved] = OWED
    if abandoned is None:
        return out
    if abandoned_within == "missed":
        return out
    if abandoned_within != "excluded":
        raise ValueError(f"abandoned_within 应为 'excluded' 或 'missed' / "
                         f"abandoned_within must be 'excluded' or 'missed', got {abandoned_within!r}")
    t = pd.to_datetime(df[time]).to_numpy(dtype="datetime64[ns]")
    h = pd.to_datetime(df[abandoned]).to_numpy(dtype="datetime64[ns]")
    no_h = np.isnat(h)
    with np.errstate(invalid="ignore"):
        early = ~no_h & ~np.isnat(t) & ((h - t) <= np.timedelta64(int(round(float(abandoned_limit) * 1e9)), "ns"))
    out[unserved & no_h] = UNSURE
    out[unserved & early] = NOT_COUNTED
    return out


def makeup_days_of(t: pd.Series, calendar) -> np.ndarray:
    """Which times fall on a make-up working day (调休: a Saturday or Sunday the State Council's notice makes a working
    day), by ``calendar`` (:class:`~windoweval.calendar.WorkCalendar`); a blank time is none.

    Examples
    --------
    >>> from windoweval.calendar import WorkCalendar
    >>> t = pd.Series(pd.to_datetime(["2025-09-28 10:00", "2025-09-21 10:00", "2025-10-06 10:00", None]))
    >>> makeup_days_of(t, WorkCalendar()).tolist()    # 调休 Sunday, an ordinary Sunday, a holiday Monday, blank
    [True, False, False, False]
    """
    v = pd.to_datetime(t).to_numpy(dtype="datetime64[ns]").view(np.int64)
    ok = v != np.iinfo(np.int64).min
    day = v // 86_400_000_000_000                           # days since 1970-01-01, a Thursday
    weekend = ok & ((day + 3) % 7 >= 5)
    out = np.zeros(len(v), dtype=bool)
    if weekend.any():   # each weekend day of the span looked up once (a year has ~104), not each record
        d = day[weekend]
        lo = int(d.min())
        seen = np.flatnonzero(np.bincount(d - lo)) + lo
        table = np.zeros(int(d.max()) - lo + 1, dtype=bool)
        table[seen - lo] = calendar.is_workday(seen.astype("datetime64[D]").astype("datetime64[ns]")).to_numpy(
            dtype=bool, na_value=False)
        out[weekend] = table[d - lo]
    return out


def slot_classes_of(df: pd.DataFrame, p: dict) -> np.ndarray | None:
    """:func:`slot_classes` of ``df`` under :func:`every_slot`'s bound parameters ``p``, with the records on make-up
    working days not counted when ``makeup_days="skip"`` (weekday slots); None when the plain reading applies (every
    record served and counted, ``empty="fail"``).

    Examples
    --------
    >>> from windoweval.calendar import WorkCalendar
    >>> df = pd.DataFrame({"t": pd.to_datetime(["2025-09-28 10:00", "2025-09-21 10:00"])})
    >>> slot_classes_of(df, {"time": "t", "slot": "weekday", "empty": "na", "makeup_days": "skip",
    ...                      "calendar": WorkCalendar()}).tolist()     # the 调休 Sunday not counted (3), served (0)
    [3, 0]
    >>> slot_classes_of(df, {"time": "t", "slot": "weekday"}) is None
    True
    """
    skip = p.get("makeup_days", "count")
    if skip not in ("count", "skip"):
        raise ValueError(f"makeup_days 应为 count 或 skip / makeup_days must be 'count' or 'skip', got {skip!r}")
    skip = skip == "skip" and p.get("slot", "hour") == "weekday" and p.get("calendar") is not None
    if p.get("empty", "fail") == "fail" and p.get("served") is None and not skip:
        return None
    cls = slot_classes(df, p["time"], p.get("served"), p.get("abandoned"), p.get("abandoned_limit", 12),
                       p.get("abandoned_within", "excluded"), p.get("status"))
    if skip and len(df):
        cls[makeup_days_of(df[p["time"]], p["calendar"])] = NOT_COUNTED
    return cls


@kernel("every_slot", "存在无服务的时段 {slot}", "{slot} with no service", level="unit",
        columns=("time", "served", "abandoned", "status"))
def every_slot(df: pd.DataFrame, time: str, slot: str = "hour", windows: list | None = None,
               empty: str = "fail", served: str | None = None, abandoned: str | None = None,
               abandoned_limit: float = 12, abandoned_within: str = "excluded", makeup_days: str = "count",
               calendar=None, status: str | None = None) -> pd.Series:
    """Service in every ``slot`` of the clock: each hour of the day (``hour``, 24-hour service) or each day
    of the week (``weekday``, no weekly rest day) has at least one record of service at the window.

    Returns one value per (window_id, slot): a window with no record in a
    slot fails that slot; a window without any record at all is <NA> in
    every slot (no evidence, never a pass), left out (:func:`~windoweval.kernels.base.with_excluded`):
    no record lacks evidence, so the cell reads no_data, not insufficient.  A window with a record whose
    ``time`` is blank (a fault repair filed with its receipt time not written) could have served in any slot
    no timed record fills: each such slot is <NA>, missing evidence, never a miss on a time nobody wrote (the
    window's records all untimed: every slot so).  But each such record fills one slot at most: with fewer of them
    than empty slots, the difference is surely empty, and that many of the unknown slots carry a bound of 0
    (:func:`~windoweval.kernels.base.with_bound`), so the window's verdict is a certain fail, not insufficient.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"window_id": ["a"] * 7, "t": pd.date_range("2025-03-03 09:00", periods=7, freq="D")})
    >>> r = every_slot(df, "t", "weekday", windows=["a", "b"])
    >>> int(r.loc["a"].sum()), int(r.loc["b"].isna().sum()), len(r)
    (7, 7, 14)
    >>> u = pd.DataFrame({"window_id": ["a", "a"], "t": pd.to_datetime(["2025-03-03 09:00", None])})
    >>> every_slot(u, "t", "weekday").tolist()   # Monday served; the blank time could be any other day
    [True, <NA>, <NA>, <NA>, <NA>, <NA>, <NA>]

    ``empty="na"`` reads a slot with no record as no evidence rather than no service (24小时不间断服务 for fault
    reports and 95598 calls: a quiet night hour had nobody to serve, it shows no interruption): such a slot is
    <NA>, missing evidence, never a miss.  ``served`` (a column) tells demand from service: a record with it
    blank is demand not served (a call offered, none answered), so a slot whose records are all unserved fails;
    a slot with a served record passes.  A slot with unserved records only, in a window with served records
    whose time is blank, is <NA> (one of them may have been served there).

    >>> c = pd.DataFrame({"window_id": ["a"] * 3, "t": pd.to_datetime(["2025-03-03 01:00", "2025-03-03 02:00",
    ...                   "2025-03-03 02:30"]), "ans": pd.to_datetime(["2025-03-03 01:00", None, None])})
    >>> every_slot(c, "t", "hour", empty="na", served="ans").tolist()[:4]   # 01 served, 02 offered none answered
    [<NA>, True, False, <NA>]

    ``abandoned`` (the hang-up time) leaves out a call given up within ``abandoned_limit`` seconds (the answer limit
    of 第十条(二)6: the caller was not yet owed an answer, so it shows no interruption), and reads an unanswered call
    with no hang-up time as unsure (it may have been so given up): a slot with only such calls is <NA>, never a fail;
    ``abandoned_within="missed"`` (the workspace option) owes every unanswered call, as the answer limit then does.
    ``status`` (a call's hang_up) marking an unanswered call answered serves its slot (:func:`slot_classes`).

    >>> c2 = c.assign(hup=pd.to_datetime([None, "2025-03-03 02:00:12", "2025-03-03 02:30:05"]))
    >>> every_slot(c2, "t", "hour", empty="na", served="ans", abandoned="hup").tolist()[:4]   # 02: both gone in 12 s
    [<NA>, True, <NA>, <NA>]

    ``makeup_days="skip"`` (weekday slots, with the ``calendar``) does not count a record on a make-up working day
    (调休): that Saturday or Sunday is an official working day, so service on it says nothing of the weekday as a rest
    day (无周休日: a hall shut every ordinary Sunday serves on the 调休 Sunday with every other office).

    >>> from windoweval.calendar import WorkCalendar
    >>> h = pd.DataFrame({"window_id": ["a"] * 2, "t": pd.to_datetime(["2025-09-27 10:00", "2025-09-28 10:00"])})
    >>> every_slot(h, "t", "weekday", empty="na", makeup_days="skip", calendar=WorkCalendar()).tolist()[5:]
    [True, <NA>]
    """
    if empty not in ("fail", "na"):
        raise ValueError(f"empty 应为 fail 或 na / empty must be 'fail' or 'na', got {empty!r}")
    cls = slot_classes_of(df, {"time": time, "slot": slot, "empty": empty, "served": served, "abandoned": abandoned,
                               "abandoned_limit": abandoned_limit, "abandoned_within": abandoned_within,
                               "makeup_days": makeup_days, "calendar": calendar, "status": status})
    if cls is not None:
        return _every_slot_demand(df, time, slot, windows, empty, cls)
    n, s = slot_of(df[time], slot)
    wins = list(windows) if windows is not None else sorted(df["window_id"].dropna().unique())
    if len(df):
        # the records per window and slot counted on integer codes (what ``pd.crosstab`` counted, without its
        # frame of every row): rows without a window or a time are not counted
        w, uniq = pd.factorize(df["window_id"], use_na_sentinel=True)
        ok = (w >= 0) & (s >= 0)
        c = np.bincount(w[ok].astype(np.int64) * n + s[ok], minlength=len(uniq) * n).reshape(len(uniq), n)
        seen = pd.DataFrame(c, index=pd.Index(np.asarray(uniq, dtype=object))).reindex(index=wins, fill_value=0)
        # the records per window whose time is blank (each may have filled one slot)
        n_blank = np.bincount(w[(w >= 0) & (s < 0)].astype(np.int64), minlength=len(uniq))
        n_blank = pd.Series(n_blank, index=pd.Index(np.asarray(uniq, dtype=object))).reindex(
            wins, fill_value=0).to_numpy(dtype=np.int64)
        blank = n_blank > 0
    else:
        seen = pd.DataFrame(0, index=wins, columns=range(n))
        n_blank = np.zeros(len(wins), dtype=np.int64)
        blank = n_blank > 0
    idx = pd.MultiIndex.from_product([wins, range(n)], names=["window_id", slot])
    counts = seen.to_numpy()
    # a window with no record at all: no evidence, never a pass; no record lacks anything either, so its slots are
    # left out (no_data, "no records"), not missing evidence (insufficient: records there are, without evidence)
    # (a window whose records all lack the time is missing evidence: records there are)
    untimed = counts.sum(axis=1) == 0
    norec = ~pd.Index(wins, dtype=object).isin(pd.Index(df["window_id"].dropna().unique(), dtype=object)) \
        if len(df) else np.ones(len(wins), dtype=bool)
    # a record of the window without the time: it may have filled any slot no timed record fills
    none = np.repeat(untimed, n) | ((counts == 0) & blank[:, None]).ravel()
    # fewer untimed records than empty slots: those records fill at most as many slots, so at least the difference
    # is surely empty and the window certainly misses (each empty slot still unknown on its own).  That many of its
    # empty slots carry a bound below 1 (kernels.with_bound): the engine counts them in w_lost, and a measure that
    # cannot reach its target even with every other unknown slot served reads fail, not insufficient
    empty = (counts == 0) & blank[:, None]
    sure = np.maximum(empty.sum(axis=1) - n_blank, 0)
    lost = empty & (np.cumsum(empty, axis=1) <= sure[:, None])
    mask = pd.Series(pd.arrays.BooleanArray((counts > 0).ravel() & ~none, none), index=idx, name="passed")
    return with_bound(with_excluded(mask, np.repeat(np.asarray(norec, dtype=bool) & untimed, n)),
                      np.where(lost.ravel(), 0.0, 1.0))


def _every_slot_demand(df: pd.DataFrame, time: str, slot: str, windows: list | None, empty: str,
                       cls: np.ndarray) -> pd.Series:
    """:func:`every_slot` with ``empty`` or ``served`` set, ``cls`` each record's :func:`slot_classes`: per window and
    slot, a served record passes it, records owed service and none of them served fail it, records only unsure leave
    it <NA> (under ``fail`` they fail it too: given up early or not, nobody was served there), no record (or only
    calls given up early, not counted) is ``empty`` (<NA> for ``na``).  A record with its time blank may sit in any
    slot: a served one turns each slot that is not surely passed to <NA>; an unserved one leaves an empty slot <NA>
    under ``na`` (under ``fail`` it is one record against the many empty slots: <NA> too, as the plain kernel reads a
    blank time).  A window with no record at all is left out (no_data)."""
    n, s = slot_of(df[time], slot)
    wins = list(windows) if windows is not None else sorted(df["window_id"].dropna().unique())
    ok_served = cls == SERVED
    counted = cls != NOT_COUNTED
    idx = pd.MultiIndex.from_product([wins, range(n)], names=["window_id", slot])
    w, uniq = pd.factorize(df["window_id"], use_na_sentinel=True) if len(df) else (np.zeros(0, np.int64), [])
    pos = pd.Index(np.asarray(uniq, dtype=object)).get_indexer(pd.Index(wins, dtype=object)) if len(wins) else \
        np.zeros(0, np.int64)

    def grid(sel: np.ndarray) -> np.ndarray:
        g = np.bincount(w[sel].astype(np.int64) * n + s[sel], minlength=len(uniq) * n).reshape(len(uniq), n)
        out = np.zeros((len(wins), n), dtype=np.int64)
        out[pos >= 0] = g[pos[pos >= 0]]
        return out

    def per_win(sel: np.ndarray) -> np.ndarray:
        g = np.bincount(w[sel].astype(np.int64), minlength=len(uniq))
        out = np.zeros(len(wins), dtype=np.int64)
        out[pos >= 0] = g[pos[pos >= 0]]
        return out

    timed, has_w = (w >= 0) & (s >= 0), w >= 0
    got = grid(timed & ok_served)                                 # served records per slot
    owed = grid(timed & (cls == OWED))                            # records owed service, not served
    unsure = grid(timed & (cls == UNSURE))                        # not served, maybe given up early
    asked = grid(timed & counted)                                 # any record counted per slot
    blank_served = per_win(has_w & (s < 0) & ok_served) > 0       # a served record of unknown slot
    blank_any = per_win(has_w & (s < 0) & counted) > 0
    norec = per_win(has_w) == 0
    passed = got > 0
    failed = ((owed > 0) | ((unsure > 0) & (empty == "fail"))) & ~passed & ~blank_served[:, None]
    if empty == "fail":
        failed |= (asked == 0) & ~blank_any[:, None]
    unknown = ~passed & ~failed
    mask = pd.Series(pd.arrays.BooleanArray(passed.ravel(), unknown.ravel()), index=idx, name="passed")
    return with_excluded(mask, np.repeat(norec, n))


@kernel("diverted_within", "排队超过 {max_queue} 人 {minutes} 分钟内未分流",
        "queue over {max_queue} not relieved within {minutes} minutes", level="unit",
        columns=("queue", "time", "windows_open"), reads=None,
        reach=lambda p: (p["time"], pd.Timedelta(0), pd.Timedelta(minutes=float(p.get("minutes", 10)))))
def diverted_within(df: pd.DataFrame, queue: str, time: str, max_queue: int = 10, minutes: float = 10,
                    windows_open: str = "open_windows") -> pd.Series:
    """Each snapshot with more than ``max_queue`` waiting: within ``minutes`` the queue system logs more
    windows open than at that moment, or the queue back at ``max_queue`` or fewer (from the queue log,
    not a self-reported flag).  One value per crowded snapshot (window_id, ``time``): snapshots at or
    under ``max_queue`` are no unit (nothing to divert); a crowded one with no later snapshot within
    the time, or still crowded later with the windows open not logged at either moment, is <NA> (the log
    does not say): missing evidence, never a miss.  Its ``reach`` is ``minutes`` ahead: a crowded snapshot in the
    year's last minutes is judged with the next year's first snapshots (windoweval.engine.edges).

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
    >>> diverted_within(df.assign(n=[2, 2, None, 3]), "q", "t", windows_open="n").tolist()   # 10:15 not logged
    [False, <NA>, <NA>, <NA>]
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
    # still crowded and the log without the windows open at either moment: whether a window was opened is unknown
    unknown = ~relieved & (pairs["n"].isna() | pairs["n2"].isna())
    ok = np.zeros(len(df), dtype=bool)
    ok[pairs.loc[relieved.to_numpy(), "pos"].to_numpy(dtype=np.int64)] = True
    seen = np.zeros(len(df), dtype=bool)
    seen[pairs.loc[~unknown.to_numpy(), "pos"].to_numpy(dtype=np.int64)] = True
    undecided = np.zeros(len(df), dtype=bool)
    undecided[pairs.loc[unknown.to_numpy(), "pos"].to_numpy(dtype=np.int64)] = True
    na = ~ok & (~seen | undecided)   # no later snapshot, or one that cannot say: missing evidence, never a miss
    idx = pd.MultiIndex.from_arrays([df["window_id"].to_numpy()[over], df[time].to_numpy()[over]],
                                    names=["window_id", time])
    return pd.Series(pd.arrays.BooleanArray((ok & ~na)[over], na[over]), index=idx, name="passed")


# -- complaints, callbacks and promises (第十三条(五)(六), 第五条(二)) ----------


#: The levels of the waiting kernel's index after ``window_id``: the figures it measured for the window.
WAIT_FIGURES = ("tickets", "called", "not_called", "median_min", "p90_min")


def wait_minutes(df: pd.DataFrame, start: str, end: str) -> np.ndarray:
    """Minutes from ``start`` to ``end`` per record (NaN when either is missing or the end is before the start).

    Examples
    --------
    >>> df = pd.DataFrame({"ticket_at": pd.to_datetime(["2025-04-08 09:00:00", "2025-04-08 09:00:00", None]),
    ...                    "called_at": pd.to_datetime(["2025-04-08 09:12:30", "2025-04-08 08:59:00", "2025-04-08 09:05:00"])})
    >>> wait_minutes(df, "ticket_at", "called_at").tolist()     # an end before its start, a missing start: NaN
    [12.5, nan, nan]
    """
    s = pd.to_datetime(df[start]).to_numpy(dtype="datetime64[ns]")
    e = pd.to_datetime(df[end]).to_numpy(dtype="datetime64[ns]")
    with np.errstate(invalid="ignore"):
        m = (e - s).astype("timedelta64[ns]").astype(np.int64) / 60e9
    bad = np.isnat(s) | np.isnat(e)
    m = np.where(bad, np.nan, m)
    return np.where(m < 0, np.nan, m)


@kernel("waiting_time", "等待时间(取号至叫号)仅计量,无单张票的判定",
        "waiting time (ticket to call) is measured, no ticket passes or fails", level="unit",
        columns=("start", "end"))
def waiting_time(df: pd.DataFrame, start: str = "ticket_at", end: str = "called_at",
                 never_called: str = "compare") -> pd.Series:
    """Each window's waiting: one unit per window, its figures in the index, no verdict (<NA>).

    Per window: ``tickets`` (in the population), ``called`` (with a call time
    not before the ticket; one before it is refused when the records are read,
    see the contract's ``not_before``), ``not_called`` (no call time: left or
    still waiting), ``median_min`` and ``p90_min`` of the called tickets' waits in
    minutes (linear interpolation between order statistics, R's
    ``quantile(type = 7)``).  The value is <NA>: the clause names no limit, so
    a window is measured, not judged; :func:`windoweval.waiting.waiting_times`
    compares the figures with a baseline year's (缩短: shortened).  ``never_called`` is how that comparison reads
    the tickets never called (``"compare"``: a share above the baseline year's makes a shorter wait insufficient
    evidence; ``"ignore"``: the called tickets' waits decide alone); the figures are the same either way.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Timestamp("2025-04-08 09:00")
    >>> df = pd.DataFrame({"window_id": ["A"] * 4, "ticket_at": [t] * 4,
    ...                    "called_at": [t + pd.Timedelta(minutes=m) for m in (2, 4, 10)] + [pd.NaT]})
    >>> r = waiting_time(df).reset_index()
    >>> r[["window_id", "tickets", "called", "not_called", "median_min", "p90_min"]].values.tolist()
    [['A', 4, 3, 1, 4.0, 8.8]]
    >>> bool(r["passed"].isna().all())
    True
    """
    if never_called not in ("compare", "ignore"):
        raise ValueError(f"never_called 应为 compare 或 ignore / never_called must be 'compare' or 'ignore', "
                         f"got {never_called!r}")
    w = wait_minutes(df, start, end)
    win = df["window_id"].astype("string").to_numpy(dtype=object, na_value=None)
    uncalled = df[end].isna().to_numpy()
    # a ticket with no window never reaches here: its export is refused by cell when read (window_id is required), and
    # a frame handed to the engine unread has it counted among the records no measure took (unscored: window)
    frame = pd.DataFrame({"window_id": win, "wait": w, "uncalled": uncalled}).dropna(subset=["window_id"])
    g = frame.groupby("window_id", sort=True)["wait"]
    figs = pd.DataFrame({"tickets": g.size(), "called": g.count(),
                         "not_called": frame.groupby("window_id", sort=True)["uncalled"].sum().astype(np.int64)})
    figs["median_min"] = g.quantile(0.5)
    figs["p90_min"] = g.quantile(0.9)
    figs = figs.reset_index()
    idx = pd.MultiIndex.from_frame(figs[["window_id", *WAIT_FIGURES]])
    # measured, not judged: each unit left out by the rule (not assessed), never counted as missing evidence (it read
    # one unit missing evidence in every measured window of the scorecard; diff38's note)
    return with_excluded(pd.Series(pd.array([pd.NA] * len(idx), dtype="boolean"), index=idx, name="passed"),
                         np.ones(len(idx), dtype=bool))
