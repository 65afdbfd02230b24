"""适当延长: a record flagged as a special circumstance is held to the longer limit the workspace sets
(``extended_limit``); the missed records' message names that limit beside the ordinary one.  Before, a flagged function
test that missed its 60 minutes read "超过时限 30 分钟", the limit it was not held to (diff38's note)."""
from __future__ import annotations

from windoweval.scoring import score

from tests._workspace import records_of, workspace

_FUNCTION = "hospital_commitments.function.5"
_ROWS = [{"event_id": "F1", "window_id": "HFUN", "event_type": "function_exam",
          "started_at": "2025-04-08 10:00:00", "finished_at": "2025-04-08 11:15:00", "exempt": True},
         {"event_id": "F2", "window_id": "HFUN", "event_type": "function_exam",
          "started_at": "2025-04-08 10:00:00", "finished_at": "2025-04-08 10:45:00", "exempt": False}]


def _drill(tmp_path, params):
    ws = workspace((("HFUN", "功能检查", "hospital_function"),), params=params)
    card = score("hospital_commitments", 2025, data=tmp_path, workspace=ws,
                 records={"hospital_events": records_of("hospital_events", _ROWS)})
    return card.drilldown(_FUNCTION).set_index("event_id")


def test_the_message_names_the_longer_limit_a_flagged_record_was_held_to(tmp_path):
    d = _drill(tmp_path, {_FUNCTION: {"extended_limit": 60}})
    assert sorted(d.index) == ["F1", "F2"]
    for k in ("F1", "F2"):
        m = d.loc[k, "message"]
        assert "超过时限 30 分钟" in m and "特殊情况适当延长为 60 分钟" in m, m
        assert "60 minutes for a special circumstance" in m, m


def test_without_a_longer_limit_the_message_is_as_before(tmp_path):
    d = _drill(tmp_path, {})
    assert list(d.index) == ["F2"]   # F1: flagged, past 30 minutes, no longer limit set: missing evidence
    assert "延长" not in d.loc["F2", "message"] and "special" not in d.loc["F2", "message"]
