"""leftovers49: ``windoweval waiting`` with no waiting measure planned (a workspace with no hospital billing or
pharmacy window) judged nothing and counted nothing: the tickets of window ids the workspace does not know were not
counted, while with a plan they are (a row each, verdict ``not_in_workspace``: leftovers48).  Counted now in that case
too: a row each, ``attrs["unknown_windows"]``, and the command's line with the fix."""
import pandas as pd

from _workspace import run_cli
from windoweval.records.workspace import Workspace
from windoweval.waiting import NO_MEASURE, waiting_times

_HALL = '[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'


def _ws_dir(tmp_path):
    d = tmp_path / "ws"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "x"\n' + _HALL, encoding="utf-8")
    (d / "queue_tickets.csv").write_text(
        "ticket_id,window_id,ticket_at,called_at\n"
        "A1,HX99,2025-04-08 09:00,2025-04-08 09:05\nA2,HX99,2025-04-08 09:10,\n"
        "A3,PW01,2025-04-08 09:00,2025-04-08 09:02\nA4,HX98,2024-04-08 09:00,2024-04-08 09:03\n", encoding="utf-8")
    return d


def test_no_plan_still_counts_the_tickets_of_unknown_windows(tmp_path):
    d = _ws_dir(tmp_path)
    from windoweval.records.workspace import load_workspace
    t = waiting_times(2025, data=d, workspace=load_workspace(d))
    assert t.attrs["not_judged"] == NO_MEASURE
    assert t.attrs["unknown_windows"] == {"tickets": {"HX99": 2}, "baseline_tickets": {"HX98": 1}}   # before: {}
    row = t.set_index("window_id").loc["HX99"]
    assert row["verdict"] == "not_in_workspace" and int(row["tickets"]) == 2 and pd.isna(row["measure"])
    assert "PW01" not in set(t["window_id"])          # a window of the workspace: no waiting measure, not listed


def test_no_plan_and_no_ticket_is_still_an_empty_table(tmp_path):
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    t = waiting_times(2025, data=tmp_path, workspace=ws)
    assert t.empty and t.attrs["unknown_windows"] == {"tickets": {}, "baseline_tickets": {}}


def test_the_command_says_so(tmp_path):
    out = tmp_path / "out"
    r = run_cli("waiting", "--year", "2025", "--data", str(_ws_dir(tmp_path)), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "另有 2025 年 2 张票的窗口编号不在工作区中(HX99 2)" in r.stdout                     # before: no word
    assert "add the window to [[windows]] in windoweval.toml" in r.stdout
    assert "工作区中没有窗口适用" in r.stdout
    t = pd.read_csv(out / "waiting.csv", dtype=str).set_index("window_id")
    assert t.loc["HX99", "verdict"] == "not_in_workspace" and t.loc["HX99", "tickets"] == "2"
    assert not any(w in r.stdout for w in ("<NA>", "nan", "None", "NaT"))
