"""The missed records a reader gets (``windoweval score``'s people CSV, ``we.explain``) carry the deadline and the
elapsed time for limits in working days and calendar days too, not only in minutes and hours (issue 13 item 6;
blank before, found by the audit of session 5).  Day counting per the standards' reading guide: the day of receipt
is not counted, the limit ends at the end of its last (working) day."""
from __future__ import annotations

import pandas as pd

import windoweval as we
from windoweval.calendar import WorkCalendar
from windoweval.summaries import MISSED_COLUMNS, explain, missed_for_people, narrow


def _spec(unit, limit):
    return {"records": "work_orders", "kernel": "time_limit", "clause_id": "x",
            "params": {"start": "received_at", "end": "completed_at", "limit": limit, "unit": unit}}


def _frame(received, completed):
    return pd.DataFrame({"order_id": [str(i) for i in range(len(received))], "window_id": "PW01",
                         "received_at": pd.to_datetime(received), "completed_at": pd.to_datetime(completed),
                         "passed": False, "message": "m"})


def test_working_days_across_national_day():
    # 2025: 10-01..10-08 off, 10-11 (Sat) worked; five working days after 09-30 end on 10-14
    d = _frame(["2025-09-30 16:00", "2025-09-30 16:00"], ["2025-10-15 09:00", None])
    got = narrow(d, _spec("working_days", 5), calendar=WorkCalendar())
    assert got["deadline"].tolist() == ["2025-10-14", "2025-10-14"]
    assert got["elapsed"].iloc[0] == "6 个工作日 working days"
    assert got["elapsed"].iloc[1] != got["elapsed"].iloc[0] and "工作日" not in str(got["elapsed"].iloc[1])


def test_calendar_days_and_art_203():
    # ten days after 2025-09-22 end on 10-02, a holiday: art. 203 moves the last day to the next working day
    d = _frame(["2025-09-22 10:00"], ["2025-10-05 10:00"])
    plain = narrow(d, _spec("days", 10))
    moved = narrow(d, _spec("days", 10), calendar=WorkCalendar(), extend_to_workday=True)
    assert plain["deadline"].tolist() == ["2025-10-02"] and moved["deadline"].tolist() == ["2025-10-09"]
    assert plain["elapsed"].tolist() == ["13 天 days"]


def test_people_csv_and_explain_of_the_demo():
    card = we.score("power_window", year=2025)
    m = "power_window.10.2.2#resident"       # five working days
    d = explain(card, m)
    assert len(d) and d["deadline"].ne("").all() and d["elapsed"].str.endswith("working days").all()
    last = pd.to_datetime(d["deadline"])
    assert (d["completed_at"].dt.normalize() > last).all()     # each missed record ended after its last day
    t = missed_for_people(card, [card.drilldown(m).assign(measure=m)], 5)
    assert list(t.columns) == MISSED_COLUMNS and t["deadline"].str.match(r"\d{4}-\d\d-\d\d$").all()
