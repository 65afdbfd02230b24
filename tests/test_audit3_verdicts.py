"""Verdicts checked by hand against the standards' text and reading guide (third audit, issues 2, 4 and 10).

Each test states the case and the answer worked out from the text; each failed on the code before its fix.
"""
from __future__ import annotations

import tempfile

import pandas as pd
import pytest

from windoweval import complaints as C
from windoweval.calendar import CalendarError, WorkCalendar
from windoweval.kernels import reply_within, time_limit
from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

HALL = {"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]}


def _row(card, measure):
    return card.results.set_index("measure").loc[measure]


# -- the calendar's last year: an open case decided without the next year's arrangement --------------------------

def test_open_case_at_the_end_of_the_calendars_last_year_is_open_not_an_error():
    # chinese-calendar knows 2004-2026.  A residential connection received 2026-12-29 (5 working days) and not yet
    # powered at the year's end: its deadline lies in 2027, so at the cut-off 2026-12-31 it is open; the verdict
    # needs nothing of 2027 (as a case received 2026-12-29 and closed 2026-12-31 is decided without it)
    ws = Workspace.from_dict(HALL)
    orders = validate(pd.DataFrame({"order_id": ["1", "2"], "window_id": "PW01",
                                    "order_type": "new_connection_resident",
                                    "received_at": ["2026-12-29 10:00", "2026-12-01 10:00"],
                                    "completed_at": [None, "2026-12-03 10:00"]}), "work_orders", file="w.csv")
    card = score("power_window", 2026, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    r = _row(card, "power_window.10.2.2#resident")
    assert (r["records"], r["n"], r["met"], r["open"], r["verdict"]) == (2, 1, 1, 1, "pass")


def test_a_cut_off_past_the_calendar_still_needs_the_year():
    # the same case judged at an extraction time in 2027: whether its deadline passed depends on 2027's arrangement
    df = pd.DataFrame({"r": pd.to_datetime(["2026-12-29 10:00"]), "d": pd.to_datetime([None])})
    with pytest.raises(CalendarError):
        time_limit(df, "r", "d", 5, "working_days", horizon="2027-01-10 08:00")
    # a deadline inside the calendar at a cut-off past it is decided: 2026-12-01 + 5 working days = 12-08
    early = pd.DataFrame({"r": pd.to_datetime(["2026-12-01 10:00"]), "d": pd.to_datetime([None])})
    assert time_limit(early, "r", "d", 5, "working_days", horizon="2027-01-10 08:00").tolist() == [False]


def test_art203_reply_near_the_calendars_end_needs_no_next_year():
    # art. 203 moves a last day on a rest day later, never earlier: a complaint received 2026-12-28 (last day
    # 2027-01-02) replied 2026-12-29 is in time whatever 2027 holds; unreplied at 2026-12-31 it is open
    df = pd.DataFrame({"r": pd.to_datetime(["2026-12-28 10:00", "2026-12-28 10:00"]),
                       "a": pd.to_datetime(["2026-12-29 10:00", None])})
    cal = WorkCalendar()
    m = reply_within(df, "r", "a", 5, calendar=cal, extend_to_workday=True, horizon="2026-12-31 23:59:59")
    assert m.tolist() == [True, pd.NA] and m.attrs["open"].tolist() == [False, True]
    assert time_limit(df.iloc[:1], "r", "a", 5, "days", calendar=cal, extend_to_workday=True).tolist() == [True]
    cases = pd.DataFrame({"case_id": ["1"], "kind": ["complaint"], "window_id": ["PW01"], "channel": ["95598"],
                          "category": [None], "received_at": pd.to_datetime(["2026-12-28 10:00"]),
                          "replied_at": pd.NaT, "resolved_at": pd.NaT})
    o = C.open_cases(cases, "2026-12-31 23:59:59", cal, art203=True)
    assert o["overdue"].tolist() == [False]
