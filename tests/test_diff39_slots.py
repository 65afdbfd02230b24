"""24小时不间断服务 (标准1 第十条(一)2) and the hospitals' 实行24小时服务 judged per hour of the day: an hour no timed
record fills is missed only when every record of the window has its time; a record with the time blank (a fault
repair filed, its receipt time not written) may have been in that hour, so the hour lacks evidence (diff39)."""
from __future__ import annotations

import tempfile

import pandas as pd

import windoweval as we
from windoweval.records import validate

from _workspace import workspace

M = "power_window.10.1.2#repair"


def _card(blank_one: bool):
    hours = [f"2025-03-{3 + h % 5:02d} {h:02d}:15:00" for h in range(24) if h != 3]   # 03:00-03:59 never served
    received = hours + [None if blank_one else "2025-04-01 10:00:00"]
    df = pd.DataFrame({"order_id": [f"W{i}" for i in range(len(received))], "window_id": "PW01",
                       "order_type": "fault_repair", "received_at": received,
                       "filed_at": [None] * len(hours) + ["2025-04-01 10:00:00"]})
    recs = {"work_orders": validate(df, "work_orders")}
    return we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(), records=recs)


def test_an_hour_no_timed_record_fills_is_unknown_with_a_blank_time_in_the_window():
    card = _card(blank_one=True)
    dd = card.drilldown(M, include_passed=True).set_index("hour")["passed"]
    assert pd.isna(dd.loc[3]) and dd.drop(3).all()
    r = card.results.set_index("measure").loc[M]
    assert (r["n"], r["met"], r["missing_evidence"], r["verdict"]) == (23, 23, 1, "insufficient")


def test_with_every_time_written_the_empty_hour_is_still_unknown():
    """clauses45: an hour in which nobody reported a fault all year is no evidence of an interruption (the clause's
    reading, params empty: na): missing evidence, not missed, even with every receipt time written."""
    card = _card(blank_one=False)
    dd = card.drilldown(M, include_passed=True).set_index("hour")["passed"]
    assert pd.isna(dd.loc[3]) and dd.drop(3).all()
    r = card.results.set_index("measure").loc[M]
    assert (r["n"], r["met"], r["missing_evidence"], r["verdict"]) == (23, 23, 1, "insufficient")
