"""Session 22 (records22): the items session 21 left on records, exports and survey deliveries.

- A year of three digits (225-3-5, 5/3/225) got the generic "not a valid date" example or the two-digit year's
  (25-3-5: 2025 or 2005?): each now gets its own example and fix (a digit lost; a four-digit year first).
- An unlabelled total row (blank key, sums) got a ``drop`` fix no mapping could write for a blank key.
- An HTML .xls was held whole (bytes, text, every cell) before a row was handed on: now read streaming.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.records import validate
from windoweval.records.contract import RecordsError


def _tickets(*ticket_at: str) -> pd.DataFrame:
    n = len(ticket_at)
    return pd.DataFrame({"ticket_id": [f"A{i}" for i in range(n)], "window_id": ["PW01"] * n,
                         "business_type": ["enquiry"] * n, "ticket_at": list(ticket_at),
                         "started_at": ["2027-01-01 00:00"] * n, "ended_at": ["2027-01-02 00:00"] * n})


@pytest.mark.parametrize("value", ["225-3-5", "225-03-05 09:00", "225/3/5", "225年3月5日 9:00", "5/3/225",
                                   "05.03.225 09:00", "２２５-3-5"])
def test_a_three_digit_year_is_described_as_one(value):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value, "2025-03-05 09:00"), "counter_transactions", file="c.csv")
    p = e.value.problems
    p = p[p["column"] == "ticket_at"]
    assert p[["row", "value", "code"]].values.tolist() == [[2, value, "bad_date"]]
    zh, en, fix = p["problem_zh"].iloc[0], p["problem_en"].iloc[0], p["fix_zh"].fillna("").iloc[0]
    assert "三位" in zh and "three digits" in en and "225-3-5" in en and "四位年份" in zh + fix
    assert "两位" not in zh and "two digits" not in en and "25 March 2005" not in en


@pytest.mark.parametrize("value,two", [("25-3-5", True), ("05/03/25 09:00", True), ("3/4/2025", False)])
def test_two_digit_and_four_digit_years_keep_their_own_descriptions(value, two):
    with pytest.raises(RecordsError) as e:
        validate(_tickets(value), "counter_transactions", file="c.csv")
    p = e.value.problems
    assert p["code"].tolist() == ["ambiguous_day_month"]
    assert ("two digits" in p["problem_en"].iloc[0]) == two and "three digits" not in p["problem_en"].iloc[0]
