"""subset41: the working-day limits judged on integer day numbers (``WorkCalendar.within_workdays_ns``,
``deadline_passed_ns``) give what the date path gives (``within_workdays`` on dates, ``add_workdays`` compared
with the cut-off), row for row, and leave to it (None) every case it decides otherwise: a date outside the
calendar (refused there, naming it), a calendar that skips a year."""
from __future__ import annotations

import numpy as np
import pytest

from windoweval.calendar import CalendarError, WorkCalendar
from windoweval.kernels import time as ktime

NAT = np.iinfo(np.int64).min
DAY = 86_400 * 10**9


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def _times(rng, n, lo="2024-12-20", hi="2025-01-12", nat=0.1):
    """Times around a year's turn and its holidays, some at midnight exactly or a nanosecond before, some NaT."""
    a, b = (np.datetime64(x, "ns").astype(np.int64) for x in (lo, hi))
    v = rng.integers(a, b, n)
    k = rng.random(n)
    v = np.where(k < 0.2, v // DAY * DAY, v)              # midnight
    v = np.where((k >= 0.2) & (k < 0.3), v // DAY * DAY - 1, v)   # a nanosecond before it
    return np.where(rng.random(n) < nat, NAT, v).astype(np.int64)


def _by_dates(cal, sv, ev, n):
    miss = (sv == NAT) | (ev == NAT)
    return cal.within_workdays(ktime._day_of(sv, miss), ktime._day_of(ev, miss), n).to_numpy(dtype=bool,
                                                                                           na_value=False)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 15])
@pytest.mark.parametrize("span", [("2024-12-20", "2025-01-12"), ("2025-09-25", "2025-10-15"),
                                  ("2025-01-20", "2025-02-14")])
def test_within_on_day_numbers_is_the_date_path(cal, n, span):
    rng = np.random.default_rng(n * 7 + len(span[0]))
    sv, ev = _times(rng, 20_000, *span), _times(rng, 20_000, *span)
    miss = (sv == NAT) | (ev == NAT)
    got = cal.within_workdays_ns(sv, ev, n, miss)
    assert got is not None and got.dtype == bool
    np.testing.assert_array_equal(got, _by_dates(cal, sv, ev, n))
    assert not got[miss].any()


def test_within_leaves_dates_outside_the_calendar_to_the_date_path(cal):
    v = lambda *t: np.array(t, dtype="datetime64[ns]").view(np.int64)   # noqa: E731
    past = str(cal.end + np.timedelta64(3, "D"))
    sv, ev = v("2025-03-03T10:00", "2025-03-03T10:00"), v("2025-03-04T10:00", past + "T10:00")
    miss = np.zeros(2, dtype=bool)
    assert cal.within_workdays_ns(sv, ev, 1, miss) is None
    with pytest.raises(CalendarError):
        _by_dates(cal, sv, ev, 1)
    # the same date with its start missing is not asked about (the date path never looks it up either)
    sv2 = v("NaT", "2025-03-03T10:00")
    ev2 = v(past + "T10:00", "2025-03-04T10:00")
    miss2 = np.array([True, False])
    np.testing.assert_array_equal(cal.within_workdays_ns(sv2, ev2, 1, miss2), _by_dates(cal, sv2, ev2, 1))
    before = v("1999-06-01T10:00")
    assert cal.within_workdays_ns(before, v("2025-03-04T10:00"), 1, np.zeros(1, dtype=bool)) is None


def test_a_calendar_that_skips_a_year_is_left_to_the_date_path():
    gappy = WorkCalendar()
    gappy._gaps = {2015}
    s = np.array(["2025-03-03T10:00"], dtype="datetime64[ns]").view(np.int64)
    assert gappy.within_workdays_ns(s, s, 1, np.zeros(1, dtype=bool)) is None
    assert gappy.deadline_passed_ns(s, 1, s[0]) is None


def _overdue_by_dates(sv, h, n, cal, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(WorkCalendar, "deadline_passed_ns", lambda self, *a: None)
        return ktime._overdue(sv, h, n, "working_days", cal, False)


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize("cut", ["2025-01-02T00:00", "2025-10-09T13:30", "2025-12-31T23:59:59", "2026-12-31T12:00"])
def test_deadline_on_day_numbers_is_the_date_path(cal, n, cut, monkeypatch):
    rng = np.random.default_rng(n)
    h = np.datetime64(cut, "ns").astype(np.int64)
    sv = _times(rng, 5_000, "2024-12-25", "2026-12-31", nat=0)
    got = cal.deadline_passed_ns(sv[sv <= h], n, h)
    assert got is not None
    want = _overdue_by_dates(sv[sv <= h], h, n, cal, monkeypatch)
    np.testing.assert_array_equal(got, want)
    # through _overdue (the starts after the cut-off not due), the same as the date path
    np.testing.assert_array_equal(ktime._overdue(sv, h, n, "working_days", cal, False),
                                  _overdue_by_dates(sv, h, n, cal, monkeypatch))


def test_deadline_past_the_calendar(cal, monkeypatch):
    v = lambda *t: np.array(t, dtype="datetime64[ns]").view(np.int64)   # noqa: E731
    last = str(cal.days[-1])
    sv = v(last + "T09:00", "2025-05-06T09:00")
    h = v(last + "T23:00")[0]            # the cut-off inside the calendar: a deadline past it has not passed
    got = cal.deadline_passed_ns(sv, 3, h)
    np.testing.assert_array_equal(got, _overdue_by_dates(sv, h, 3, cal, monkeypatch))
    assert got.tolist() == [False, True]
    late = v(str(cal.end + np.timedelta64(2, "D")) + "T00:00")[0]   # the cut-off past it: the date path raises
    assert cal.deadline_passed_ns(sv, 3, late) is None
    with pytest.raises(CalendarError):
        ktime._overdue(sv, late, 3, "working_days", cal, False)


@pytest.mark.parametrize("unstarted", ["na", "open"])
def test_time_limit_verdicts_the_same_either_way(cal, unstarted, monkeypatch):
    rng = np.random.default_rng(3)
    sv = _times(rng, 30_000, "2025-09-20", "2025-10-20")
    ev = np.where(rng.random(30_000) < 0.3, NAT, sv + rng.integers(-DAY, 12 * DAY, 30_000)).astype(np.int64)
    ev[sv == NAT] = np.where(rng.random(int((sv == NAT).sum())) < 0.5, NAT, ev[sv == NAT])
    closed = rng.random(30_000) < 0.05
    kw = dict(calendar=cal, horizon="2025-10-12 08:00", unstarted=unstarted, closed=closed)
    fast = ktime.time_limit_verdicts(sv, ev, 5, "working_days", **kw)
    with monkeypatch.context() as m:
        m.setattr(WorkCalendar, "within_workdays_ns", lambda self, *a: None)
        m.setattr(WorkCalendar, "deadline_passed_ns", lambda self, *a: None)
        slow = ktime.time_limit_verdicts(sv, ev, 5, "working_days", **kw)
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)
    assert fast[1].any() and fast[2].any() and (fast[0] & ~fast[1]).any() and (~fast[0] & ~fast[1]).any()
