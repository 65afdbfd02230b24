"""Promise 5.2 judges each occurrence as the promise's own measure does, with the workspace's ``[params]``.

The promise kernel (``promises_kept``) applies each registered promise's measure; a stricter limit the
organisation sets for that measure in ``windoweval.toml`` must reach it too, or 5.2 and the measure's own
scorecard row would disagree about the same record.
"""
import pandas as pd
import pytest

from windoweval.records import contracts, validate
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.scoring import score

WINDOWS = [{"id": "PW01", "name": "a", "kind": "power_hall"}]


def _records():
    rows = [("WO1", "2025-06-01 10:00:00", "2025-06-01 10:40:00"),   # 40 min: within 45 and within 40
            ("WO2", "2025-06-01 10:00:00", "2025-06-01 10:42:00")]   # 42 min: within 45, not within 40
    df = pd.DataFrame([{"order_id": o, "window_id": "PW01", "order_type": "fault_repair", "received_at": r,
                        "arrived_at": a, "completed_at": a} for o, r, a in rows])
    wo = validate(df.astype(object), "work_orders", file="case")
    empty = {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
             for k, c in contracts().items()}
    return {**empty, "work_orders": wo}


def _rows(ws):
    card = score("power_window", 2025, workspace=ws, records=_records())
    r = card.results.set_index("measure")
    return {m: (int(r.loc[m, "n"]), int(r.loc[m, "met"])) for m in ("power_window.10.2.5", "power_window.5.2#work_orders")}


def test_promise_measure_takes_the_workspace_limit():
    plain = Workspace.from_dict({"name": "x", "windows": WINDOWS})
    assert _rows(plain) == {"power_window.10.2.5": (2, 2), "power_window.5.2#work_orders": (2, 2)}
    strict = Workspace.from_dict({"name": "x", "windows": WINDOWS,
                                  "params": {"power_window.10.2.5": {"limit": 40}}})
    # the 42-minute arrival misses the organisation's 40 minutes in both rows, never only in one
    assert _rows(strict) == {"power_window.10.2.5": (2, 1), "power_window.5.2#work_orders": (2, 1)}


def test_promise_measure_refuses_a_looser_limit_as_the_measure_does():
    loose = Workspace.from_dict({"name": "x", "windows": WINDOWS, "params": {"power_window.10.2.5": {"limit": 60}}})
    with pytest.raises(WorkspaceError, match="stricter"):
        score("power_window", 2025, workspace=loose, records=_records())
