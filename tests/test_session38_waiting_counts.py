"""缩短病人等待时间 is measured, not judged: its scorecard row (verdict ``report``) counts each window's one unit as not
assessed, never as missing evidence.  Before, every measured window showed ``missing_evidence`` 1 in the results and
in the score command's count of units missing evidence (diff38's note)."""
from __future__ import annotations

import tempfile

import pandas as pd

from windoweval.records import validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

_WAITING = "hospital_commitments.billing.7#waiting"


def test_a_measured_window_is_not_assessed_and_misses_no_evidence():
    t = pd.Timestamp("2025-04-08 09:00:00")
    df = pd.DataFrame({"ticket_id": ["T1", "T2", "T3"], "window_id": "HBIL", "ticket_at": [t] * 3,
                       "called_at": [t + pd.Timedelta(minutes=3), t + pd.Timedelta(minutes=9), None]})
    recs = {"queue_tickets": validate(df.astype(object).where(df.notna(), None), "queue_tickets", file="case")}
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "HBIL", "name": "挂号收费室", "kind": "hospital_billing"}]})
    card = score("hospital_commitments", 2025, data=tempfile.mkdtemp(), workspace=ws, records=recs)
    r = card.results.set_index("measure").loc[_WAITING]
    assert r["verdict"] == "report"
    assert (int(r["units"]), int(r["n"]), int(r["not_assessed"]), int(r["missing_evidence"])) == (1, 0, 1, 0)
    got = card.drilldown(_WAITING, include_passed=True)
    assert got[["tickets", "called", "not_called"]].values.tolist() == [[3, 2, 1]]   # the figures still shown
