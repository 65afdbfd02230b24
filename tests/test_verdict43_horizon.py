"""A kernel's cut-off (``horizon``) read one way: a date alone, as ``datetime.date`` or as 'YYYY-MM-DD', is the end of
that day in every kernel (``records.cutoff.cut_off``), never its first second (verdict43, issue 14's left items)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from windoweval.kernels.base import excluded_of, open_of
from windoweval.kernels.time import callback_made, time_limit
from windoweval.kernels.values import reliability

DAY = ["2025-06-01", dt.date(2025, 6, 1)]


@pytest.mark.parametrize("horizon", DAY)
def test_time_limit_undone_is_missed_by_the_end_of_the_day(horizon):
    # started 10:00, 45 minutes, not done: at the end of 1 June the deadline (10:45) has passed: missed, not open
    df = pd.DataFrame({"r": pd.to_datetime(["2025-06-01 10:00"]), "d": pd.to_datetime([None])})
    m = time_limit(df, "r", "d", 45, "minutes", horizon=horizon)
    assert m.tolist() == [False]
    assert open_of(m).tolist() == [False]


@pytest.mark.parametrize("horizon", DAY)
def test_callback_concluded_that_day_is_owed_by_its_end(horizon):
    # concluded 1 June 10:00, no callback: at the end of 1 June the case is concluded (a callback owed, none made),
    # not "concluded after the cut-off"
    df = pd.DataFrame({"done": pd.to_datetime(["2025-06-01 10:00"]), "cb": pd.to_datetime([None]), "res": [None]})
    m = callback_made(df, "cb", "res", ["done"], horizon=horizon)
    assert m.tolist() == [False]
    assert excluded_of(m).tolist() == [False]


@pytest.mark.parametrize("horizon", DAY)
def test_callback_within_days_open_while_its_last_day_runs(horizon):
    df = pd.DataFrame({"done": pd.to_datetime(["2025-05-31 10:00"]), "cb": pd.to_datetime([None]), "res": [None]})
    m = callback_made(df, "cb", "res", ["done"], within_days=1, horizon=horizon)
    assert open_of(m).tolist() == [True]


def test_callback_horizon_with_a_zone_is_beijing_time():
    # 2025-06-01 17:00Z is 2 June 01:00 in Beijing: the last day (1 June) of a within-1-day callback has ended
    df = pd.DataFrame({"done": pd.to_datetime(["2025-05-31 10:00"]), "cb": pd.to_datetime([None]), "res": [None]})
    m = callback_made(df, "cb", "res", ["done"], within_days=1, horizon=pd.Timestamp("2025-06-01 17:00Z"))
    assert open_of(m).tolist() == [False]
    assert m.tolist() == [False]


@pytest.mark.parametrize("horizon", DAY)
def test_reliability_unrestored_outage_counts_to_the_end_of_the_day(horizon):
    # out from 08:00 and not restored: ~16 hours to the end of 1 June, below 99.95 % of the year's 8760 hours
    df = pd.DataFrame({"window_id": ["w"], "c": ["x"], "s": pd.to_datetime(["2025-06-01 08:00"]),
                       "e": pd.to_datetime([None])})
    assert reliability(df, "c", "s", "e", min_rate=0.9995, year=2025, horizon=horizon).tolist() == [False]
