"""Time kernels: limits in minutes, hours or (working) days, cut-off times, notice, the scheduled day, replies and callbacks."""
from __future__ import annotations

import functools


import numpy as np
import pandas as pd

from ..calendar import _DAY_NS, DATE_ONLY_NS, WorkCalendar, date_only, surely_before, wall_clock
from ..population import CLOSED, closed_of  # noqa: F401 - the status columns' reading, one for every caller
from .base import _apply_missing, _mask, kernel, with_excluded, with_open
from .base import excluded_of, open_of  # noqa: F401 - the examples show them


def not_exempt(df: pd.DataFrame, exempt: str | None = None, **_) -> np.ndarray:
    """Records not flagged in the ``exempt`` column (the clause's documented special circumstances).

    Examples
    --------
    >>> df = pd.DataFrame({"fault": [True, None, False]})
    >>> not_exempt(df, "fault").tolist(), not_exempt(df).tolist()
    ([False, True, True], [True, True, True])
    """
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


def _ns(col) -> np.ndarray:
    """A datetime column as int64 nanoseconds (NaT -> ``_NAT``), without a copy when it is datetime64[ns] already.

    A value carrying a time zone is taken in Asia/Shanghai wall-clock time, as the contracts say.
    """
    dtype = getattr(col, "dtype", None)
    if not (isinstance(dtype, np.dtype) and dtype.kind == "M"):
        col = wall_clock(pd.to_datetime(pd.Series(col)))
    a = np.asarray(col)
    if a.dtype != np.dtype("datetime64[ns]"):
        a = a.astype("datetime64[ns]")
    return a.view(np.int64)


def horizon_of(horizon) -> pd.Timestamp | None:
    """A kernel's cut-off ``horizon`` as a moment, read as every cut-off is (:func:`windoweval.records.cutoff.cut_off`):
    a date alone (``datetime.date``, ``'2025-12-31'``) is the end of that day, a date and time that moment (a zone's
    wall-clock time in Beijing).  None stays None.

    Examples
    --------
    >>> import datetime as dt
    >>> str(horizon_of(dt.date(2025, 12, 31))), str(horizon_of("2025-12-31")), str(horizon_of("2025-12-31 08:00"))
    ('2025-12-31 23:59:59', '2025-12-31 23:59:59', '2025-12-31 08:00:00')
    """
    from ..records.cutoff import cut_off

    return cut_off(horizon, "horizon")


@functools.lru_cache(maxsize=64)
def _cut_off_ns(horizon) -> np.int64:
    return _ns(pd.Series([horizon_of(horizon)]))[0]


def _horizon_ns(horizon) -> np.int64:
    """The cut-off ``horizon`` (a time, or its text) as int64 nanoseconds, as :func:`_ns` takes a column's value (a
    time zone's wall-clock time); worked out once per cut-off, not for every block of records judged with it.

    Examples
    --------
    >>> bool(_horizon_ns("2025-12-31 23:59:59") == _ns(pd.Series([pd.Timestamp("2025-12-31 23:59:59")]))[0])
    True
    """
    try:
        return _cut_off_ns(horizon)
    except TypeError:   # not hashable: worked out as it is
        return _cut_off_ns.__wrapped__(horizon)


def _day_of(v: np.ndarray, miss: np.ndarray) -> np.ndarray:
    """The date of each int64-nanosecond time as ``datetime64[D]`` (NaT where ``miss``): numpy's cast of
    ``datetime64[ns]`` to days (the floor of the nanoseconds by a day's), by one integer division.

    Examples
    --------
    >>> v = np.array(["2025-06-01T23:59:59.999999999", "1969-12-31T23:00", "2025-06-02"], dtype="datetime64[ns]")
    >>> _day_of(v.view(np.int64), np.array([False, False, True])).tolist()
    [datetime.date(2025, 6, 1), datetime.date(1969, 12, 31), None]
    """
    d = v // _DAY_NS
    np.putmask(d, miss, _NAT)
    return d.view("datetime64[D]")


def _within_ns(limit_s) -> int | None:
    """The largest elapsed time in nanoseconds ``d`` that meets a limit of ``limit_s`` seconds as the float test
    ``d / 1e9 <= limit_s`` decides it (what :func:`time_limit` compares, as ``Timedelta.total_seconds()``
    gives the seconds); None for a limit beyond any elapsed time.

    ``d / 1e9`` never decreases as ``d`` grows (int64 to float64, then a division by a positive number, each
    rounded to nearest), so ``d / 1e9 <= limit_s`` holds exactly for ``d`` up to one integer: found here with
    the very operations numpy applies to the arrays, so that ``d <= top`` gives the same verdict on every row.

    Examples
    --------
    >>> _within_ns(2700)          # 45 minutes: 45:00.000000000 meets it, one nanosecond more does not
    2700000000000
    >>> _within_ns(0.1)           # 0.1 s is not exact in binary: the float test decides the last nanosecond
    100000000
    """
    lf = float(limit_s)
    if not abs(lf) < 9e9:  # beyond ~285 years (or not a number): the float test itself
        return None

    def meets(x: int) -> bool:
        return bool(np.int64(x) / 1e9 <= lf)
    top = int(np.floor(lf * 1e9))
    while meets(top + 1):
        top += 1
    while not meets(top):
        top -= 1
    return top


def _excused(df: pd.DataFrame, exempt: str | None, exempt_overrun: bool, start: str, end: str, limit: float,
             unit: str, needs: str | None = None, needs_range: list | None = None, **rule) -> np.ndarray | None:
    """The records flagged in ``exempt`` that the exception excuses (None: no ``exempt`` column): every flagged
    record, or with ``exempt_overrun`` (the clause excuses an overrun only, 因…造成超时的) a flagged record known to
    have overrun ``limit``: done after it, or not done when the cut-off (``horizon``) had passed its deadline.  One
    done within it is judged as any other (met); one not yet done at the cut-off before its limit has run out has
    not overrun (judged: open); one whose overrun is unknown (no end and no cut-off) is judged too: missing
    evidence, as an unflagged one (rev33).  A record whose ``needs`` column is blank (its band unknown,
    ``needs_range``) is excused only if it overran the shortest band's limit: it overran the band it may be in
    then (in a longer band it is met or still open, never missed), and is excused in each.  The overrun is the
    one :func:`time_limit` finds without the flag, under the rest of its ``rule`` (its other parameters: the
    calendar, the cut-off, a last day moved off a rest day, a special circumstance's longer limit, a blank end done
    by a later step, steps out of order ...): rev33 found a flagged record done on the moved last day excused where
    its unflagged twin is met; session 36 one whose end is blank but whose later step came within the limit.

    Examples
    --------
    >>> df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 10:00"] * 3),
    ...                    "e": pd.to_datetime(["2025-04-08 10:05", "2025-04-08 10:06", None]), "x": [True] * 3})
    >>> _excused(df, "x", True, "s", "e", 5, "minutes").tolist(), _excused(df, "x", False, "s", "e", 5, "minutes").tolist()
    ([False, True, False], [True, True, True])
    >>> _excused(df, "x", True, "s", "e", 5, "minutes", horizon="2025-04-08 10:05:01").tolist()   # the third overdue
    [False, True, True]
    """
    if not exempt or exempt not in df:
        return None
    flagged = df[exempt].fillna(False).astype(bool).to_numpy()
    if exempt_overrun and flagged.any() and start in df and end in df:
        # an overrun known: judged and not met (done after the limit, or overdue at the cut-off); met, open or
        # missing evidence (no end and no cut-off: whether it overran is unknown) is judged as any other record
        def overran(lim):
            m = time_limit(df, start, end, lim, unit, **rule)
            return m.eq(False).to_numpy(dtype=bool, na_value=False)

        out = overran(limit)
        if needs and needs_range:
            blank = df[needs].isna().to_numpy(dtype=bool) if needs in df else np.ones(len(df), dtype=bool)
            if blank.any():
                out = np.where(blank, overran(min(min(needs_range), limit)), out)
        flagged = flagged & out
    return flagged


def _time_limit_applies(df: pd.DataFrame, start: str = "", limit: float = 0, unit: str = "minutes",
                        exempt: str | None = None, abandoned: str | None = None,
                        abandoned_within: str = "excluded", exempt_overrun: bool = False,
                        needs: str | None = None, needs_range: list | None = None, **_) -> np.ndarray:
    """The records a time limit speaks of: not the clause's stated exceptions (``exempt``; with ``exempt_overrun``
    only those that overran, :func:`_excused`) and, by default, not a call the caller abandoned within the limit
    (``abandoned``: the hang-up time)."""
    ex = _excused(df, exempt, exempt_overrun, start, _end_of(_), limit, unit, needs, needs_range,
                  **_rule(_, abandoned=abandoned, abandoned_within=abandoned_within))
    keep = np.ones(len(df), dtype=bool) if ex is None else ~ex
    if abandoned and abandoned_within == "excluded" and unit in _UNIT_SECONDS:
        sv, hv = _ns(df[start]), _ns(df[abandoned])
        ans = df[_end_of(_)].isna().to_numpy() if _end_of(_) in df else np.ones(len(df), dtype=bool)
        st = _.get("status")
        if st and st in df:   # marked answered (hang_up) with no answer time: answered, its hang-up the call's end
            ans = ans & ~closed_of(df[st])
        short = (hv != _NAT) & (sv != _NAT) & ans & ((hv - sv) / 1e9 <= limit * _UNIT_SECONDS[unit])
        keep = keep & ~short
    return keep


def _end_of(params: dict) -> str:
    return params.get("end", "")


#: :func:`time_limit`'s parameters that say how a record is judged, not which records the clause excuses.
_RULE = ("missing", "early", "abandoned", "abandoned_within", "special", "extended_limit", "calendar",
         "extend_to_workday", "horizon", "unstarted", "earliest", "status", "not_before", "not_after", "withdrawn_ends")


def _rule(params: dict, **more) -> dict:
    """The parameters of :data:`_RULE` among ``params`` and ``more``: what :func:`_excused` judges an overrun by."""
    return {k: v for k, v in (params | more).items() if k in _RULE}


def withdrawn_of(col) -> np.ndarray:
    """Whether each value of a status column says the customer withdrew the record (``withdrawn``: 撤单, 撤诉), as
    a bool array; a blank says nothing.

    Examples
    --------
    >>> withdrawn_of(pd.Series(["withdrawn", "closed", None])).tolist()
    [True, False, False]
    """
    return pd.Series(col).astype("string").eq("withdrawn").to_numpy(dtype=bool, na_value=False)


def _overdue(sv: np.ndarray, h: int, limit, unit: str, calendar, extend_to_workday: bool) -> np.ndarray:
    """Whether the deadline of each start (int64 ns, none NaT) has passed by the cut-off ``h`` (int64 ns).

    The calendar is needed only as far as the verdict needs it: a deadline past the calendar's last known day
    has not passed by a cut-off inside the calendar (the record is open), so a case received on 29 December of
    the calendar's last year and still open at the year's end is decided without the next year's arrangement;
    a cut-off past the calendar with such a deadline raises :class:`~windoweval.calendar.CalendarError`.
    """
    if unit in _UNIT_SECONDS:
        return h >= sv + np.int64(round(float(limit) * _UNIT_SECONDS[unit] * 1e9)) + 1
    if unit == "days" and not extend_to_workday:    # calendar days: no calendar at all
        return h >= (sv // _DAY_NS) * _DAY_NS + (int(limit) + 1) * _DAY_NS
    cal = calendar or WorkCalendar()
    started = sv <= h   # a clock that starts after the cut-off (filed in December, accepted in January): not due
    if not started.all():
        out = np.zeros(len(sv), dtype=bool)
        if started.any():
            out[started] = _overdue(sv[started], h, limit, unit, cal, extend_to_workday)
        return out

    if unit == "working_days":   # on day numbers, without dates or a Series (None: for add_workdays to decide)
        got = cal.deadline_passed_ns(sv, int(limit), h)
        if got is not None:
            return got

    def last_days(beyond: str) -> np.ndarray:
        if unit == "working_days":
            start = pd.Series(sv.view("datetime64[ns]"))
            return _ns(deadline_day(start, int(limit), True, cal, beyond=beyond))
        last = (sv // _DAY_NS) * _DAY_NS + int(limit) * _DAY_NS
        cand = h >= last + _DAY_NS   # art. 203 only ever moves a last day later: only a last day the cut-off passed
        if cand.any():
            last[cand] = _ns(cal.next_workday_on_or_after(last[cand].view("datetime64[ns]"), beyond=beyond))
        return last

    last = last_days("nat")
    unknown = last == _NAT
    if unknown.any() and h >= _ns(pd.Series([cal.end]))[0]:   # the cut-off itself past the calendar: needed
        last_days("raise")                                      # raises, naming the year to add
    return ~unknown & (h >= last + _DAY_NS)


def _elapsed(out: pd.DataFrame, params: dict) -> pd.DataFrame:
    """A time limit's drill-down: the elapsed minutes of each record (limits in seconds, minutes or hours)."""
    if params.get("unit") not in ("seconds", "minutes", "hours"):
        return out
    return out.assign(elapsed_min=_unknown_elapsed((out[params["end"]] - out[params["start"]]).dt.total_seconds() / 60,
                                                   out[params["end"]], out[params["start"]]))


def _unknown_elapsed(minutes: pd.Series, end: pd.Series, start: pd.Series) -> pd.Series:
    """``minutes`` blank where the start or the end was written as a date alone: the time taken is not known (a
    repair's 00:00 "arrival" is no 600 minutes early)."""
    marks = [date_only(c.to_numpy()) for c in (end, start) if c.dtype == np.dtype("datetime64[ns]")]
    if marks and (np.logical_or.reduce(marks)).any():
        return minutes.where(~np.logical_or.reduce(marks))
    return minutes


def _elapsed_columns(cols: dict, params: dict) -> dict | None:
    """:func:`_elapsed` of the record's times given as columns apart (``{column: Series}``), without a frame:
    ``{"elapsed_min": values}`` (the same subtraction and division), ``{}`` for a limit in days; None when a
    column it reads is not given (then the frame, as :func:`_elapsed` is called).

    Examples
    --------
    >>> t = pd.Series(pd.to_datetime(["2025-06-01 10:00", None]))
    >>> got = _elapsed_columns({"a": t, "b": t + pd.Timedelta(minutes=90)}, {"unit": "minutes", "start": "a", "end": "b"})
    >>> got["elapsed_min"].tolist()
    [90.0, nan]
    """
    if params.get("unit") not in ("seconds", "minutes", "hours"):
        return {}
    end, start = cols.get(params["end"]), cols.get(params["start"])
    if end is None or start is None:
        return None
    e, s = end.array, start.array
    if isinstance(e, pd.arrays.DatetimeArray) and isinstance(s, pd.arrays.DatetimeArray) and e.dtype == s.dtype:
        # the arrays' own subtraction and seconds (what the Series' arithmetic and ``.dt`` call), without them: a
        # time limit's missed rows are worked out so for every measure and piece the score command puts aside
        return {"elapsed_min": _unknown_elapsed(pd.Series((e - s).total_seconds() / 60), pd.Series(e), pd.Series(s))}
    return {"elapsed_min": _unknown_elapsed((pd.Series(e) - pd.Series(s)).dt.total_seconds() / 60, pd.Series(e),
                                            pd.Series(s))}


_elapsed.columns = _elapsed_columns


def _lead_elapsed(out: pd.DataFrame, params: dict) -> pd.DataFrame:
    """A lead time's drill-down (leads in minutes or hours): ``elapsed_min``, the minutes from the event to the
    notice (a clock-in 14 minutes after the shift start: 14; a clock-out 14 minutes before the shift's end: 14,
    the shift's end being the notice there; negative when the notice came first but not far enough ahead)."""
    if params.get("unit") not in ("minutes", "hours"):
        return out
    n, e = out[params["notice"]], out[params["event"]]
    return out.assign(elapsed_min=_unknown_elapsed((n - e).dt.total_seconds() / 60, n, e))   # a date alone: blank


def time_limit_verdicts(sv: np.ndarray, ev: np.ndarray, limit: float, unit: str, missing: str = "na",
                        early: str = "na", abandoned: np.ndarray | None = None, special: np.ndarray | None = None,
                        extended_limit: float | None = None, calendar: WorkCalendar | None = None,
                        extend_to_workday: bool = False, horizon=None,
                        exempt: np.ndarray | None = None,
                        abandoned_within: str = "excluded", unstarted: str = "na",
                        earliest: np.ndarray | None = None,
                        closed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`time_limit` on arrays: its verdicts ``(ok, na, open)`` from the start and end as int64 nanoseconds.

    ``sv``, ``ev`` (and ``abandoned``) are datetimes as int64 nanoseconds, ``NaT`` as the smallest int64 (a
    ``datetime64[ns]`` array viewed as int64); ``special`` and ``exempt`` are bool arrays (None: no row).  The
    record met the limit where ``ok & ~na``, missed it where ``~ok & ~na``, is not assessed where ``na``, and
    ``open`` (within ``na``) marks an open case not yet due.  :func:`time_limit` is this function on a frame's
    columns; a reader that holds the columns as arrays (a store read, :mod:`windoweval.engine.byvalue`)
    judges them here without building a frame: the same verdicts, row for row.  ``earliest`` (int64 ns, or None)
    is the column :func:`time_limit` names by ``earliest``; ``closed`` (bool, or None) the rows its ``status``
    column marks closed (:func:`closed_of`).

    Examples
    --------
    >>> s = np.array(["2025-06-01T10:00", "2025-06-01T10:00", "NaT"], dtype="datetime64[ns]").view(np.int64)
    >>> e = np.array(["2025-06-01T10:45", "NaT", "NaT"], dtype="datetime64[ns]").view(np.int64)
    >>> ok, na, op = time_limit_verdicts(s, e, 45, "minutes", horizon="2025-06-01 10:30")
    >>> (ok & ~na).tolist(), na.tolist(), (op & na).tolist()
    ([True, False, False], [False, True, True], [False, True, False])
    """
    s_na, e_na = sv == _NAT, ev == _NAT
    miss = s_na | e_na
    # no record special (None, or none marked): every step below that reads ``spec`` left out, as all False reads
    spec = None if special is None else np.asarray(special, dtype=bool)
    if spec is not None and not spec.any():
        spec = None

    # a start or end written as a date alone (records.cutoff.DATE_ONLY_NS): its time lies anywhere in that day. A
    # limit in seconds, minutes or hours is met only if even the least favourable times meet it (never on a 00:00
    # that was not written), missed if even the most favourable miss it, else missing evidence (证据不足)
    vague = None
    if unit in _UNIT_SECONDS:
        s_day, e_day = date_only(sv), date_only(ev)
        if s_day.any() or e_day.any():
            vague = np.zeros(len(sv), dtype=bool)
            s_lo = sv - s_day.astype(np.int64) * DATE_ONLY_NS            # the day's 00:00
            s_hi = s_lo + s_day.astype(np.int64) * (_DAY_NS - 1)         # its last nanosecond
            e_lo = ev - e_day.astype(np.int64) * DATE_ONLY_NS
            e_hi = e_lo + e_day.astype(np.int64) * (_DAY_NS - 1)

    def judge(lim):
        if unit in _UNIT_SECONDS:
            d = ev - sv   # nanoseconds (garbage where either is NaT: those rows are missing below, whatever it says)
            top = _within_ns(lim * _UNIT_SECONDS[unit])
            if vague is not None:
                most, least = e_hi - s_lo, e_lo - s_hi   # the longest and the shortest the record can have taken
                if top is None:
                    lim_s = lim * _UNIT_SECONDS[unit]
                    met, missed = most / 1e9 <= lim_s, least / 1e9 > lim_s
                else:
                    met, missed = most <= top, least > top
                return met, (most < 0), ~met & ~missed
            if top is None:
                elapsed = d / 1e9  # seconds, as Timedelta.total_seconds() gives them
                return elapsed <= lim * _UNIT_SECONDS[unit], elapsed < 0, None
            return d <= top, d < 0, None   # the same verdicts, without a float division of every row
        if unit == "days":
            last = np.where(s_na, _NAT, (sv // _DAY_NS) * _DAY_NS + int(lim) * _DAY_NS)
            eday = (ev // _DAY_NS) * _DAY_NS
            late = ~miss & (eday > last)
            if extend_to_workday and late.any():  # art. 203 only ever moves a last day later: the late ones only
                cal = calendar or WorkCalendar()
                last[late] = _ns(cal.next_workday_on_or_after(last[late].view("datetime64[ns]")))
            # an end before its start: the steps out of order (below); a date alone is before only if its whole day is
            return eday <= last, ~miss & _surely_before(ev, sv), None
        if unit == "working_days":
            cal = calendar or WorkCalendar()
            ok_ = cal.within_workdays_ns(sv, ev, int(lim), miss)   # on day numbers (None: a date it cannot place)
            if ok_ is None:
                ok_ = cal.within_workdays(_day_of(sv, miss), _day_of(ev, miss),
                                          int(lim)).to_numpy(dtype=bool, na_value=False)
            return ok_, ~miss & _surely_before(ev, sv), None
        raise ValueError(f"unit 应为 seconds/minutes/hours/days/working_days / unknown unit {unit!r}")

    ok, neg, unsure = judge(limit)
    if spec is not None and extended_limit is not None:
        ok2, neg2, unsure2 = judge(extended_limit)
        ok, neg = np.where(spec, ok2, ok), np.where(spec, neg2, neg)
        if unsure is not None:
            unsure = np.where(spec, unsure2, unsure)
    if early == "met":
        ok = ok | (neg & ~miss)
    elif early == "na":
        miss = miss | neg  # end before start: not evidence of anything
    else:
        raise ValueError(f"early 应为 'na' 或 'met' / early must be 'na' or 'met', got {early!r}")
    na = miss if unsure is None else miss | unsure   # known only to the day: neither met nor missed on it
    open_ = None             # (None: no record open, an array once one may be)
    pending = e_na & ~s_na
    ringing = None           # (None: no call still ringing)
    if abandoned is not None:
        hv = abandoned
        gone = pending & (hv != _NAT)  # hung up before an answer: never answered, not open
        ok, na = ok & ~gone, na & ~gone
        pending = pending & ~gone
        if horizon is not None and pending.any():
            # neither answered nor hung up when the records were cut, and the limit not yet run out by then (a call
            # still ringing): no answer was owed yet, so it is open (neither met nor missed) under either option
            h = _horizon_ns(horizon)
            at = np.flatnonzero(pending)
            ringing = np.zeros(len(sv), dtype=bool)
            ringing[at] = ~_overdue(sv[at], h, limit, unit, calendar, extend_to_workday)
            pending = pending & ~ringing
        if abandoned_within == "excluded":
            # neither answered nor hung up: whether the caller gave up within the limit (then not counted) or
            # after it (missed) is unknown, so the record is missing evidence, never missed nor open; with
            # abandoned_within='missed' every unanswered call is missed, so it is missed whatever its hang-up
            pending = np.zeros(len(sv), dtype=bool)
        elif abandoned_within != "missed":
            raise ValueError(f"abandoned_within 应为 'excluded' 或 'missed' / "
                             f"abandoned_within must be 'excluded' or 'missed', got {abandoned_within!r}")
    if missing == "fail":  # no end: missed, not missing
        ok, na = ok & ~pending, na & ~pending
    elif missing != "na":
        raise ValueError(f"missing 应为 'na' 或 'fail' / missing must be 'na' or 'fail', got {missing!r}")
    elif horizon is not None and pending.any():
        h = _horizon_ns(horizon)
        # the deadline of the open records only (a tenth of them, say): the calendar's look-ups in proportion
        at = np.flatnonzero(pending)
        # a start known only to the day: overdue only once the limit from its day's last moment has run out
        s_at = sv[at] if vague is None else s_hi[at]
        over = _overdue(s_at, h, limit, unit, calendar, extend_to_workday)
        if spec is not None and extended_limit is not None:
            over2 = _overdue(s_at, h, extended_limit, unit, calendar, extend_to_workday)
            over = np.where(spec[at], over2, over)
        if spec is None:
            # no record special: the overdue ones, missed, set on their positions alone (the rest as they were)
            due = at[over]
            ok, na = ok.copy(), na.copy()
            ok[due] = False
            na[due] = False
            open_ = pending.copy()
            open_[due] = False
        else:
            overdue = np.zeros(len(sv), dtype=bool)
            overdue[at] = over
            # the longer limit not set: a special record past the ordinary deadline cannot be said to be due (when
            # the longer one falls is unknown: not assessed); one still within the ordinary deadline is open, as any
            # other
            unknown = spec & overdue if extended_limit is None else np.zeros(len(sv), dtype=bool)
            if extended_limit is None:
                overdue &= ~spec
            ok, na = ok & ~overdue, na & ~overdue
            open_ = pending & ~overdue & ~unknown
    if open_ is None:
        open_ = np.zeros(len(sv), dtype=bool) if ringing is None else ringing
    elif ringing is not None:
        open_ = open_ | ringing
    if unstarted == "open":
        # neither a start nor an end: the clock has not started (a connection not yet accepted, an outage's cause not
        # yet cleared). Open at the cut-off; with ``earliest`` (the earliest the clock can start) only while the
        # limit counted from it has not passed, after which whether it was kept is unknown: missing evidence
        waiting = s_na & e_na
        if horizon is not None and waiting.any():
            if earliest is not None:
                h = _horizon_ns(horizon)
                ev_ = np.asarray(earliest)
                at = np.flatnonzero(waiting & (ev_ != _NAT))
                gone = np.ones(len(sv), dtype=bool)   # no earliest time: missing evidence
                gone[at] = _overdue(ev_[at], h, limit, unit, calendar, extend_to_workday)
                waiting = waiting & ~gone
            open_ = open_ | waiting
    elif unstarted != "na":
        raise ValueError(f"unstarted 应为 'na' 或 'open' / unstarted must be 'na' or 'open', got {unstarted!r}")
    if earliest is not None:
        # no start but an end: the clock started no earlier than ``earliest`` (an outage's cause clears after the
        # outage starts), so an end within the limit counted from it is within the limit counted from the start:
        # met; later, when the clock started is unknown: missing evidence, as before (by_later_step's mirror)
        ev_ = np.asarray(earliest)
        at = np.flatnonzero(s_na & ~e_na & (ev_ != _NAT))
        if len(at):
            ok_b, na_b, _ = time_limit_verdicts(ev_[at], ev[at], limit, unit, early=early, calendar=calendar,
                                                extend_to_workday=extend_to_workday)
            sure = np.zeros(len(sv), dtype=bool)
            sure[at] = ok_b & ~na_b
            ok, na = ok | sure, na & ~sure
    if closed is not None:
        # the system marks the record closed (已办结, 归档, 撤单) but the end is blank: the step happened, when is
        # unknown: missing evidence, never open (nor overdue: it may have been in time)
        shut = np.asarray(closed, dtype=bool) & e_na
        if shut.any():
            ok, na, open_ = ok & ~shut, na | shut, open_ & ~shut
    if spec is not None and extended_limit is None:
        # 适当延长 without a longer limit set: not assessed (never exempt) - unless met within the ordinary limit, which
        # the longer one never undercuts (extended_limit >= limit), or still open within it (audit33)
        na = na | (spec & ~(ok & ~na) & ~open_)
    if exempt is not None:
        na = na | exempt
    return ok, na, open_


def _done_by(df: pd.DataFrame, ev: np.ndarray, not_after) -> np.ndarray | None:
    """Where ``end`` (``ev``, int64 nanoseconds) is blank and a later step (``not_after``'s columns) is done, the
    earliest such step's time: ``end`` came no later than it (int64 nanoseconds, ``_NAT`` elsewhere); None without
    any such row (:func:`done_by_steps` on the frame's columns).

    Examples
    --------
    >>> df = pd.DataFrame({"c": pd.to_datetime(["2025-06-01 11:00", None, "2025-06-01 12:00"])})
    >>> ev = _ns(pd.Series(pd.to_datetime(["2025-06-01 10:30", None, None])))
    >>> pd.to_datetime(_done_by(df, ev, "c")).tolist()
    [NaT, NaT, Timestamp('2025-06-01 12:00:00')]
    """
    cols = [c for c in ([not_after] if isinstance(not_after, str) else list(not_after or [])) if c in df]
    return done_by_steps(ev, [_ns(df[c]) for c in cols]) if cols else None


def done_by_steps(ev: np.ndarray, later: list) -> np.ndarray | None:
    """:func:`_done_by` on arrays: ``later`` the later steps' times (int64 nanoseconds, ``_NAT`` where blank).

    Examples
    --------
    >>> done_by_steps(np.array([5, _NAT, _NAT]), [np.array([9, 7, _NAT]), np.array([_NAT, 6, _NAT])]).tolist()[:2]
    [-9223372036854775808, 6]
    """
    if not later:
        return None
    at = np.flatnonzero(ev == _NAT)   # the blank ends alone (a few in a hundred, say): the steps looked at there
    if not len(at):
        return None
    first = np.full(len(at), _NAT, dtype=np.int64)
    for o in later:
        oa = np.asarray(o)[at]
        take = (oa != _NAT) & ((first == _NAT) | (oa < first))
        first = np.where(take, oa, first)
    if not (first != _NAT).any():
        return None
    got = np.full(len(ev), _NAT, dtype=np.int64)
    got[at] = first
    return got


def by_later_step(ok: np.ndarray, na: np.ndarray, open_: np.ndarray, gap: np.ndarray) -> tuple:
    """The verdicts ``(ok, na, open)`` of the rows ``gap`` (``end`` blank, judged by the later step's time in its
    place, :func:`done_by_steps`): met where that is within the limit (the end came no later), else missing
    evidence (when, before it, is unknown); never missed, never open.

    Examples
    --------
    >>> t, f = True, False
    >>> [x.tolist() for x in by_later_step(np.array([t, f, f]), np.array([f, f, t]), np.array([f, f, t]),
    ...                                    np.array([t, t, t]))]
    [[True, False, False], [False, True, True], [False, False, False]]
    """
    sure = gap & ok & ~na
    return np.where(gap, sure, ok), np.where(gap, ~sure, na), open_ & ~gap


def _day_span(v: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(marked, earliest, latest)`` of int64-nanosecond times ``v``: a time written as a date alone
    (records.cutoff.DATE_ONLY_NS) lies anywhere in its day, from its 00:00 to its last nanosecond; any other time is
    both (NaT left as it is).

    Examples
    --------
    >>> v = pd.to_datetime(["2025-06-01 00:00", "2025-06-01 10:00"]).to_numpy().astype("datetime64[ns]").view(np.int64)
    >>> v = v + np.array([DATE_ONLY_NS, 0])
    >>> m, lo, hi = _day_span(v)
    >>> m.tolist(), [str(pd.Timestamp(x)) for x in (lo[0], hi[0], lo[1], hi[1])]
    ([True, False], ['2025-06-01 00:00:00', '2025-06-01 23:59:59.999999999', '2025-06-01 10:00:00', '2025-06-01 10:00:00'])
    """
    marked = date_only(v)
    lo = v - marked.astype(np.int64) * DATE_ONLY_NS
    return marked, lo, lo + marked.astype(np.int64) * (_DAY_NS - 1)


#: ``a < b`` with a date alone anywhere in its day (moved to the base layer, where the reasons read it too)
_surely_before = surely_before


def _out_of_order(df: pd.DataFrame, end: str, not_before, not_after, abandoned) -> np.ndarray | None:
    """The records whose ``end`` breaks the order of the steps around it (:func:`time_limit`'s ``not_before`` /
    ``not_after``), or that were hung up before the answer yet answered (``abandoned``); None: no such rule.

    Examples
    --------
    >>> df = pd.DataFrame({"a": pd.to_datetime(["2025-06-01 10:30", "2025-06-01 10:30", None]),
    ...                    "c": pd.to_datetime(["2025-06-01 11:00", "2025-06-01 10:10", "2025-06-01 10:10"])})
    >>> _out_of_order(df, "a", None, "c", None).tolist(), _out_of_order(df, "c", "a", None, None).tolist()
    ([False, True, False], [False, True, False])
    """
    if not (not_before or not_after or abandoned) or end not in df:
        return None
    e = _ns(df[end])
    odd = np.zeros(len(df), dtype=bool)
    for cols, later in ((not_before, False), (not_after, True)):
        for c in ([cols] if isinstance(cols, str) else list(cols or [])):
            if c not in df:
                continue
            o = _ns(df[c])
            both = (e != _NAT) & (o != _NAT)
            odd |= both & (_surely_before(o, e) if later else _surely_before(e, o))
    if abandoned and abandoned in df:   # hung up before the answer, yet answered (a later hang-up is the call's end)
        h = _ns(df[abandoned])
        odd |= (e != _NAT) & (h != _NAT) & (h < e)
    return odd


@kernel("time_limit", "超过时限 {limit} {unit}(含逾期未完成)", "over the limit of {limit} {unit} (or overdue, not done)",
        applies=_time_limit_applies, columns=("start", "end", "exempt", "abandoned", "special", "earliest", "status",
                                              "needs", "not_before", "not_after"),
        row_local=True,
        detail=_elapsed)
def time_limit(df: pd.DataFrame, start: str, end: str, limit: float, unit: str,
               missing: str = "na", exempt: str | None = None, early: str = "na",
               abandoned: str | None = None, abandoned_within: str = "excluded",
               special: str | None = None, extended_limit: float | None = None,
               calendar: WorkCalendar | None = None,
               extend_to_workday: bool = False, horizon=None, unstarted: str = "na",
               earliest: str | None = None, status: str | None = None, needs: str | None = None,
               not_before: str | list | None = None, not_after: str | list | None = None,
               needs_range: list | None = None, exempt_overrun: bool = False,
               withdrawn_ends: bool = False) -> pd.Series:
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
    A call with neither an answer nor a hang-up time is missing evidence by
    default (whether the caller gave up within the limit is unknown), and
    missed with ``'missed'`` (every unanswered call is missed then).

    ``special`` names a bool column of documented special circumstances for
    which the clause allows the time to be extended appropriately (适当延长):
    those records are held to ``extended_limit`` (set in the workspace) and,
    while none is set, are <NA> (missing evidence: whether the longer time was kept is unknown; the scorecard's
    reason names the setting), never exempt - except a record met within ``limit`` itself (met:
    the longer limit is never shorter) or still within it at the cut-off (open).

    Records flagged in the ``exempt`` column are <NA> (not applicable); with ``exempt_overrun`` (the clause
    excuses an overrun only: 因…造成超时的) only those known to have overrun ``limit`` (done after it, or overdue at
    the cut-off): one done within it is met, one still within it at the cut-off open, and one with no end and no
    cut-off missing evidence, as any other record.

    A record with neither ``start`` nor ``end`` is missing evidence by
    default.  ``unstarted='open'`` reads it as a clock not yet started (a
    new connection filed but not yet accepted, a restoration whose cause
    is not yet cleared): open at the cut-off, neither met nor missed; with
    ``earliest`` (a column: the earliest the clock can start, e.g. the
    outage's start) only until the limit counted from it has passed by the
    cut-off, and missing evidence after (whether it was kept is unknown).  With
    ``earliest`` a record with an ``end`` but no ``start`` is met where the
    end is within the limit counted from ``earliest`` (the clock started no
    earlier: restored within 1 working day of the outage's start is within 1
    of its cause's clearance), else missing evidence.

    ``status`` names the record's state column (``order_status``, ``outage_status``): a record it marks closed
    or withdrawn (已办结, 归档, 完成, 撤单) with no ``end`` is missing evidence, never open nor overdue: the
    system holds the step done, and when is unknown.  A blank or open status changes nothing.  With
    ``withdrawn_ends`` (a completion limit: 装表接电, 表计故障, 复电), a record the status marks withdrawn (撤单: the
    customer withdrew it) was never completed: its ``end`` is when it was withdrawn, as the system closes it then.
    Withdrawn within the limit it is owed nothing after (not assessed, never a promise kept); after the limit had
    passed it is missed (overdue before it was withdrawn); with no end, missing evidence (as :func:`reply_within`
    reads a withdrawn complaint).  An arrival limit keeps it off: an arrival recorded is an arrival made.
    A 95598 call's ``hang_up`` is read so: marked answered (正常结束, 坐席挂机) with no answer time, the call was
    answered, when is unknown: missing evidence, never missed nor left out by its hang-up time (the call's end).

    ``needs`` names a column the record must have to be judged by this limit at all (a Chinese prescription's
    付数 decides its limit, 10 or 20 minutes): where it is blank the record is missing evidence (never met, never
    missed; still open while open), as a population taking blanks in (``where: {doses: {le: 5, blank: true}}``) asks.
    ``needs_range`` ([shortest, longest], in ``unit``: the limits of every band the blank record could be in) places
    what can be placed: with ``needs`` blank the record is met if within the shortest limit (it would meet any band),
    missed if over the longest (or overdue past it: it misses any band), and missing evidence only in between.  The
    measure's own ``limit`` is always one of them (the range is widened to it).  Scoring fills the range from the
    limits in force of the clause's bands (:func:`windoweval.scoring.plan_measures`: a workspace's own limits).

    >>> rx = pd.DataFrame({"s": pd.to_datetime(["2025-03-03 09:00"] * 3), "doses": [None, None, None],
    ...                    "e": pd.to_datetime(["2025-03-03 09:08", "2025-03-03 09:15", "2025-03-03 09:45"])})
    >>> time_limit(rx, "s", "e", 20, "minutes", needs="doses").tolist()
    [<NA>, <NA>, <NA>]
    >>> time_limit(rx, "s", "e", 20, "minutes", needs="doses", needs_range=[10, 20]).tolist()
    [True, <NA>, False]

    Steps out of order (the contract's ``flag_before``, listed by ``records check``): ``not_before`` names the
    column(s) of an earlier step the ``end`` must not precede (a repair completed before the crew arrived), and
    ``not_after`` the column(s) of a later step it must not follow (arrived after the repair was completed); a record
    that breaks one is missing evidence, never met nor missed: which of the two times is wrong is unknown.  With
    ``abandoned``, a call whose hang-up time is before its answer (hung up before it was answered, yet answered: the
    contract's ``flag_both``) is missing evidence the same way; a hang-up at or after the answer is the call's end
    (exports often write 挂机时间 for every call) and the call is judged by its answer.

    A later step done with ``end`` blank (the repair completed, no arrival time written; an export without 到达时间)
    says ``end`` came no later than it: met where the later step itself is within the limit, else missing evidence
    (when, before it, is unknown), never missed as overdue nor open.

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
    >>> un = pd.DataFrame({"r": pd.to_datetime([None]), "d": pd.to_datetime([None]),
    ...                    "s": pd.to_datetime(["2025-06-01 10:00"])})   # no clock start yet, nor an end
    >>> open_of(time_limit(un, "r", "d", 45, "minutes", horizon="2025-06-01 12:00", unstarted="open")).tolist()
    [True]
    >>> [open_of(time_limit(un, "r", "d", 45, "minutes", horizon=h, unstarted="open", earliest="s")).tolist()
    ...  for h in ("2025-06-01 10:45", "2025-06-01 10:45:01")]   # missing evidence once 45 min from s have passed
    [[True], [False]]
    >>> st = op.assign(st=["closed", "open"])    # 已办结 with no completion time: missing evidence, not open
    >>> m = time_limit(st, "r", "d", 45, "minutes", horizon="2025-06-01 10:30", status="st")
    >>> m.tolist(), open_of(m).tolist()
    ([<NA>, <NA>], [False, True])
    >>> fix = pd.DataFrame({"r": pd.to_datetime(["2025-06-01 10:00"] * 3), "a": pd.to_datetime([None] * 3),
    ...                     "c": pd.to_datetime(["2025-06-01 10:40", "2025-06-01 12:00", None])})
    >>> time_limit(fix, "r", "a", 45, "minutes", horizon="2025-12-31 23:59", not_after="c").tolist()
    [True, <NA>, False]
    """
    # int64 nanoseconds (NaT = _NAT): plain numpy arithmetic, no pandas datetime accessors
    ev = _ns(df[end])
    done_by = _done_by(df, ev, not_after)
    gap = None
    if done_by is not None:
        gap = done_by != _NAT
        ev = np.where(gap, done_by, ev)
    spec = (df[special].astype("boolean").fillna(False).to_numpy(dtype=bool) if special and special in df
            else None)
    excused = (_excused(df, exempt, exempt_overrun, start, end, limit, unit, needs, needs_range,
                        missing=missing, early=early, abandoned=abandoned, abandoned_within=abandoned_within,
                        special=special, extended_limit=extended_limit, calendar=calendar,
                        extend_to_workday=extend_to_workday, horizon=horizon, unstarted=unstarted, earliest=earliest,
                        status=status, not_before=not_before, not_after=not_after,
                        withdrawn_ends=withdrawn_ends) if exempt else None)
    ok, na, open_ = time_limit_verdicts(
        _ns(df[start]), ev, limit, unit, missing=missing, early=early,
        abandoned=_ns(df[abandoned]) if abandoned and abandoned in df else None,
        special=spec, extended_limit=extended_limit, calendar=calendar, extend_to_workday=extend_to_workday,
        horizon=horizon, exempt=excused,
        abandoned_within=abandoned_within, unstarted=unstarted,
        earliest=_ns(df[earliest]) if earliest and earliest in df else None,
        closed=closed_of(df[status]) if status and status in df else None)
    if needs:
        # the record cannot be placed without it: missing evidence, whatever its times say (open stays open) ...
        blank = df[needs].isna().to_numpy(dtype=bool) if needs in df else np.ones(len(df), dtype=bool)
        if needs_range and blank.any():
            # ... unless it is within the shortest limit of every band it could be in (met) or past the longest (missed)
            def within(lim):
                return time_limit_verdicts(
                    _ns(df[start]), ev, lim, unit, missing=missing, early=early,
                    abandoned=_ns(df[abandoned]) if abandoned and abandoned in df else None,
                    special=spec, extended_limit=extended_limit, calendar=calendar,
                    extend_to_workday=extend_to_workday, horizon=horizon,
                    exempt=excused,
                    abandoned_within=abandoned_within, unstarted=unstarted,
                    earliest=_ns(df[earliest]) if earliest and earliest in df else None,
                    closed=closed_of(df[status]) if status and status in df else None)
            # the measure's own limit is one of the bands (a range set without it never places a record past it)
            ok_s, na_s, open_s = within(min(min(needs_range), limit))
            ok_l, na_l, _ = within(max(max(needs_range), limit))
            met_b, missed_b = ok_s & ~na_s, ~ok_l & ~na_l
            ok = np.where(blank, met_b, ok)
            na = np.where(blank, ~(met_b | missed_b), na)
            # open while it could still meet every band; not done past the shortest limit yet within the longest:
            # in between, missing evidence (its band, hence whether it is late, is unknown)
            open_ = np.where(blank, open_s, open_)
        else:
            na = na | blank
    if gap is not None:   # judged by the later step: met if it is within the limit, else missing evidence
        ok, na, open_ = by_later_step(ok, na, open_, gap)
    odd = _out_of_order(df, end, not_before, not_after, abandoned)
    if odd is not None:
        na = na | odd
    gone = None
    if withdrawn_ends and status and status in df:   # withdrawn within the limit: owed nothing after, not assessed
        gone = withdrawn_of(df[status]) & ok & ~na
        na = na | gone
    out = pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=df.index, name="passed")
    out = with_open(out, open_ & na)
    return with_excluded(out, gone) if gone is not None and gone.any() else out


def _clock(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def cutoff_deadlines(s: pd.Series, rules: list, tolerance_minutes: float = 0, special=None,
                     extended_minutes: float | None = None) -> tuple[pd.Series, np.ndarray]:
    """Each start's deadline under :func:`cutoff`'s ``rules`` (the due time of the first rule it falls under, on its
    day, plus the tolerance, and ``extended_minutes`` where ``special``), NaT past the last cut-off; and the due
    minute of the day (NaN there).  The kernel judges by it and a missed record's list shows it.

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2025-04-08 09:29", "2025-04-08 09:30"]))
    >>> [str(x) for x in cutoff_deadlines(s, [{"before": "09:30", "due": "14:30"}])[0]]
    ['2025-04-08 14:30:00', 'NaT']
    """
    minute = (s.dt.hour * 60 + s.dt.minute + s.dt.second / 60).to_numpy(dtype=float, na_value=np.nan)
    due = np.full(len(s), np.nan)
    for rule in reversed(rules):  # earliest rule wins: apply last
        cut, incl = _cutoff_minute(rule)
        inside = (np.floor(minute) <= cut) if incl else (minute < cut)
        due = np.where(inside, _clock(rule["due"]), due)
    spec = np.zeros(len(s), dtype=bool) if special is None else np.asarray(special, dtype=bool)
    extra = np.where(spec, extended_minutes or 0, 0)  # 适当延长: the workspace's longer time for special cases
    return s.dt.normalize() + pd.to_timedelta(due + tolerance_minutes + extra, unit="min"), due


@kernel("cutoff", "未在截止时间前完成", "not done by the cut-off time", applies=_within_cutoffs,
        columns=("start", "end", "exempt", "special", "not_after", "status"), row_local=True)
def cutoff(df: pd.DataFrame, start: str, end: str, rules: list, tolerance_minutes: float = 0,
           missing: str = "na", exempt: str | None = None, special: str | None = None,
           extended_minutes: float | None = None, horizon=None, not_after: str | list | None = None,
           status: str | None = None) -> pd.Series:
    """Same-day cut-off deadlines: received before ``before``, done by ``due``.

    ``rules`` is a list of ``{before: "HH:MM", due: "HH:MM"}`` (received
    strictly before the cut-off) or ``{until: "HH:MM", due: "HH:MM"}``
    (received up to and including that minute), earliest first; a record is
    held to the first rule its start falls under, on the start's day.  A
    record received after the last cut-off is <NA> (the promise does not speak
    of it; the scorer counts it as exempt, see ``applies``).

    Open cases, as for :func:`time_limit`: a record with no ``end`` is missed
    once its deadline has passed by ``horizon`` (the evaluation's cut-off) and
    open (<NA>, counted apart, see :func:`open_of`) before; without a horizon
    it is <NA>.  ``missing='fail'`` fails it whatever the horizon.

    ``not_after`` names the column(s) of a later step (a decoction's pick-up by the patient, ``collected_at``): the
    ``end`` came no later than it.  With ``end`` blank the record is judged by it, as :func:`time_limit` does: met
    where the later step is itself by the due time (it was done by then), else missing evidence (whether it was done
    in time is unknown), never missed as overdue nor open; an ``end`` after it breaks the order of the steps and is
    missing evidence.

    ``status`` names the record's state column (a laboratory sample's ``event_status``), as for :func:`time_limit`: a
    record it marks closed (a report released: 已发布, 已审核) with no ``end`` is missing evidence, never missed as
    overdue nor open (the step is done, when is unknown); a blank or open status changes nothing (past its due time
    with no ``end``, still overdue).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:29", "2025-04-08 09:31", "2025-04-08 09:00"]),
    ...                    "e": pd.to_datetime(["2025-04-08 14:30", "2025-04-08 18:00", "2025-04-08 14:31"])})
    >>> cutoff(df, "s", "e", [{"before": "09:30", "due": "14:30"}]).tolist()
    [True, <NA>, False]
    >>> pending = df.assign(e=pd.NaT)
    >>> m = cutoff(pending, "s", "e", [{"before": "09:30", "due": "14:30"}], horizon="2025-04-08 14:30:01")
    >>> m.tolist(), open_of(cutoff(pending, "s", "e", [{"before": "09:30", "due": "14:30"}],
    ...                            horizon="2025-04-08 14:30")).tolist()
    ([False, <NA>, False], [True, False, True])
    >>> picked = pending.assign(c=pd.to_datetime(["2025-04-08 14:20", None, "2025-04-08 16:00"]))
    >>> cutoff(picked, "s", "e", [{"before": "09:30", "due": "14:30"}], horizon="2025-12-31", not_after="c").tolist()
    [True, <NA>, <NA>]
    >>> shut = pending.assign(st=["closed", None, "open"])   # released with no report time / not done, overdue
    >>> cutoff(shut, "s", "e", [{"before": "09:30", "due": "14:30"}], horizon="2025-12-31", status="st").tolist()
    [<NA>, <NA>, False]

    A start written as a date alone is met only where every time of its day up to the end gives a due time at or
    after the end (a decoction handed in on 8 April and ready at 11:00; at 12:30 it would have missed 12:00 if handed
    in before 10:00):

    >>> from windoweval.calendar import DATE_ONLY_NS
    >>> day = pd.Timestamp("2025-04-08") + pd.Timedelta(DATE_ONLY_NS, unit="ns")
    >>> dec = pd.DataFrame({"s": [day] * 3, "e": pd.to_datetime(["2025-04-08 11:00", "2025-04-08 12:30",
    ...                                                             "2025-04-09 09:00"])})
    >>> cutoff(dec, "s", "e", [{"before": "10:00", "due": "12:00"}, {"until": "15:30", "due": "17:30"}]).tolist()
    [True, <NA>, <NA>]
    """
    s, e = df[start], df[end]
    done_by = _done_by(df, _ns(e), not_after)
    gap = None
    if done_by is not None:   # the end blank, a later step done: the end came no later than it
        gap = done_by != _NAT
        e = pd.Series(np.where(gap, done_by, _ns(e)).astype("datetime64[ns]"), index=df.index)
    spec = (df[special].astype("boolean").fillna(False).to_numpy(dtype=bool) if special and special in df
            else np.zeros(len(df), dtype=bool))
    deadline, due = cutoff_deadlines(s, rules, tolerance_minutes, spec, extended_minutes)
    ok = (e <= deadline).to_numpy(dtype=bool, na_value=False)
    notapplic = np.isnan(due) | s.isna().to_numpy()
    # a time written as a date alone (records.cutoff.DATE_ONLY_NS, verdict43) lies anywhere in its day (review43):
    # an end so is met only if its whole day is by the due time, missed if even its 00:00 is past it, else missing
    # evidence; a start so leaves unknown which rule (or none, after the last cut-off) holds the record: missing
    # evidence, never judged by a due time chosen by a 00:00 that was not written (nor overdue by it)
    s_day, s_lo, _ = _day_span(_ns(s))
    e_day, e_lo, e_hi = _day_span(_ns(e))
    vague = np.zeros(len(df), dtype=bool)
    if s_day.any() or e_day.any():
        dl = _ns(deadline)
        # verdicts46: a start known only to the day with a timed end that same day, inside the last cut-off and by the
        # first rule's due time (the deadline of the day's 00:00): handed in no later than the end, so inside a rule
        # whose due time is that one or later - met whenever it was handed in (a decoction handed in on 8 April,
        # ready at 11:00: before 10:00 due 12:00, after it due 17:30, met either way)
        en = _ns(e)
        e_min = ((en - (en // _DAY_NS) * _DAY_NS) / 6e10).astype(float)
        last, incl = max(_cutoff_minute(r) for r in rules)
        # by the earliest due time of every rule, not the first rule's alone: rules whose due times do not rise with
        # their cut-offs (an organisation's own, [params]) hold a later start to an earlier due time (review46)
        earliest = min(_clock(r["due"]) for r in rules)
        ahead = np.where(np.isnan(due), 0, due - earliest).astype(np.int64) * 60_000_000_000
        sure = s_day & ~e_day & (en != _NAT) & (en // _DAY_NS == s_lo // _DAY_NS) & ~np.isnan(due) & \
            (en <= dl - ahead) & ((np.floor(e_min) <= last) if incl else (e_min < last))
        vague = (e_day & ~(e_hi <= dl) & (e_lo <= dl)) | (s_day & ~e.isna().to_numpy() & ~sure)
        ok = ok & ~(e_day & ~(e_hi <= dl))
    mask = _mask(ok & ~vague, df.index, notapplic | e.isna().to_numpy() | vague)
    pending = e.isna().to_numpy() & ~notapplic
    mask = _apply_missing(mask, pending, missing)
    open_ = np.zeros(len(df), dtype=bool)
    if missing == "na" and horizon is not None and pending.any():
        h = _horizon_ns(horizon)
        # done by the due time: overdue from the instant after it (a start known only to the day: its due time is
        # unknown, open only while the earliest, its 00:00's, is not passed)
        overdue = pending & (h > _ns(deadline)) & ~s_day
        mask[overdue] = False
        open_ = pending & ~overdue & ~(s_day & (h > _ns(deadline)))
    if spec.any() and extended_minutes is None:
        # the longer time is not set: not assessed, never exempt - unless done by the ordinary due time (the longer
        # time only adds minutes) or still open before it (audit33)
        met = mask.fillna(False).to_numpy(dtype=bool)
        mask[spec & ~met & ~open_] = pd.NA
    if gap is not None:   # judged by the later step: met if it is by the due time, else missing evidence
        # a later step before the start (picked up before it was handed in): the steps out of order, no evidence,
        # as time_limit() judges it (review37: it was met)
        sn = _ns(s)
        flip = gap & (sn != _NAT) & (done_by < sn)
        ok_, na_, open_ = by_later_step(mask.fillna(False).to_numpy(dtype=bool), mask.isna().to_numpy() | flip, open_,
                                        gap)
        mask = pd.Series(pd.arrays.BooleanArray(ok_ & ~na_, na_), index=df.index, name="passed")
    if status and status in df:
        # the system marks the record done (a report released) but the end is blank: the step happened, when is
        # unknown: missing evidence, never open nor overdue (it may have been in time)
        shut = closed_of(df[status]) & e.isna().to_numpy() & ~notapplic
        if shut.any():
            mask[shut] = pd.NA
            open_ = open_ & ~shut
    odd = _out_of_order(df, end, None, not_after, None)
    if odd is not None and odd.any():
        mask[odd] = pd.NA
    mask = _exempt(mask, df, exempt)
    return with_open(mask, open_ & mask.isna().to_numpy())


@kernel("lead_time", "提前量不足 {min} {unit}", "announced less than {min} {unit} ahead",
        columns=("notice", "event"), row_local=True, detail=_lead_elapsed)
def lead_time(df: pd.DataFrame, notice: str, event: str, min: float, unit: str = "days",
              missing: str = "fail", horizon=None) -> pd.Series:
    """``notice`` at least ``min`` ``unit`` before ``event``.

    With ``unit='days'`` the days are calendar dates: announced on 1 March for
    an outage on 8 March is 7 days ahead.  A missing notice fails by default
    (no announcement is no announcement); ``missing='na'`` makes it missing
    evidence (a blank clock-in says nothing of when anyone arrived).  Either
    way a notice still owed at the evaluation's cut-off ``horizon`` (its last
    moment not yet passed: the day ``min`` days before the event not ended, or
    the instant ``min`` minutes before it not passed) is open (<NA>, counted
    apart, see :func:`open_of`): neither missed nor missing.  So is a record
    whose ``event`` is not recorded while the cut-off comes before the first
    moment it could meet the lead (a clock-out, ``notice`` the shift's end,
    the shift still running); after that moment it is missing evidence.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"n": pd.to_datetime(["2025-03-01 18:00", "2025-03-02 08:00", None]),
    ...                    "e": pd.to_datetime(["2025-03-08 08:00"] * 3)})
    >>> lead_time(df, "n", "e", 7).tolist()
    [True, False, False]
    >>> m = lead_time(df.iloc[2:], "n", "e", 7, horizon="2025-03-01 23:59:59")
    >>> m.tolist(), open_of(m).tolist()
    ([<NA>], [True])
    >>> lead_time(df.iloc[2:], "n", "e", 7, horizon="2025-03-02 00:00").tolist()
    [False]
    """
    n, ev = df[notice], df[event]
    if unit == "days":
        lead = (ev.dt.normalize() - n.dt.normalize()).dt.days.to_numpy(dtype=float, na_value=np.nan)
    elif unit in _UNIT_SECONDS:
        lead = (ev - n).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan) / _UNIT_SECONDS[unit]
        n_day, n_lo, n_hi = _day_span(_ns(n))
        e_day, e_lo, e_hi = _day_span(_ns(ev))
        if n_day.any() or e_day.any():
            # a time written as a date alone (records.cutoff.DATE_ONLY_NS) lies anywhere in its day (review43): the
            # lead is enough only if the shortest it can be is, short if even the longest is, else unknown (a clock-in
            # written 2025-06-02 is no arrival at 00:00, eight hours early)
            known = ~np.isnan(lead)
            unit_ns = _UNIT_SECONDS[unit] * 1e9
            least = np.where(known, e_lo - n_hi, 0) / unit_ns
            most = np.where(known, e_hi - n_lo, 0) / unit_ns
            vague = (n_day | e_day) & known
            lead = np.where(vague, np.where(least >= min, least, np.where(most < min, most, np.nan)), lead)
    else:
        raise ValueError(f"unit 应为 days/hours/minutes / unknown unit {unit!r}")
    mask = _mask(lead >= min, df.index, np.isnan(lead))
    pending = n.isna().to_numpy() & ev.notna().to_numpy()
    open_ = np.zeros(len(df), dtype=bool)
    if horizon is not None and pending.any():
        h = _horizon_ns(horizon)
        evv = _ns(ev)
        if unit == "days":   # the notice is owed by the end of the day ``min`` days before the event's day
            last = (evv // _DAY_NS) * _DAY_NS - int(np.ceil(min)) * _DAY_NS + _DAY_NS - 1
        else:                # owed by the instant ``min`` units before the event
            last = evv - np.int64(round(float(min) * _UNIT_SECONDS[unit] * 1e9))
        open_ = pending & (h <= last)
    waiting = ev.isna().to_numpy() & n.notna().to_numpy()
    if horizon is not None and waiting.any():
        # the event not recorded (a clock-out) while the cut-off is before the first moment it could meet the
        # lead (the shift not ended): open, not missing evidence
        h = _horizon_ns(horizon)
        nv = _ns(n)
        if unit == "days":
            first = (nv // _DAY_NS) * _DAY_NS + int(np.ceil(min)) * _DAY_NS
        else:
            first = nv + np.int64(round(float(min) * _UNIT_SECONDS[unit] * 1e9))
        open_ = open_ | (waiting & (h < first))
    mask = _apply_missing(mask, pending & ~open_, missing)
    return with_open(mask, open_)


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
        h = _horizon_ns(horizon)
        overdue = pending & (h >= (pv // _DAY_NS) * _DAY_NS + _DAY_NS)
        ok, na = ok & ~overdue, na & ~overdue
        open_ = pending & ~overdue
    out = pd.Series(pd.arrays.BooleanArray(ok & ~na, na), index=df.index, name="passed")
    return with_open(out, open_)


def data_horizon(df: pd.DataFrame, as_of=None) -> pd.Timestamp | None:
    """The moment the records speak up to: ``as_of`` if given (a date alone: the end of that day,
    :func:`windoweval.records.cutoff.cut_off`), else the latest timestamp they hold.

    An export cannot contain an event after it was made, so the latest
    timestamp in any of its date/time columns is the best estimate of when it
    was made (a lower bound: an open case is never called overdue too early).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": pd.to_datetime(["2025-01-02", None]), "b": pd.to_datetime(["2025-01-09", None])})
    >>> str(data_horizon(df)), str(data_horizon(df, "2025-02-01"))
    ('2025-01-09 00:00:00', '2025-02-01 23:59:59')
    """
    if as_of is not None:
        from ..records.cutoff import cut_off

        return cut_off(as_of)   # a date alone: the end of that day, as --as-of and the workspace read it
    cols = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
    latest = [df[c].max() for c in cols]  # one value per column
    latest = [t for t in latest if not pd.isna(t)]
    return max(latest) if latest else None


def deadline_day(start: pd.Series, days: int, working_days: bool = False,
                 calendar: WorkCalendar | None = None, extend_to_workday: bool = False,
                 beyond: str = "raise") -> pd.Series:
    """The last day of a limit of ``days`` (working) days after each ``start`` (the day of receipt not counted).

    Calendar days: the N-th day after the day of receipt (Civil Code art. 201);
    with ``extend_to_workday`` a last day that is a rest day or holiday moves
    to the next working day (art. 203).  Working days: the N-th official
    working day after it.  The limit ends at the end of the returned day.
    A last day the calendar cannot place (past its last known year) raises
    :class:`~windoweval.calendar.CalendarError`, or is NaT with ``beyond='nat'``.

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
        out = cal.add_workdays(start, int(days), beyond=beyond)
        return pd.Series(out.to_numpy(), index=start.index)
    last = start.dt.normalize() + pd.to_timedelta(int(days), unit="D")
    if extend_to_workday:
        cal = calendar or WorkCalendar()
        last = pd.Series(cal.next_workday_on_or_after(last, beyond=beyond).to_numpy(), index=start.index)
    return last


@kernel("reply_within", "未在 {days} 天内答复(含逾期未答复)", "not replied within {days} days (or overdue without a reply)",
        columns=("start", "end", "withdrawn", "ended"), reads=None)  # its horizon may be the latest date of any column
def reply_within(df: pd.DataFrame, start: str, end: str, days: int, working_days: bool = False,
                 as_of: str | None = None, calendar: WorkCalendar | None = None,
                 extend_to_workday: bool = False, horizon=None, withdrawn: str | None = None,
                 ended: str | None = None) -> pd.Series:
    """Replied by the end of the ``days``-th day after receipt; an unanswered case fails once overdue.

    A replied case is judged as :func:`time_limit` judges it (calendar days
    by default, ``working_days`` on request; ``extend_to_workday`` is the
    art. 203 option, set from the workspace's ``art203``).  A case without a
    reply fails when its deadline passed before ``as_of`` (default: the
    evaluation's ``horizon``, else the records' own horizon, see
    :func:`data_horizon`), and is open otherwise (<NA>, counted apart, see
    :func:`open_of`): an open case is neither hidden nor failed early.

    ``withdrawn`` names a status column: a case the customer withdrew (its
    value ``withdrawn``, 撤诉) without a reply is owed none once withdrawn,
    so the withdrawal ends the clock.  Withdrawn (``ended``: the time it
    ended, 办结时间) within the limit, the rule no longer speaks of it (left
    out, not assessed, never a miss); after the limit had passed unanswered,
    it is missed (overdue before it was withdrawn); with no such time, it is
    missing evidence (whether the limit had passed is unknown).  A withdrawn
    case that was replied to is judged on its reply.  A case the column marks
    ``closed`` (办结, 归档) with no reply time is missing evidence, never open
    nor overdue: the system holds it done, and when it was replied is unknown.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"r": pd.to_datetime(["2025-03-05 10:00"] * 3 + ["2025-03-28 09:00"]),
    ...                    "a": pd.to_datetime(["2025-03-10 23:59:59", "2025-03-11 00:00:00", None, None])})
    >>> reply_within(df, "r", "a", 5, as_of="2025-03-30").tolist()
    [True, False, False, <NA>]
    >>> w = pd.DataFrame({"r": pd.to_datetime(["2025-03-05 10:00"] * 3), "a": pd.to_datetime([None] * 3),
    ...                   "s": ["withdrawn"] * 3, "e": pd.to_datetime(["2025-03-10 18:00", "2025-03-11 09:00", None])})
    >>> m = reply_within(w, "r", "a", 5, as_of="2025-03-30", withdrawn="s", ended="e")
    >>> m.tolist(), excluded_of(m).tolist(), open_of(m).tolist()   # left out, missed, missing evidence
    ([<NA>, False, <NA>], [True, False, False], [False, False, False])
    >>> c = w.assign(s=["closed"] * 3)        # 已办结, no reply time: missing evidence (was overdue / open)
    >>> m = reply_within(c, "r", "a", 5, as_of="2025-03-30", withdrawn="s", ended="e")
    >>> m.tolist(), open_of(m).tolist()
    ([<NA>, <NA>, <NA>], [False, False, False])
    """
    unit = "working_days" if working_days else "days"
    pending = (df[start].notna() & df[end].isna()).to_numpy()
    cut = data_horizon(df, as_of if as_of is not None else horizon) if pending.any() else None
    # the open cases as time_limit judges them: overdue once the cut-off is past the last day, else open
    mask = time_limit(df, start, end, days, unit, missing="na", calendar=calendar,
                      extend_to_workday=bool(extend_to_workday) and not working_days, horizon=cut)
    if not withdrawn or withdrawn not in df:
        return mask
    state = df[withdrawn].astype("string")
    unreplied = df[end].isna().to_numpy()
    gone = withdrawn_of(state) & unreplied
    # marked closed (办结, 归档) with no reply time: replied, when is unknown: missing evidence, never open nor overdue
    shut = (state == "closed").to_numpy(dtype=bool, na_value=False) & unreplied
    if shut.any():
        values = mask.to_numpy(dtype=object, na_value=None)
        values[shut] = None
        opened = open_of(mask).copy()
        opened[shut] = False
        mask = with_open(pd.Series(pd.array(values, dtype="boolean"), index=df.index, name=mask.name), opened)
    if not gone.any():
        return mask
    opened = open_of(mask).copy()
    when = df[ended] if ended and ended in df else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    # the withdrawal judged as a reply would be: within the limit the clock ended, after it the case was overdue
    by = time_limit(pd.DataFrame({"s": df[start], "e": when}, index=df.index), "s", "e", days, unit, missing="na",
                    calendar=calendar, extend_to_workday=bool(extend_to_workday) and not working_days)
    ok = by.to_numpy(dtype=bool, na_value=False)
    late = by.eq(False).to_numpy(dtype=bool, na_value=False)
    values = mask.to_numpy(dtype=object, na_value=None)
    values[gone] = None
    values[gone & late] = False
    out = pd.Series(pd.array(values, dtype="boolean"), index=df.index, name=mask.name)
    opened[gone] = False
    return with_excluded(with_open(out, opened), gone & ok)


def _callback_lacking(rows: pd.DataFrame, params: dict) -> np.ndarray:
    """Why each of :func:`callback_made`'s records without evidence has none, with the fix (the ``lacking`` of
    :func:`~windoweval.kernels.base.kernel`): a callback time with no result (whether it reached the customer is
    unknown), or a result saying the customer was reached with no callback time (whether it came after the
    conclusion is unknown); blank otherwise (the scorecard's own rules: closed or withdrawn with no time).

    Examples
    --------
    >>> rows = pd.DataFrame({"cb": pd.to_datetime(["2025-05-02 09:00", None, None]),
    ...                      "res": [None, "satisfied", None]})
    >>> why = _callback_lacking(rows, {"callback": "cb", "result": "res"})
    >>> [w.split(" / ")[0][:7] for w in why]
    ['回访结果未记录', '有回访结果而无', '']
    """
    cb, res = params.get("callback"), params.get("result")
    out = np.full(len(rows), "", dtype=object)
    if not len(rows) or cb not in rows or res not in rows:
        return out
    made = rows[cb].notna().to_numpy(dtype=bool)
    r = rows[res].astype("string")
    blank = r.isna().to_numpy(dtype=bool)
    said = r.isin(["satisfied", "dissatisfied", "declined", "unreachable"]).to_numpy(dtype=bool, na_value=False)
    out[made & blank] = ("回访结果未记录:无法判断回访是否联系上客户;请在系统中补录回访结果后重新导出 / the callback's result is "
                         "not recorded: whether it reached the customer is unknown; record it in the system and export "
                         "again")
    out[~made & said] = ("有回访结果而无回访时间:无法判断回访是否在办结之后;请在系统中补录回访时间后重新导出 / a callback "
                         "result with no callback time: whether it came after the conclusion is unknown; record the "
                         "time in the system and export again")
    return out


@kernel("callback_made", "未回访(或回访早于办结、未联系上)", "no callback after the case was closed (or customer not reached)",
        columns=("callback", "result", "after", "status"), reads=None, lacking=_callback_lacking)
def callback_made(df: pd.DataFrame, callback: str, result: str, after: str | list,
                  unreachable: str = "not_called_back", within_days: int | None = None,
                  after_for: dict | None = None, horizon=None, status: str | None = None) -> pd.Series:
    """The customer was called back after the case was concluded.

    A case needs its callback once it is concluded: the earliest of the
    ``after`` columns that is recorded (reply or resolution; for a fault
    repair, the repair).  Before that it is <NA> (not yet due).  A callback
    counts when ``callback`` is recorded at or after that moment and, with
    ``unreachable='not_called_back'`` (the default), the customer was
    reached (``result`` is not ``unreachable``; a callback with no result
    recorded is missing evidence, <NA>: it may have been an attempt that did
    not reach the customer; ``declined`` (拒访: reached, gave no view) counts
    as made; a result saying the customer was reached with no ``callback``
    time is missing evidence too: made, whether after the conclusion is
    unknown).  A ``result`` of ``not_called_back`` (未回访) is never a
    callback, even with a callback time beside it.  ``unreachable='called_back'`` counts an
    attempt that did not reach the customer as a callback.  ``within_days``
    optionally requires the callback by the end of that many calendar days
    after the conclusion.  ``after_for`` gives a kind of case its own
    ``after`` columns (``{fault_repair: [resolved_at]}``: a fault repair is
    concluded once repaired, whatever reply it had), by the ``kind`` column.
    With ``within_days``, a case not yet called back whose last day has not
    ended by ``horizon`` (the evaluation's cut-off) is open (<NA>, counted
    apart, see :func:`open_of`), not missed.

    ``horizon`` (the evaluation's cut-off): a case concluded after it owed no callback at it, as a case not yet
    concluded: <NA>, not assessed (excluded), unless a callback after the conclusion is recorded (met).

    ``status`` names the case's state column (``case_status``): a case it marks closed or withdrawn (办结, 撤诉)
    with none of the ``after`` times is concluded at an unknown moment, never "not yet due": without any
    callback it is missed (one is owed; with ``within_days``, missing evidence), with one whether it came after
    the conclusion is unknown (missing evidence).

    Examples
    --------
    >>> import pandas as pd
    >>> t = lambda *v: pd.to_datetime(list(v))
    >>> df = pd.DataFrame({"done": t("2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00", "2025-05-01 10:00", None,
    ...                              "2025-05-01 10:00"),
    ...                    "cb": t("2025-05-02 09:00", "2025-05-02 09:00", "2025-05-01 09:00", None, None, "2025-05-02 09:00"),
    ...                    "res": ["satisfied", "unreachable", "satisfied", None, None, None]})
    >>> callback_made(df, "cb", "res", ["done"]).tolist()
    [True, False, False, False, <NA>, <NA>]
    >>> callback_made(df, "cb", "res", ["done"], unreachable="called_back").tolist()
    [True, True, False, False, <NA>, True]
    >>> said = df.assign(res=["declined", "not_called_back", None, None, None, None])
    >>> callback_made(said, "cb", "res", ["done"], unreachable="called_back").tolist()
    [True, False, False, False, <NA>, True]
    >>> fr = pd.DataFrame({"kind": ["fault_repair"], "rep": t("2025-05-01 08:00"), "fix": t("2025-05-01 14:00"),
    ...                    "cb": t("2025-05-01 12:00"), "res": ["satisfied"]})   # called back before the repair
    >>> callback_made(fr, "cb", "res", ["rep", "fix"]).tolist()
    [True]
    >>> callback_made(fr, "cb", "res", ["rep", "fix"], after_for={"fault_repair": ["fix"]}).tolist()
    [False]
    >>> shut = pd.DataFrame({"done": t(None, None, None), "cb": t("2025-05-02 09:00", None, None),
    ...                      "res": ["satisfied", None, None], "st": ["closed", "withdrawn", "open"]})
    >>> m = callback_made(shut, "cb", "res", ["done"], status="st")  # concluded, when unknown / no callback / not due
    >>> m.tolist(), excluded_of(m).tolist()
    ([<NA>, False, <NA>], [False, False, True])
    >>> callback_made(shut.assign(res=["unreachable", None, None]), "cb", "res", ["done"], status="st").tolist()
    [False, False, <NA>]
    """
    cols = [after] if isinstance(after, str) else list(after)
    concluded = df[cols].min(axis=1) if len(df) else pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    for kind, own in (after_for or {}).items():   # a kind concluded by its own columns (a handful of kinds)
        sel = (df["kind"] == kind).to_numpy(dtype=bool, na_value=False)
        if sel.any():
            own = [own] if isinstance(own, str) else list(own)
            concluded = concluded.where(~sel, df[own].min(axis=1))
    cb = df[callback]
    res = df[result].astype("string")
    made = np.array((cb.notna() & (cb >= concluded)).to_numpy(dtype=bool, na_value=False))  # a writable copy
    # 未回访 (not_called_back) says no callback was made, whatever time the export put in the callback column
    made &= (res != "not_called_back").to_numpy(dtype=bool, na_value=True)
    if unreachable == "not_called_back":
        made &= (res != "unreachable").to_numpy(dtype=bool, na_value=True)
    elif unreachable != "called_back":
        raise ValueError(f"unreachable 应为 'not_called_back' 或 'called_back' / "
                         f"unreachable must be 'not_called_back' or 'called_back', got {unreachable!r}")
    open_ = np.zeros(len(df), dtype=bool)
    if within_days is not None:
        last = concluded.dt.normalize() + pd.Timedelta(days=int(within_days))
        made &= (cb.dt.normalize() <= last).to_numpy(dtype=bool, na_value=False)
        if horizon is not None:   # no callback yet and its last day not ended by the cut-off: open
            open_ = (cb.isna() & concluded.notna() & (horizon_of(horizon) < last + pd.Timedelta(days=1))).to_numpy(
                dtype=bool, na_value=False)
    # a callback in time with no result recorded: whether the customer was reached is unknown (callback_at holds
    # attempts that did not reach the customer too), so where an unreached customer is not called back the
    # record is missing evidence, never a callback made
    unknown = made & res.isna().to_numpy() if unreachable == "not_called_back" else np.zeros(len(df), dtype=bool)
    # a result saying a callback was made (满意, 不满意, 拒访; counting unreached attempts, 未接通 too) with no callback
    # time: made, when is not recorded, so whether it came after the conclusion is unknown: missing evidence, never
    # "not called back"
    said = ["satisfied", "dissatisfied", "declined"] + (["unreachable"] if unreachable == "called_back" else [])
    timeless = (cb.isna() & res.isin(said)).to_numpy(dtype=bool, na_value=False)
    unknown = unknown | timeless
    undone = concluded.isna().to_numpy()
    shut = np.zeros(len(df), dtype=bool)
    if status and status in df:
        # marked closed or withdrawn with no time of conclusion: concluded, when unknown. No callback at all: owed and
        # not made (missed; with within_days whether its last day passed is unknown); a callback: whether it came
        # after the conclusion is unknown. Either way never "not yet due"
        shut = closed_of(df[status]) & undone
    out = with_open(_mask(made & ~unknown, df.index, (undone & ~shut) | open_ | unknown), open_)
    if shut.any():
        # no callback: none recorded, 未回访, or (by the default rule) a customer never reached, whatever the time
        said_none = (res == "not_called_back") | ((res == "unreachable") if unreachable == "not_called_back" else False)
        none = ((cb.isna() & ~timeless) | said_none).to_numpy(dtype=bool, na_value=False)
        lost = shut & (~none | (within_days is not None))
        out[lost] = pd.NA
        out[shut & ~lost] = False
        out = with_open(out, open_ & ~shut)
    # not concluded: no callback is owed yet (the rule's, not a gap; the case's own reply measure judges it) - unless
    # the records never say when a case of its kind concludes: a kind whose conclusion columns are blank on every
    # one of its rows and whose state no row says (a 95598 case export without 修复时间: every fault repair would be
    # "not yet due", the callback rate judged on the complaints alone, a pass on missing evidence) is missing evidence
    unknown_kind = _never_concluded(df, cols, after_for, status) & undone & ~shut
    if unknown_kind.any():
        out = out.copy()
        out[unknown_kind] = pd.NA
    # concluded only after the cut-off: at the cut-off no callback was owed yet, as for a case not concluded (not
    # assessed, never a miss of the year nor a gap in its evidence) - unless the records show the callback made after
    # the conclusion (met). With within_days such a case is open while its last day runs, as above (diff38)
    later = np.zeros(len(df), dtype=bool)
    if horizon is not None and len(df):
        later = (concluded > horizon_of(horizon)).to_numpy(dtype=bool, na_value=False) & ~(made & ~unknown) & ~open_
        if later.any():
            out = out.copy()
            out[later] = pd.NA
    return with_excluded(out, (undone & ~open_ & ~shut & ~unknown_kind) | later)


def _never_concluded(df: pd.DataFrame, cols: list, after_for: dict | None, status: str | None) -> np.ndarray:
    """The rows of each kind of case (by ``kind``, else all rows as one) whose conclusion columns (``cols``, or the
    kind's own in ``after_for``) are blank on every row of that kind, with no state said (``status`` blank or absent):
    rows whose records cannot say whether they concluded (:func:`callback_made`)."""
    n = len(df)
    if not n:
        return np.zeros(0, dtype=bool)
    kinds = df["kind"].astype("string").fillna("") if "kind" in df else pd.Series("", index=df.index, dtype="string")
    said = df[status].notna().to_numpy(dtype=bool) if status and status in df else np.zeros(n, dtype=bool)
    out = np.zeros(n, dtype=bool)
    for kind in pd.unique(kinds):   # a handful of kinds, not rows
        sel = (kinds == kind).to_numpy(dtype=bool)
        own = (after_for or {}).get(kind, cols)
        own = [own] if isinstance(own, str) else list(own)
        if not df.loc[sel, own].notna().to_numpy().any() and not said[sel].any():
            out |= sel
    return out
