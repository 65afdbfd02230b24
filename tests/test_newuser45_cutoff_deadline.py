"""The missed records of a same-day cut-off promise carry their deadline (newuser45, a hospital laboratory's export).

检验科文明服务承诺 5(2): 9点30分前的标本当天下午2点30分在导诊台取报告.  A biochemistry sample received at 09:29 and
reported at 14:31 was listed among the missed records with its deadline and elapsed time blank, where a 30-minute
routine sample's miss beside it showed both: a signer could not see from the list what the record was held to.  The
deadline is the due time of the rule its receipt falls under, on the receipt's day (14:30), as the kernel judges it;
a special circumstance given its longer time (extended_minutes) is held to the later time.
"""
from __future__ import annotations

import pandas as pd

from windoweval.summaries import narrow

SPEC = {"records": "hospital_events", "kernel": "cutoff", "clause_id": "hospital_commitments.lab.5",
        "params": {"start": "started_at", "end": "finished_at",
                   "rules": [{"before": "09:30", "due": "14:30"}, {"until": "12:00", "due": "17:00"}],
                   "tolerance_minutes": 0, "missing": "na", "special": "exempt"}}


def _frame():
    return pd.DataFrame({
        "event_id": ["15", "22", "23"], "window_id": ["HLAB"] * 3,
        "started_at": pd.to_datetime(["2025-03-04 09:29", "2025-03-05 12:00", "2025-03-06 08:00"]),
        "finished_at": pd.to_datetime(["2025-03-04 14:31:00.5", "2025-03-05 17:10", None], format="mixed"),
        "exempt": [False, False, False], "passed": [False, False, False], "message": ["x"] * 3})


def test_a_cutoff_miss_shows_the_due_time_of_its_rule_on_its_day():
    out = narrow(_frame(), SPEC)
    assert out["deadline"].astype(str).tolist() == ["2025-03-04 14:30:00", "2025-03-05 17:00:00",
                                                    "2025-03-06 14:30:00"], out


def test_a_special_case_given_longer_is_held_to_the_later_time():
    spec = {**SPEC, "params": {**SPEC["params"], "extended_minutes": 60}}
    out = narrow(_frame().assign(exempt=[True, False, False]), spec)
    assert out["deadline"].astype(str).tolist()[:2] == ["2025-03-04 15:30:00", "2025-03-05 17:00:00"], out
