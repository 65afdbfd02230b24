"""The verdict that a clause excuses a record is ``excused``; the records' own ``exempt`` (a hospital event's 特殊情况
flag) is shown as the records hold it.

Before, ``drilldown(include_exempt=True)`` wrote ``exempt=False`` over every missed row and ``exempted()`` wrote
``exempt=True`` over every excused one (diff38's note): a function test flagged 适当延长 that still missed its longer
limit read as not flagged, and a sample excused for arriving after the cut-off read as flagged.
"""
from __future__ import annotations

import pandas as pd

from windoweval.scoring import score

from tests._workspace import records_of, workspace

_FUNCTION = "hospital_commitments.function.5"
_BIOCHEM = "hospital_commitments.lab.5#biochem_immuno"
_WINDOWS = (("HFUN", "功能检查", "hospital_function"), ("HLAB", "检验科", "hospital_lab"))
_ROWS = [
    # flagged 适当延长, held to the workspace's 60 minutes: 75 minutes misses it (flag kept: True)
    {"event_id": "F1", "window_id": "HFUN", "event_type": "function_exam",
     "started_at": "2025-04-08 10:00:00", "finished_at": "2025-04-08 11:15:00", "exempt": True},
    {"event_id": "F2", "window_id": "HFUN", "event_type": "function_exam",
     "started_at": "2025-04-08 10:00:00", "finished_at": "2025-04-08 10:20:00", "exempt": False},
    # received at the cut-off (9点30分前: strictly before): excused by the clause, not flagged (flag kept: False)
    {"event_id": "L1", "window_id": "HLAB", "event_type": "lab_biochem_immuno",
     "started_at": "2025-04-08 09:30:00", "finished_at": "2025-04-08 15:00:00", "exempt": False},
    {"event_id": "L2", "window_id": "HLAB", "event_type": "lab_biochem_immuno",
     "started_at": "2025-04-08 09:00:00", "finished_at": "2025-04-08 15:00:00", "exempt": False}]


def _card(tmp_path):
    ws = workspace(_WINDOWS, params={_FUNCTION: {"extended_limit": 60}})
    return score("hospital_commitments", 2025, data=tmp_path, workspace=ws,
                 records={"hospital_events": records_of("hospital_events", _ROWS)})


def test_a_missed_record_keeps_its_flag(tmp_path):
    d = _card(tmp_path).drilldown(_FUNCTION, include_exempt=True).set_index("event_id")
    assert list(d.index) == ["F1"]
    assert bool(d.loc["F1", "exempt"]) is True and bool(d.loc["F1", "excused"]) is False
    assert d.loc["F1", "passed"] == False   # noqa: E712


def test_an_excused_record_is_marked_excused_and_keeps_its_flag(tmp_path):
    card = _card(tmp_path)
    ex = card.exempted([_BIOCHEM])
    assert ex["event_id"].tolist() == ["L1"]
    assert bool(ex["excused"].iloc[0]) is True and bool(ex["exempt"].iloc[0]) is False
    d = card.drilldown(_BIOCHEM, include_exempt=True).set_index("event_id")
    assert sorted(d.index) == ["L1", "L2"]
    assert [bool(d.loc[k, "excused"]) for k in ("L1", "L2")] == [True, False]
    assert [bool(d.loc[k, "exempt"]) for k in ("L1", "L2")] == [False, False]
    assert d.loc["L1", "passed"] is pd.NA and "09:30" in d.loc["L1", "reason"]
