"""Review rev21b of verdicts21 (counts._year_of vectorised): the year of a text date is the one the records give
it (records.validate) - a zone is read on Beijing's wall clock, a time of day alone has no date, an Excel serial is a
day - and a column mixing zoned and plain values gives each its year instead of a traceback."""
from __future__ import annotations

import pandas as pd

from windoweval.kernels.counts import _year_of, count_at_least


def test_a_zoned_time_counts_in_its_beijing_year():
    """23:30Z on 31 December is 07:30 on 1 January in Beijing, the clock the records keep (validate converts a zone
    to the wall clock); the year read in the written zone was 2025."""
    df = pd.DataFrame({"t": ["2025-12-31 23:30:00Z", "2025-12-31T20:00:00-05:00", "2025-12-31T23:30:00+08:00"]})
    assert _year_of(df, "t").tolist() == [2026.0, 2026.0, 2025.0]


def test_zoned_and_plain_values_in_one_column_each_have_their_year():
    """Raised 'Mixed timezones detected' (a traceback) once a column held both."""
    df = pd.DataFrame({"t": ["2025-06-01 09:30", "2025-06-01 09:30+08:00", "2024/12/31 10:00 +0800", "2025年3月1日"]})
    assert _year_of(df, "t").tolist() == [2025.0, 2025.0, 2024.0, 2025.0]


def test_a_tz_aware_column_counts_in_its_beijing_year():
    df = pd.DataFrame({"t": pd.to_datetime(["2025-12-31 20:00Z", "2025-06-01 00:00Z"])})
    assert _year_of(df, "t").tolist() == [2026, 2025]


def test_a_time_of_day_alone_has_no_year():
    """09:30 was put on today's date (the year the code runs in): the records refuse it (time_without_date)."""
    df = pd.DataFrame({"t": ["09:30", "9:30:00", "9时30分", "2025-03-01"]})
    assert _year_of(df, "t").fillna(-1).tolist() == [-1.0, -1.0, -1.0, 2025.0]


def test_an_excel_serial_is_a_day_not_a_year():
    """45658 is 1 January 2025 in a date column (validate reads 20000..80000 as a serial); it was the year 45658."""
    assert _year_of(pd.DataFrame({"t": ["45658", "45658.5", "2025"]}), "t").tolist() == [2025.0, 2025.0, 2025.0]
    assert _year_of(pd.DataFrame({"t": [45658, 2024]}), "t").tolist() == [2025.0, 2024.0]


def test_a_register_with_a_zoned_date_counts_it_in_the_year_it_was_held_in_beijing():
    df = pd.DataFrame({"window_id": ["a", "a", "a"], "k": ["1", "2", "3"],
                       "t": ["2025-03-01", "2025-06-01 10:00", "2024-12-31 23:00:00Z"]})
    assert count_at_least(df, 3, time="t", distinct="k", year=2025, windows=["a"]).tolist() == [True]


def test_a_date_written_without_marks_has_its_year():
    """20251231 in a date column is 31 December 2025 to the records (validate); it was the year 20251231."""
    assert _year_of(pd.DataFrame({"t": ["20251231", " 20250301 ", "2025"]}), "t").tolist() == [2025.0, 2025.0, 2025.0]
