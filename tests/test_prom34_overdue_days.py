"""prom34: 逾期天数 (days overdue) counted as 已开天数 (days open) is: by date.

The reading guide counts days as calendar days, the day of receipt not counted (Civil Code art. 201); days open were
counted so, by date (the cut-off's day less the day of receipt), but days overdue as whole 24-hour spans from the
end of the limit's last day to the cut-off: at the year's end (31 December 23:59:59) a complaint received on
3 November (last day 8 November) was 58 days open and 52 days overdue, where the dates say 53 (9 November to
31 December).  Chosen: dates for both, the guide's way of counting days and the way a reader checks them on a
calendar; so days open = the limit + days overdue for a calendar-day limit, and a case is 1 day overdue on the first
day after its limit, never "overdue, 0 days".
"""
import pandas as pd

from windoweval.complaints import open_cases
from windoweval.calendar import WorkCalendar


def _case(received="2025-11-03 09:00"):
    return pd.DataFrame({"case_id": ["C1"], "kind": ["complaint"], "window_id": ["PW01"], "channel": ["95598"],
                         "category": [None], "received_at": pd.to_datetime([received]), "replied_at": pd.NaT})


def test_days_overdue_are_counted_by_date_as_days_open_are():
    o = open_cases(_case(), "2025-12-31 23:59:59").iloc[0]
    # by hand: open 3 Nov -> 31 Dec = 27 + 31 = 58 days; last day 8 Nov; overdue 9 Nov .. 31 Dec = 22 + 31 = 53
    assert (o["days_open"], bool(o["overdue"]), o["days_overdue"]) == (58, True, 53)
    assert o["days_open"] - o["days_overdue"] == 5          # the 5-day limit between them


def test_the_first_day_after_the_limit_is_one_day_overdue():
    o = open_cases(_case(), "2025-11-09 10:00").iloc[0]
    assert (o["days_open"], bool(o["overdue"]), o["days_overdue"]) == (6, True, 1)
    o = open_cases(_case(), "2025-11-08 23:59:59").iloc[0]   # the last day itself: not yet overdue
    assert (o["days_open"], bool(o["overdue"]), pd.isna(o["days_overdue"])) == (5, False, True)


def test_art203_moves_the_last_day_and_the_count_with_it():
    # 8 Nov 2025 is a Saturday: the last day moves to Monday 10 Nov; overdue 11 Nov .. 31 Dec = 20 + 31 = 51
    o = open_cases(_case(), "2025-12-31 23:59:59", WorkCalendar(), art203=True).iloc[0]
    assert (o["days_open"], o["days_overdue"]) == (58, 51)
