"""China's working-day calendar as arrays, for vectorised day counting.

The rules (``../shared/standards/README.md``):

* N 个工作日 counts China's official working days: weekends and statutory
  holidays are off, the weekend days made working days (调休) are on.
* N 天 counts calendar days.
* In both, the day of receipt is not counted; the limit ends at the end of the
  N-th day after it (Civil Code art. 201).
* Optionally (art. 203, off by default) a calendar-day period whose last day is
  a rest day or holiday ends at the end of the next working day.

The official arrangement comes from ``chinese-calendar`` (it knows 2004–2026)
and, for any later year or any correction, from a calendar file the
organisation keeps (CSV: ``date,kind[,name]`` with kind ``holiday`` or
``workday``).  A year that the file lists with at least its statutory
holidays (:func:`statutory_holidays`: 13 days from 2025) is taken as that
year's full arrangement.  A year listed with fewer is a partial listing: it
corrects the library where the library knows the year, and otherwise leaves
the year unknown (the State Council's notice always names every festival; one
row for 1 January is not the year).  A date outside every known year is an
error, never a silent weekends-only guess.

Examples
--------
>>> cal = WorkCalendar()
>>> cal.is_workday(["2025-10-01", "2025-10-11"]).tolist()   # National Day; a 调休 Saturday
[False, True]
>>> str(cal.add_workdays("2025-09-30", 5)[0].date())
'2025-10-14'
"""
from __future__ import annotations

from .errors import InputError
import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

_DAY_NS = 86_400 * 10**9   # a day in nanoseconds

__all__ = ["DATE_ONLY_NS", "date_only", "at_time_of_day", "WorkCalendar", "CalendarError", "CalendarFileError", "load_calendar_file", "statutory_holidays",
           "LOCAL_TZ", "wall_clock"]

#: The clock every record is read in: Beijing time.  A time written with a zone is converted to it, once, here.
LOCAL_TZ = "Asia/Shanghai"


#: The mark of a record's time written as a date alone (``2025-01-05``: the day known, not the time): the day's 00:00
#: and one nanosecond, kept in the value itself so that it travels with it through the store (timestamps in
#: nanoseconds) and every reader, never shown (times are shown to the second) and never moving a day.  A limit in
#: seconds, minutes or hours cannot be proved met by such a time (:func:`windoweval.kernels.time.time_limit`): the
#: record is missing evidence, or missed when even the most favourable time of those days misses it.  A store written
#: before the mark (session 43) holds such times as the day's 00:00 and is read as it was.
DATE_ONLY_NS = 1

_NAT_NS = np.iinfo(np.int64).min


def at_time_of_day(v, at: int = 0, per_day: int = _DAY_NS) -> np.ndarray:
    """The positions of the times ``v`` (int64 nanoseconds, NaT the smallest int64, never one; or seconds with
    ``per_day`` 86,400) at ``at`` past their day's start (``v % per_day == at``): 0 a midnight, :data:`DATE_ONLY_NS`
    a date written alone.  The package's one test of a time of day by its low bits (validate's midnights, the CSV
    reader's, :func:`date_only`).

    A day is a multiple of 2**k (86,400 x 10**9 ns of 2**16, 86,400 s of 2**7), so a time at ``at`` has the low k
    bits of ``at``: one comparison of those bits (a strided view of the lowest byte or two, no int64 temporary)
    leaves the few candidates (a time in whole seconds one in 128), and only they are divided (dates44: the division
    over every value took three to six times as long).

    Examples
    --------
    >>> t = pd.to_datetime(["2025-01-05 00:00", "2025-01-05 09:00", None, "1969-12-31 00:00",
    ...                     "2025-01-05 00:00:00.000065536"], format="mixed")   # the last: 2**16 ns past, no midnight
    >>> at_time_of_day(t.to_numpy().astype("datetime64[ns]").view(np.int64)).tolist()
    [0, 3]
    >>> at_time_of_day(np.array([1, 86_400, 43_200, -86_400]), per_day=86_400).tolist()
    [1, 3]
    """
    import sys

    v = np.ascontiguousarray(v, dtype=np.int64).reshape(-1)
    k = (per_day & -per_day).bit_length() - 1          # the low bits every multiple of a day has clear
    little = sys.byteorder == "little"
    if k >= 16:
        low = v.view(np.uint16)[0 if little else 3::4] == (at & 0xFFFF)
    elif k >= 8:
        low = v.view(np.uint8)[0 if little else 7::8] == (at & 0xFF)
    else:
        mask = (1 << k) - 1
        low = np.bitwise_and(v.view(np.uint8)[0 if little else 7::8], mask) == (at & mask)
    cand = np.flatnonzero(low)
    if not len(cand):
        return cand
    w = v[cand]
    return cand[(w != _NAT_NS) & (w % per_day == at)]


def date_only(v) -> np.ndarray:
    """Which of the times ``v`` (int64 nanoseconds, NaT the smallest int64; or a datetime64[ns] array or Series) were
    written as a date alone (:data:`DATE_ONLY_NS`).

    Examples
    --------
    >>> t = pd.to_datetime(["2025-01-05 00:00", "2025-01-05 09:00", None]).to_numpy().astype("datetime64[ns]")
    >>> t = t.view(np.int64).copy()
    >>> t[0] += DATE_ONLY_NS
    >>> date_only(t).tolist()
    [True, False, False]
    """
    a = np.asarray(v)
    if a.dtype.kind == "M":
        a = a.astype("datetime64[ns]").view(np.int64)
    # a mark makes its time odd (NaT and every time in whole microseconds are even): one OR over the values answers
    # the common case, no date alone at all, at a tenth of the division's cost (a 10 M-record measure judged twice)
    if not a.size or not int(np.bitwise_or.reduce(a, axis=None)) & 1:
        return np.zeros(a.shape, dtype=bool)
    out = np.zeros(a.size, dtype=bool)
    out[at_time_of_day(a, DATE_ONLY_NS)] = True
    return out.reshape(a.shape)


def surely_before(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a < b`` on int64 nanoseconds, where a time written as a date alone (:data:`DATE_ONLY_NS`) lies anywhere in
    its day: before only if the whole of its day is (an end written 2025-06-01 is not before an arrival at 10:00 that
    day).  NaT (the smallest int64) is compared as a number: callers mask it.

    Examples
    --------
    >>> t = pd.to_datetime(["2025-06-01 00:00", "2025-05-31 00:00"]).to_numpy().astype("datetime64[ns]").view(np.int64)
    >>> ten = pd.to_datetime(["2025-06-01 10:00"] * 2).to_numpy().astype("datetime64[ns]").view(np.int64)
    >>> surely_before(t, ten).tolist(), surely_before(t + DATE_ONLY_NS, ten).tolist()
    ([True, True], [False, True])
    """
    am, bm = date_only(a), date_only(b)
    if not (am.any() or bm.any()):
        return a < b
    b_lo = b - bm * DATE_ONLY_NS
    return np.where(am, a // _DAY_NS < b_lo // _DAY_NS, a < b_lo)


def wall_clock(values):
    """Times in Beijing wall-clock time without a zone: a zoned Series or Timestamp is converted, a naive one kept.

    Examples
    --------
    >>> wall_clock(pd.Series(pd.to_datetime(["2025-01-01 00:30Z"]))).tolist()
    [Timestamp('2025-01-01 08:30:00')]
    >>> wall_clock(pd.Timestamp("2025-01-01 08:30"))
    Timestamp('2025-01-01 08:30:00')
    """
    if isinstance(values, pd.Series):
        return values.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
    ts = pd.Timestamp(values)
    return ts.tz_convert(LOCAL_TZ).tz_localize(None) if ts.tzinfo is not None else ts


def statutory_holidays(year: int) -> int:
    """The days of statutory public holiday in ``year`` (全体公民放假的节日): the fewest holidays a year's
    arrangement can list.

    10 days until 2007, 11 from 2008 (Qingming, Dragon Boat and Mid-Autumn added, May Day shortened), 13 from
    2025 (Spring Festival's eve and a second May Day added by the State Council's revision of November 2024).

    Examples
    --------
    >>> [statutory_holidays(y) for y in (2007, 2008, 2024, 2025, 2027)]
    [10, 11, 11, 13, 13]
    """
    return 13 if year >= 2025 else 11 if year >= 2008 else 10


class CalendarError(InputError):
    """A date that no calendar source knows.

    Carries ``dates`` (the offending dates) and ``years`` (the years known).

    Examples
    --------
    >>> try:
    ...     WorkCalendar().is_workday(["1990-01-01"])
    ... except CalendarError as e:
    ...     print(e.dates, e.exit_code)
    ['1990-01-01'] 3
    """

    def __init__(self, dates, known_years, partial=None):
        self.dates = sorted({str(pd.Timestamp(d).date()) for d in dates})[:10]
        self.years = known_years
        lo, hi = (min(known_years), max(known_years)) if known_years else ("-", "-")
        asked = {int(d[:4]) for d in self.dates}
        part = {y: n for y, n in (partial or {}).items() if y in asked}
        why_zh = "".join(f"日历文件只列出了 {y} 年的 {n} 个节假日,少于该年的 {statutory_holidays(y)} 天法定假日,"
                         f"不能当作全年安排。" for y, n in sorted(part.items()))
        why_en = "".join(f" The calendar file lists only {n} holiday(s) for {y}, fewer than its "
                         f"{statutory_holidays(y)} statutory holidays, so it is not taken as that year's arrangement."
                         for y, n in sorted(part.items()))
        # the years missing named as years, with the file's form: a day count that crosses into a year no source knows
        # (a case received 28 December, its working days running into January) is refused, never counted on a guess
        ys = ", ".join(str(y) for y in sorted(asked))
        y0 = min(asked) if asked else hi
        super().__init__(
            f"日期 {', '.join(self.dates)} 不在已知的工作日历内(已知 {lo}–{hi} 年):缺少 {ys} 年的节假日安排,"
            f"不按猜测的日历计算工作日。{why_zh}"
            f"请在工作区的日历文件(windoweval.toml 的 calendar_file)中补充该年的全部节假日和调休上班日:"
            f"在 windoweval.toml 写 calendar_file = \"calendar.csv\",该 CSV 的列为 date,kind,name,kind 为 holiday"
            f"(放假日)或 workday(调休上班日),按国务院办公厅当年的放假通知列出全部放假日(至少 "
            f"{statutory_holidays(y0)} 天法定假日)和调休上班日,如 {y0}-01-01,holiday,元旦。 / "
            f"Date(s) {', '.join(self.dates)} lie outside the working-day calendar "
            f"(known years {lo}–{hi}): the holidays of {ys} are missing, and working days are not counted on a "
            f"guessed calendar.{why_en} Add that year's holidays and adjusted working days to the "
            f"workspace calendar file (calendar_file in windoweval.toml): write calendar_file = \"calendar.csv\" in "
            f"windoweval.toml, a CSV with columns date,kind,name, kind holiday (a day off) or workday (an adjusted "
            f"working day), listing every day off of the State Council's notice for the year (at least "
            f"{statutory_holidays(y0)} statutory holidays) and every adjusted working day, e.g. "
            f"{y0}-01-01,holiday,元旦."
        )

    def __reduce__(self):  # picklable, so a Dask worker's error reaches the caller whole
        return (_rebuild_calendar_error, (self.args, self.dates, self.years))


def _rebuild_calendar_error(args, dates, years):
    err = CalendarError.__new__(CalendarError)
    ValueError.__init__(err, *args)
    err.dates, err.years = dates, years
    return err


class CalendarFileError(InputError):
    """The organisation's calendar file (``calendar_file`` in windoweval.toml) cannot be read: exit 3, naming the row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cal.csv"
    >>> _ = p.write_text("date,kind,name\\n2027-01-01,holday,元旦\\n", encoding="utf-8")
    >>> try:
    ...     load_calendar_file(p)
    ... except CalendarFileError as e:
    ...     print(e.exit_code, "holday" in str(e))
    3 True
    """


def load_calendar_file(path: str | os.PathLike) -> pd.DataFrame:
    """Read an organisation's calendar file (:class:`CalendarFileError` when it is unreadable or malformed).

    Returns
    -------
    DataFrame with columns ``date`` (datetime64), ``kind`` ('holiday' | 'workday'), ``name``.

    Examples
    --------
    >>> import io, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cal.csv"
    >>> _ = p.write_text("date,kind,name\\n2027-01-01,holiday,元旦\\n", encoding="utf-8")
    >>> load_calendar_file(p)[["kind", "name"]].values.tolist()
    [['holiday', '元旦']]
    """
    path = Path(path)
    try:
        df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", comment="#")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise CalendarFileError(
            f"{path}: 日历文件无法读取({type(e).__name__}),应为 UTF-8 编码的 CSV,列为 date,kind[,name] / "
            f"the calendar file cannot be read ({e}); save it as a UTF-8 CSV with columns date,kind[,name]."
        ) from None
    missing = {"date", "kind"} - set(df.columns)
    if missing:
        raise CalendarFileError(
            f"{path}: 日历文件缺少列 {sorted(missing)},应为 date,kind[,name] / "
            f"calendar file lacks column(s) {sorted(missing)}; expected date,kind[,name]."
        )
    dates = pd.to_datetime(df["date"], errors="coerce", format="%Y-%m-%d")
    bad = dates.isna() | ~df["kind"].str.strip().isin(["holiday", "workday"])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise CalendarFileError(
            f"{path} 第 {i + 2} 行: 日期应为 YYYY-MM-DD,类型应为 holiday 或 workday,实际为 "
            f"{df['date'].iloc[i]!r}, {df['kind'].iloc[i]!r}。 / "
            f"row {i + 2}: expected date YYYY-MM-DD and kind holiday|workday, found "
            f"{df['date'].iloc[i]!r}, {df['kind'].iloc[i]!r}."
        )
    out = pd.DataFrame({"date": dates, "kind": df["kind"].str.strip()})
    out["name"] = df["name"] if "name" in df else ""
    return out


def _days(dates) -> np.ndarray:
    """``dates`` as a datetime64[D] array; datetime arrays and Series are converted without parsing."""
    dtype = getattr(dates, "dtype", None)
    if isinstance(dates, (np.ndarray, pd.Series, pd.Index)) and isinstance(dtype, np.dtype) and dtype.kind == "M":
        return np.asarray(dates).astype("datetime64[D]", copy=False)   # days already: not copied (its callers only read it)
    return pd.to_datetime(pd.Series(dates)).to_numpy().astype("datetime64[D]")


@dataclass
class WorkCalendar:
    """Working days as a day-index array.

    Parameters
    ----------
    extra : DataFrame or path, optional
        An organisation's calendar (see :func:`load_calendar_file`); it extends
        the library to new years and overrides it where both speak.
    use_library : bool
        Use chinese-calendar for the years it knows (default True).

    Attributes
    ----------
    years : list of int
        The years known whole.
    partial : dict
        ``{year: holidays listed}`` for each year the file lists with fewer than its statutory holidays and
        that nothing else knows: a date in it raises :class:`CalendarError`, saying so.

    Examples
    --------
    >>> cal = WorkCalendar()
    >>> cal.is_workday(["2025-10-01", "2025-10-11", "2025-10-13"]).tolist()  # National Day; a make-up Saturday; Monday
    [False, True, True]
    >>> cal.add_workdays(["2025-09-30"], 1).dt.strftime("%Y-%m-%d").tolist()  # the first working day after
    ['2025-10-09']
    >>> spring = pd.date_range("2031-01-22", "2031-01-30")        # a made-up 2031: 9 + 4 holidays
    >>> extra = pd.DataFrame({"date": spring.append(pd.to_datetime(["2031-01-01", "2031-04-05", "2031-05-01",
    ...                                                             "2031-05-02"])), "kind": "holiday"})
    >>> WorkCalendar(extra, use_library=False).is_workday(["2031-01-01", "2031-01-02"]).tolist()
    [False, True]
    >>> one = pd.DataFrame({"date": pd.to_datetime(["2031-01-01"]), "kind": ["holiday"]})   # one row is not a year
    >>> WorkCalendar(one).partial
    {2031: 1}
    >>> fix = pd.DataFrame({"date": pd.to_datetime(["2025-10-11"]), "kind": ["holiday"]})   # a correction of 2025
    >>> WorkCalendar(fix).is_workday(["2025-10-01", "2025-10-11"]).tolist()   # the library's 2025 otherwise kept
    [False, False]
    """

    extra: pd.DataFrame | str | os.PathLike | None = None
    use_library: bool = True
    years: list[int] = field(init=False)
    partial: dict = field(init=False)

    def __post_init__(self):
        holidays: dict[_dt.date, bool] = {}  # date -> is working day
        years: set[int] = set()
        if self.use_library:
            import chinese_calendar as cc

            lib_years = range(min(cc.holidays).year, max(cc.holidays).year + 1)
            years.update(lib_years)
            holidays.update({d: False for d in cc.holidays})
            holidays.update({d: True for d in cc.workdays})
        extra = self.extra
        if extra is not None and not isinstance(extra, pd.DataFrame):
            extra = load_calendar_file(extra)
        self.partial = {}
        if extra is not None and len(extra):
            year = extra["date"].dt.year.astype(int)
            # distinct days, not rows: a day listed twice (copied down, under two names) is one holiday
            day = extra["date"].dt.normalize()
            listed = day.where(extra["kind"] == "holiday").groupby(year).nunique()
            whole = {int(y) for y, n in listed.items() if n >= statutory_holidays(int(y))}
            # a year the file lists whole is the file's: drop the library's entries for it; a partial listing
            # corrects the library's days where both speak
            holidays = {d: w for d, w in holidays.items() if d.year not in whole}
            for d, k in zip(extra["date"].dt.date, extra["kind"]):
                holidays[d] = k == "workday"
            years.update(whole)
            self.partial = {int(y): int(n) for y, n in listed.items() if int(y) not in years}
        self.years = sorted(years)
        if not self.years:
            raise ValueError("日历为空 / the calendar knows no year")
        gaps = sorted(set(range(self.years[0], self.years[-1] + 1)) - years)
        self._gaps = set(gaps)
        self.start = np.datetime64(f"{self.years[0]}-01-01", "D")
        end = np.datetime64(f"{self.years[-1] + 1}-01-01", "D")
        days = np.arange(self.start, end, dtype="datetime64[D]")
        weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday (3)
        work = weekday < 5
        if holidays:
            ds = np.array(list(holidays.keys()), dtype="datetime64[D]")
            ws = np.array(list(holidays.values()), dtype=bool)
            inside = (ds >= self.start) & (ds < end)
            work[(ds[inside] - self.start).astype("int64")] = ws[inside]
        self.work = work
        self.cum = np.cumsum(work)  # cum[i] = working days in [start, day i]
        self.days = days

    # -- helpers -------------------------------------------------------
    def _index(self, dates) -> np.ndarray:
        """Day index of each date (NaT -> -1); an unknown year raises CalendarError."""
        d = _days(dates)
        nat = np.isnat(d)
        has_nat = bool(nat.any())
        idx = d.view(np.int64) - self.start.astype(np.int64)  # days since the calendar's first day
        bad = idx.view(np.uint64) >= len(self.days)  # before the first day (negative) or after the last
        if has_nat:
            bad &= ~nat
        if self._gaps and not bad.all():
            yrs = d.astype("datetime64[Y]").astype("int64") + 1970
            bad |= ~nat & np.isin(yrs, list(self._gaps))
        if bad.any():
            raise CalendarError(d[bad], self.years, self.partial)
        if has_nat:
            np.putmask(idx, nat, -1)
        return idx

    def is_workday(self, dates) -> pd.Series:
        """Whether each date is an official working day (boolean Series, NA for NaT)."""
        idx = self._index(dates)
        out = pd.array(self.work[np.maximum(idx, 0)], dtype="boolean")
        out[idx < 0] = pd.NA
        return pd.Series(out)

    def _through_gap(self, s: np.ndarray, e: np.ndarray) -> None:
        """Raise :class:`CalendarError` where a count from day ``s`` to day ``e`` (known indices, -1 missing) would
        run through a year no source knows (a calendar file giving 2026 and 2028 but not 2027): its days would be
        counted as weekdays only, as :meth:`add_workdays` refuses to."""
        if not self._gaps:
            return
        ok = (s >= 0) & (e >= 0)
        if not ok.any():
            return
        lo, hi = np.minimum(s[ok], e[ok]), np.maximum(s[ok], e[ok])
        y0 = self.days[lo].astype("datetime64[Y]").astype(np.int64) + 1970
        y1 = self.days[hi].astype("datetime64[Y]").astype(np.int64) + 1970
        for g in sorted(self._gaps):
            if ((y0 < g) & (g < y1)).any():
                raise CalendarError([np.datetime64(f"{g}-01-01", "D")], self.years, self.partial)

    def _day_numbers(self, v: np.ndarray) -> np.ndarray:
        """Int64-nanosecond times (``NaT`` the smallest int64) as indices of their dates in :attr:`days` (the floor
        of the nanoseconds by a day's, less the first day's number): garbage where a time is NaT, out of
        ``[0, len(days))`` for a date outside the calendar."""
        d = v // _DAY_NS
        d -= int(self.start.astype(np.int64))
        return d

    def within_workdays_ns(self, sv: np.ndarray, ev: np.ndarray, n: int, miss: np.ndarray) -> np.ndarray | None:
        """:meth:`within_workdays` of the dates of int64-nanosecond times ``sv`` and ``ev``, where neither is
        missing (``miss``: either NaT), as one bool array (False where ``miss``): what
        ``within_workdays(start dates, end dates, n).to_numpy(dtype=bool, na_value=False)`` gives, on integer day
        numbers without building dates or a Series (the working-day limits' verdict, a block of records at a time).

        None where that is not its answer: a calendar that skips a year (:meth:`_through_gap`'s check), or a
        start or end date (of a row not ``miss``) outside the calendar, which :meth:`within_workdays` refuses
        with a :class:`CalendarError` naming them: the caller counts through it.

        Examples
        --------
        >>> v = lambda *t: np.array(t, dtype="datetime64[ns]").view(np.int64)
        >>> s, e = v("2025-09-30T17:00", "2025-09-30T17:00", "NaT"), v("2025-10-09T09:00", "2025-10-10T09:00", "NaT")
        >>> WorkCalendar().within_workdays_ns(s, e, 1, np.array([False, False, True])).tolist()
        [True, False, False]
        """
        if self._gaps:
            return None
        s, e = self._day_numbers(sv), self._day_numbers(ev)
        size = len(self.days)
        bad = (s.view(np.uint64) >= size) | (e.view(np.uint64) >= size)   # before the first day or after the last
        if (bad & ~miss).any():
            return None
        # working days strictly after the start date and before the end date (garbage where ``miss``: cleared)
        e -= 1
        ok = np.where(e < s, 0 < n, self.cum.take(e, mode="clip") - self.cum.take(s, mode="clip") < n)
        ok &= ~miss
        return ok

    def deadline_passed_ns(self, sv: np.ndarray, n: int, h: int) -> np.ndarray | None:
        """Whether the N-th working day after the date of each int64-nanosecond start ``sv`` (none NaT) ended
        before the cut-off ``h`` (int64 nanoseconds): ``h`` on or after the day after that deadline day.  A
        deadline the calendar cannot place (past its last day) has not passed.  On integer day numbers: what
        :meth:`add_workdays` (``beyond='nat'``) gives, compared with the cut-off, without dates or a Series.

        None where that is not its answer, for :meth:`add_workdays` to decide (and raise): a calendar that skips
        a year, a start date outside the calendar, or a deadline past it with the cut-off itself past it.

        Examples
        --------
        >>> v = lambda *t: np.array(t, dtype="datetime64[ns]").view(np.int64)
        >>> h = v("2025-10-10T00:00")[0]     # the N-th working day after 30 September is 9 October (the holiday)
        >>> [WorkCalendar().deadline_passed_ns(v("2025-09-30T17:00"), n, h).tolist() for n in (1, 2)]
        [[True], [False]]
        """
        if self._gaps:
            return None
        s = self._day_numbers(sv)
        size = len(self.days)
        if (s.view(np.uint64) >= size).any():
            return None
        j = np.searchsorted(self.cum, self.cum.take(s) + n, side="left")
        past = j >= size
        if past.any() and h >= (int(self.start.astype(np.int64)) + size) * _DAY_NS:
            return None
        # day j is the calendar's first day + j: its end, the next day's start, by the cut-off
        j += int(self.start.astype(np.int64)) + 1
        j *= _DAY_NS
        return ~past & (h >= j)

    def workdays_between(self, start, end) -> np.ndarray:
        """Working days in (start, end]: the day of receipt not counted (float, NaN where missing).

        A count through a year no source knows (between two known years) raises :class:`CalendarError`.
        """
        s, e = self._index(start), self._index(end)
        self._through_gap(s, e)
        out = (self.cum[np.maximum(e, 0)] - self.cum[np.maximum(s, 0)]).astype(float)
        out[(s < 0) | (e < 0)] = np.nan
        return out

    def within_workdays(self, start, end, n: int) -> pd.Series:
        """Whether ``end`` falls on or before the N-th working day after ``start``'s date.

        Needs the calendar only up to ``end``: a case received on 2026-12-29 and
        closed on 2026-12-31 is decided without the 2027 arrangement.  A count
        through a year no source knows (a calendar file giving 2026 and 2028 but
        not 2027) raises :class:`CalendarError`, as :meth:`add_workdays` does.

        Examples
        --------
        >>> WorkCalendar().within_workdays(["2025-09-30"], ["2025-10-09"], 1).tolist()
        [True]
        """
        s = self._index(start)
        e = self._index(end)
        self._through_gap(s, np.maximum(e - 1, s))   # the days counted: after the start, before the end
        # working days strictly before the end date and after the start date (an index below 0, a missing
        # date, reads day 0: ``take`` clips as ``cum[np.maximum(i, 0)]`` did, without the copy; none is past the end)
        em1 = e - 1
        before_end = self.cum.take(em1, mode="clip") - self.cum.take(s, mode="clip")
        ok = np.where(em1 < s, 0 < n, before_end < n)
        na = (s < 0) | (e < 0)
        return pd.Series(pd.arrays.BooleanArray(ok & ~na, na))

    def _past(self, j: np.ndarray, s: np.ndarray, beyond: str) -> np.ndarray:
        """Which found day indices ``j`` (of known starts ``s``) lie past the calendar's last day: raised, or
        returned for NaT (``beyond='nat'``: a deadline that no known day holds, which a caller may still place after
        a cut-off inside the calendar)."""
        past = (j >= len(self.days)) & (s >= 0)
        if self._gaps:   # counted through a year no source knows (a file that skips a year): never weekends only
            y0 = (self.days[np.maximum(s, 0)].astype("datetime64[Y]").astype(np.int64) + 1970)
            y1 = (self.days[np.minimum(j, len(self.days) - 1)].astype("datetime64[Y]").astype(np.int64) + 1970)
            for g in sorted(self._gaps):
                crossed = (s >= 0) & ~past & (y0 <= g) & (g <= y1)
                if crossed.any():
                    raise CalendarError([np.datetime64(f"{g}-01-01", "D")], self.years, self.partial)
        if beyond == "raise" and past.any():
            raise CalendarError([self.days[-1] + np.timedelta64(1, "D")], self.years, self.partial)
        if beyond not in ("raise", "nat"):
            raise ValueError(f"beyond 应为 'raise' 或 'nat' / beyond must be 'raise' or 'nat', got {beyond!r}")
        return past

    @property
    def end(self) -> np.datetime64:
        """The first day past the calendar (1 January of the year after the last known one).

        Examples
        --------
        >>> str(WorkCalendar().end)          # chinese-calendar knows 2004–2026
        '2027-01-01'
        """
        return self.days[-1] + np.timedelta64(1, "D")

    def add_workdays(self, start, n: int, beyond: str = "raise") -> pd.Series:
        """The date of the N-th working day after each start date (the deadline day).

        A deadline past the calendar's last known day raises :class:`CalendarError`, or is NaT with
        ``beyond='nat'`` (it then lies on or after :attr:`end`).
        """
        s = self._index(start)
        target = self.cum[np.maximum(s, 0)] + n
        j = np.searchsorted(self.cum, target, side="left")
        past = self._past(j, s, beyond)
        j = np.minimum(j, len(self.days) - 1)
        out = pd.Series(self.days[j].astype("datetime64[ns]"))
        out[(s < 0) | past] = pd.NaT
        return out

    def next_workday_on_or_after(self, dates, beyond: str = "raise") -> pd.Series:
        """Each date, moved to the next working day when it is a rest day or holiday (art. 203).

        ``beyond`` as for :meth:`add_workdays`; with ``'nat'`` a date itself past the calendar is NaT too (the day
        it moves to is no earlier).
        """
        d = _days(dates)
        late = np.zeros(len(d), dtype=bool)
        if beyond == "nat":
            late = ~np.isnat(d) & (d >= self.end)
            if late.any():
                d = np.where(late, np.datetime64("NaT", "D"), d)
        i = self._index(d)
        ii = np.maximum(i, 0)
        need = ~self.work[ii]
        target = self.cum[ii] + 1
        j = np.where(need, np.searchsorted(self.cum, target, side="left"), ii)
        past = self._past(j, i, beyond) | late
        out = pd.Series(self.days[np.minimum(j, len(self.days) - 1)].astype("datetime64[ns]"))
        out[(i < 0) | past] = pd.NaT
        return out
