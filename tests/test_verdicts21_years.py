"""Session 21 (verdicts21): counts._year_of reads text dates once per distinct value, vectorised, with the years the
records' own parser (pandas' ``format="mixed"``) gives each value alone."""
from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

from windoweval.kernels.counts import _year_of, count_at_least
from windoweval.records.validate import _datetime_text

MIXED = ["2025-03-01", "2025-03-01 09:30:00", "2025-03-01T09:30:00", "2024/12/31", "2024/1/5 8:05", "2026.02.14",
         "2025年3月1日", "Mar 3 2025", "2025-12-31 23:59:59", "2025-13-01", "2025-02-30", "not a date", "", None,
         "2026", 2024, 2025.0, datetime.date(2025, 7, 1), datetime.datetime(2024, 12, 31, 23, 0),
         pd.Timestamp("2026-01-01"), np.nan, "2025-03-01 25:00", "  2025-06-01  "]


def _reference(values) -> list:
    """The year of each value alone: a number is a year; text as the records' validation reads it, one by one."""
    out = []
    for v in values:
        n = pd.to_numeric(pd.Series([v], dtype=object), errors="coerce").iloc[0]
        if not pd.isna(n):
            out.append(float(n))
            continue
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(np.nan)
            continue
        t = pd.Series([v], dtype=object)
        if isinstance(v, str):   # text as the records read it (2025年3月1日 written out), one value alone
            t = _datetime_text(t.astype("string").str.strip())
        d = pd.to_datetime(t, errors="coerce", format="mixed").iloc[0]
        out.append(np.nan if pd.isna(d) else float(d.year))
    return out


def test_mixed_formats_give_the_years_the_parser_gives_each_value():
    """Every form in one column, repeated and shuffled (the distinct values read once, mapped back to every row)."""
    rng = np.random.default_rng(21)
    vals = [MIXED[i] for i in rng.integers(0, len(MIXED), 500)]
    got = _year_of(pd.DataFrame({"t": pd.Series(vals, dtype=object)}), "t").to_numpy(dtype=float)
    np.testing.assert_array_equal(got, np.array(_reference(vals), dtype=float))


def test_a_date_written_out_in_chinese_has_its_year():
    """2025年3月1日 is a date the records accept (validate reads it); read alone by the mixed parser it had no year, so
    a register written so in a frame built in Python counted it as undated.  Fails on the code before."""
    df = pd.DataFrame({"t": ["2025年3月1日", "2024年12月31日 下午3:05", "2026年1月1日(周四)"]})
    assert _year_of(df, "t").tolist() == [2025.0, 2024.0, 2026.0]


@pytest.mark.parametrize("dtype", [object, "string"])
def test_text_dates_count_in_their_year(dtype):
    """A register whose dates are text (a frame built in Python, not read through the contracts) counts by year as a
    typed one does: a: three of 2025 in three forms; b: two of 2025 and one of 2024 (short); c: undated only."""
    df = pd.DataFrame({"window_id": ["a"] * 3 + ["b"] * 3 + ["c"],
                       "t": pd.Series(["2025-03-01", "2025/6/1", "2025年9月1日", "2025-01-01", "2025-12-31 23:59:59",
                                       "2024-12-31", None], dtype=dtype),
                       "k": ["1", "2", "3", "1", "2", "3", "1"]})
    assert str(count_at_least(df, 3, time="t", distinct="k", year=2025, windows=["a", "b", "c"]).tolist()) == \
        "[True, False, <NA>]"
