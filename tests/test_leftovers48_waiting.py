"""leftovers48: ``windoweval waiting`` (:func:`windoweval.waiting.waiting_times`).

* Tickets of a window id that is no window of the workspace were shown nowhere: counted now, a row of the table
  (verdict ``not_in_workspace``, its tickets) and a line of the command's output with the fix (add the window to
  the workspace or map its id), never dropped in silence.
* The printed note stated the default never-called rule even with ``never_called = "ignore"`` set: each row says the
  rule its measure applied (``never_called``), and the note is built from that column.
"""
from __future__ import annotations

import pandas as pd

from _workspace import run_cli
from test_waiting import WINDOWS, _tickets
from windoweval.records.workspace import Workspace
from windoweval.waiting import waiting_times

BILLING = "hospital_commitments.billing.7#waiting"


def _run(now: dict, before: dict, **ws):
    w = Workspace.from_dict({"name": "x", "windows": WINDOWS, **ws})
    return waiting_times(2025, workspace=w, records=_tickets(2025, now), baseline_records=_tickets(2024, before))


def test_tickets_of_a_window_the_workspace_does_not_know_are_counted():
    t = _run({"HBIL": [2, 2], "HX99": [3, 4, None]}, {"HBIL": [3, 3], "HX98": [1]})
    row = t.set_index("window_id").loc["HX99"]                      # before: no row, no word
    assert row["verdict"] == "not_in_workspace" and int(row["tickets"]) == 3
    assert pd.isna(row["measure"]) and pd.isna(row["median_min"])   # not judged, no figure made up
    assert t.attrs["unknown_windows"] == {"tickets": {"HX99": 3}, "baseline_tickets": {"HX98": 1}}
    assert t.set_index("window_id").loc["HBIL", "verdict"] == "shortened"   # the known windows as before


def test_no_unknown_window_no_row():
    t = _run({"HBIL": [2, 2]}, {"HBIL": [3, 3]})
    assert set(t["window_id"]) == {"HBIL", "HPHA"} and t.attrs["unknown_windows"]["tickets"] == {}


def test_each_row_says_the_never_called_rule_applied():
    ignore = {"params": {BILLING: {"never_called": "ignore"}}}
    t = _run({"HBIL": [2, None, None]}, {"HBIL": [3]}, **ignore).set_index("window_id")
    assert t.loc["HBIL", "never_called"] == "ignore" and t.loc["HBIL", "verdict"] == "shortened"
    assert t.loc["HPHA", "never_called"] == "compare"                # the other measure keeps the default
    t = _run({"HBIL": [2, None, None]}, {"HBIL": [3]}).set_index("window_id")
    assert t.loc["HBIL", "never_called"] == "compare" and t.loc["HBIL", "verdict"] == "insufficient"


def _ws_dir(tmp_path, extra: str = ""):
    d = tmp_path / "ws"
    d.mkdir()
    toml = 'name = "x"\n' + "".join(f'[[windows]]\nid = "{w["id"]}"\nname = "{w["name"]}"\nkind = "{w["kind"]}"\n'
                                     for w in WINDOWS)
    (d / "windoweval.toml").write_text(toml + extra, encoding="utf-8")
    (d / "queue_tickets.csv").write_text(
        "ticket_id,window_id,ticket_at,called_at\n"
        "A1,HBIL,2024-04-08 09:00,2024-04-08 09:03\nA2,HBIL,2025-04-08 09:00,2025-04-08 09:02\n"
        "A3,HBIL,2025-04-08 09:01,\nA4,HBIL,2025-04-08 09:02,\nA5,HX99,2025-04-08 09:00,2025-04-08 09:05\n",
        encoding="utf-8")
    return d


def test_the_command_states_the_rule_applied(tmp_path):
    extra = f'\n[params."{BILLING}"]\nnever_called = "ignore"\n'
    out = tmp_path / "out"
    r = run_cli("waiting", "--year", "2025", "--data", str(_ws_dir(tmp_path, extra)), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    line = next(x for x in r.stdout.splitlines() if BILLING in x and "never-called rule" in x)
    assert "只按已叫号者" in line and "called tickets' waits alone" in line     # before: the default stated
    other = next(x for x in r.stdout.splitlines() if "pharmacy.7#waiting" in x and "never-called rule" in x)
    assert "判为证据不足(默认)" in other
    t = pd.read_csv(out / "waiting.csv", dtype=str).set_index("window_id")
    assert t.loc["HBIL", "never_called"] == "ignore"


def test_the_command_counts_tickets_of_unknown_windows(tmp_path):
    out = tmp_path / "out"
    r = run_cli("waiting", "--year", "2025", "--data", str(_ws_dir(tmp_path)), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "另有 2025 年 1 张票的窗口编号不在工作区中(HX99 1)" in r.stdout               # before: no word
    assert "add the window to [[windows]] in windoweval.toml" in r.stdout
    t = pd.read_csv(out / "waiting.csv", dtype=str).set_index("window_id")
    assert t.loc["HX99", "verdict"] == "not_in_workspace" and t.loc["HX99", "tickets"] == "1"
    assert "判为证据不足(默认)" in r.stdout
    assert not any(w in r.stdout for w in ("<NA>", "nan", "None", "NaT"))
