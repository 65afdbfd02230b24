"""Working-day counting: ../shared/standards/README.md, Civil Code arts. 201 and 203."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval.calendar import CalendarError, WorkCalendar, load_calendar_file
from windoweval.kernels import time_limit

CAL = WorkCalendar()


def test_national_day_2025_and_its_adjusted_working_days():
    # 2025: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct are working days (调休)
    assert CAL.is_workday(["2025-09-28", "2025-10-01", "2025-10-08", "2025-10-11", "2025-10-12"]).tolist() == \
        [True, False, False, True, False]
    # received Tue 30 Sep: working days after it are 9, 10, 11 (Sat), 13, 14 Oct -> the 5th is 14 Oct
    assert str(CAL.add_workdays(["2025-09-30 16:00"], 5)[0].date()) == "2025-10-14"


def test_fifth_working_day_limit_across_national_day():
    df = pd.DataFrame({"r": pd.to_datetime(format="mixed", arg=["2025-09-30 16:00"] * 3),
                       "d": pd.to_datetime(format="mixed", arg=["2025-10-14 23:59:59", "2025-10-15 00:00:00", "2025-10-11 10:00:00"])})
    assert time_limit(df, "r", "d", 5, "working_days", calendar=CAL).tolist() == [True, False, True]


def test_day_of_receipt_not_counted_for_calendar_days():
    df = pd.DataFrame({"r": pd.to_datetime(format="mixed", arg=["2025-03-03 23:50"] * 2),
                       "d": pd.to_datetime(format="mixed", arg=["2025-03-08 23:59", "2025-03-09 00:01"])})
    # 5 days after 3 March ends at the end of 8 March
    assert time_limit(df, "r", "d", 5, "days").tolist() == [True, False]


def test_art_203_moves_a_rest_day_end_to_the_next_working_day():
    # received 22 Sep 2025; the 10th day is 2 Oct (National Day); the next working day is 9 Oct
    df = pd.DataFrame({"r": pd.to_datetime(format="mixed", arg=["2025-09-22 10:00"] * 2),
                       "d": pd.to_datetime(format="mixed", arg=["2025-10-09 17:00:00", "2025-10-10 09:00:00"])})
    assert time_limit(df, "r", "d", 10, "days").tolist() == [False, False]
    assert time_limit(df, "r", "d", 10, "days", calendar=CAL, extend_to_workday=True).tolist() == [True, False]


def test_year_outside_the_calendar_is_an_error_not_a_weekend_guess():
    with pytest.raises(CalendarError) as e:
        CAL.add_workdays(["2026-12-29"], 5)
    assert "calendar" in str(e.value) and "2004–2026" in str(e.value)
    with pytest.raises(CalendarError):
        CAL.is_workday(["2003-06-01"])


def test_end_inside_known_years_needs_no_future_calendar():
    # closed 31 Dec 2026: decided without the 2027 arrangement
    df = pd.DataFrame({"r": pd.to_datetime(format="mixed", arg=["2026-12-29 09:00"]), "d": pd.to_datetime(format="mixed", arg=["2026-12-31 09:00"])})
    assert time_limit(df, "r", "d", 5, "working_days", calendar=CAL).tolist() == [True]
    df2 = df.assign(d=pd.to_datetime(format="mixed", arg=["2027-01-06 09:00"]))
    with pytest.raises(CalendarError):
        time_limit(df2, "r", "d", 5, "working_days", calendar=CAL)


# a made-up 2027 arrangement, whole: 13 holidays or more (New Year, a Spring Festival week, Qingming, May Day ...)
# and its adjusted working days
CAL_2027 = ("date,kind,name\n2027-01-01,holiday,元旦\n"
            + "".join(f"2027-02-{d:02d},holiday,春节\n" for d in range(5, 13))
            + "2027-04-05,holiday,清明节\n2027-05-01,holiday,劳动节\n2027-05-03,holiday,劳动节\n"
            + "2027-06-09,holiday,端午节\n2027-01-09,workday,调休\n")


def test_a_calendar_file_adds_2027(tmp_path):
    f = tmp_path / "cal.csv"
    f.write_text(CAL_2027, encoding="utf-8")
    cal = WorkCalendar(extra=f)
    # from Tue 29 Dec 2026: 30, 31 Dec, (1 Jan off, 2–3 weekend), 4, 5, 6 Jan -> the 5th working day is Wed 6 Jan 2027
    assert str(cal.add_workdays(["2026-12-29"], 5)[0].date()) == "2027-01-06"
    assert cal.is_workday(["2027-01-09", "2027-01-10", "2027-02-08"]).tolist() == [True, False, False]
    assert 2027 in cal.years and cal.partial == {}


def test_a_year_listed_in_part_is_not_known(tmp_path):
    """One row for 1 January is not 2027's arrangement: scoring into 2027 is refused, saying why, rather than
    counting the Spring Festival as working days."""
    f = tmp_path / "cal.csv"
    f.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-01-09,workday,调休\n", encoding="utf-8")
    cal = WorkCalendar(extra=f)
    assert 2027 not in cal.years and cal.partial == {2027: 1}
    with pytest.raises(CalendarError) as e:
        cal.add_workdays(["2026-12-29"], 5)
    msg = str(e.value)
    assert "只列出了 2027 年的 1 个节假日" in msg and "13" in msg and "lists only 1 holiday(s) for 2027" in msg
    with pytest.raises(CalendarError):
        cal.is_workday(["2027-02-08"])
    # a date before it is still counted: the known years are unchanged
    assert cal.is_workday(["2026-10-01"]).tolist() == [False]


def test_a_holiday_listed_twice_counts_once(tmp_path):
    """13 rows that name one day (a row copied down, a day under two names) are one holiday, not a whole year:
    2027 stays unknown rather than the Spring Festival counting as working days."""
    f = tmp_path / "cal.csv"
    f.write_text("date,kind,name\n" + "2027-01-01,holiday,元旦\n" * 13, encoding="utf-8")
    cal = WorkCalendar(extra=f)
    assert 2027 not in cal.years and cal.partial == {2027: 1}
    with pytest.raises(CalendarError):
        cal.is_workday(["2027-02-08"])


def test_a_partial_listing_corrects_a_known_year_and_keeps_the_rest(tmp_path):
    """A correction of one day of 2025 does not throw away the library's 2025 (before: 2025 became weekends only
    plus that day, and National Day counted as working days)."""
    f = tmp_path / "cal.csv"
    f.write_text("date,kind,name\n2025-10-11,holiday,本单位更正\n", encoding="utf-8")
    cal = WorkCalendar(extra=f)
    assert cal.is_workday(["2025-10-01", "2025-10-08", "2025-10-11", "2025-10-13"]).tolist() == \
        [False, False, False, True]
    assert 2025 in cal.years and cal.partial == {}


def test_calendar_file_errors_name_row(tmp_path):
    f = tmp_path / "cal.csv"
    f.write_text("date,kind\n2027-01-01,holiday\n2027-13-01,holiday\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 3"):
        load_calendar_file(f)


dates = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 11, 30))


@settings(max_examples=200, deadline=None)
@given(start=dates, gap=st.integers(0, 25), n=st.integers(1, 10))
def test_within_workdays_agrees_with_the_deadline(start, gap, n):
    end = start + dt.timedelta(days=gap)
    deadline = CAL.add_workdays([start], n)[0].date()
    got = CAL.within_workdays(pd.Series([pd.Timestamp(start)]), pd.Series([pd.Timestamp(end)]), n)[0]
    assert bool(got) == (end <= deadline)


@settings(max_examples=100, deadline=None)
@given(start=dates, n=st.integers(1, 15))
def test_deadline_is_the_nth_working_day_by_brute_force(start, n):
    import chinese_calendar as cc

    d, k = start, 0
    while k < n:
        d += dt.timedelta(days=1)
        k += cc.is_workday(d)
    assert CAL.add_workdays([start], n)[0].date() == d


def test_a_calendar_file_changed_is_read_again(tmp_path):
    """The refusal says: add the year to the calendar file.  Done so in the same session (a notebook), the next
    look-up sees it (before: the first reading was kept by path for the life of the process)."""
    import os

    from windoweval.records.workspace import Workspace

    f = tmp_path / "cal.csv"
    f.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "W", "name": "w", "kind": "power_hall"}],
                              "calendar_file": "cal.csv"}, root=tmp_path)
    assert 2027 not in ws.calendar().years
    f.write_text(CAL_2027, encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))   # a later time, whatever the clock's grain
    cal = ws.calendar()
    assert 2027 in cal.years and cal.is_workday(["2027-02-08"]).tolist() == [False]
    assert ws.calendar() is cal          # unchanged: the one reading kept
