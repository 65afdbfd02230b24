"""The scorecard's window table (``windoweval score``, ``card.windows``) for a window with no evidence at all: no score
and no rank, as in the year's evaluation, never a score of 0 ranked among windows that were judged (eleventh audit:
a hospital's billing window whose records had not come yet ranked third beside windows that failed)."""
from __future__ import annotations

import tempfile

import pandas as pd

from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score


def test_a_window_with_no_evidence_has_no_score_and_no_rank():
    ws = Workspace.from_dict({"name": "某医院", "windows": [{"id": "HPHA", "name": "门诊药房", "kind": "hospital_pharmacy"},
                                                           {"id": "HBIL", "name": "挂号收费室", "kind": "hospital_billing"}]})
    ev = validate(pd.DataFrame({"event_id": ["P1", "P2"], "window_id": "HPHA", "event_type": "prescription_western",
                                "started_at": ["2025-06-03 10:00", "2025-06-03 11:00"],
                                "finished_at": ["2025-06-03 10:04", "2025-06-03 11:09"]}), "hospital_events", file="his.csv")
    card = score("hospital_commitments", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"hospital_events": ev})
    w = card.windows.set_index("window_id")
    assert w.loc["HBIL", "evidence"] == 0 and pd.isna(w.loc["HBIL", "score"]) and pd.isna(w.loc["HBIL", "rank"])
    assert w.loc["HPHA", "evidence"] > 0 and w.loc["HPHA", "rank"] == 1 and w.loc["HPHA", "score"] >= 0
