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


def test_the_workspace_names_its_own_promise_register(tmp_path):
    """An organisation's promises are its own: ``promises = "promises.yaml"`` in the workspace replaces the bundled
    register for promise 5.2 and for the promise tables."""
    from windoweval.promises import fulfilment
    from windoweval.records.workspace import load_workspace

    (tmp_path / "promises.yaml").write_text(
        "promises:\n  - id: own_fault_45\n    clause: power_window.10.2.5\n    measure: power_window.10.2.5\n"
        "    zh: 到达故障抢修现场的时间不超过45分钟\n    public_zh: 45分钟内到达\n    en: On site within 45 minutes.\n",
        encoding="utf-8")
    (tmp_path / "windoweval.toml").write_text(
        'name = "x"\npromises = "promises.yaml"\n[[windows]]\nid = "PW01"\nname = "a"\nkind = "power_hall"\n',
        encoding="utf-8")
    _records()["work_orders"].to_csv(tmp_path / "work_orders.csv", index=False)
    ws = load_workspace(tmp_path)
    assert ws.promise_register() == (tmp_path / "promises.yaml").resolve()
    card = score("power_window", 2025, data=tmp_path, workspace=ws)
    r = card.results.set_index("measure")
    assert (int(r.loc["power_window.5.2#work_orders", "n"]), int(r.loc["power_window.5.2#work_orders", "met"])) == (2, 2)
    occ = card.drilldown("power_window.5.2#work_orders", include_passed=True)
    assert set(occ["promise_id"]) == {"own_fault_45"}
    t = fulfilment(2025, tmp_path)
    assert t["promise_id"].tolist() == ["own_fault_45"] and int(t["occurrences"].iloc[0]) == 2
