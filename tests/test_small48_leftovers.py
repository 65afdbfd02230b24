"""small48: four leftovers of session 48's helpers.

1. ``windoweval complaints`` stated the callback rule with 90 % whatever the workspace's ``[targets]`` set
   (the tables already judged by the stricter one): the stated rule now names the target applied.
2. The report's promise section filtered the occurrences to the selected windows but not the promises without
   records: a promise lacking records only at other windows made the selection's overall insufficient.
3. ``promises.fulfilment(by=["window_id"])``: a window subject only to promises without records had no row; it has
   one now, insufficient evidence.
4. ``waiting_times`` with no waiting measure planned returned an empty table with no word: it says why
   (``attrs["not_judged"]``, printed by ``windoweval waiting``).
"""
from __future__ import annotations

from _workspace import run_cli, write_workspace

CASES = ("case_id,channel,kind,window_id,received_at,replied_at\n"
         "R1,counter,report,PW01,2025-03-03 10:00,2025-03-10 10:00\n")


def _ws(tmp_path, extra: str = ""):
    d = write_workspace(tmp_path / "ws")
    (d / "windoweval.toml").write_text((d / "windoweval.toml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    (d / "complaints.csv").write_text(CASES, encoding="utf-8")
    return d


def test_the_stated_callback_rule_names_the_stricter_target(tmp_path):
    d = _ws(tmp_path, '\n[targets]\n"power_window.13.5#callback_rate" = 0.955\n')
    r = run_cli("complaints", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "回访率不低于95.5%" in r.stdout and "Target: at least 95.5%" in r.stdout      # before: 90% / 90 %
    assert "回访率不低于90%" not in r.stdout


def test_the_stated_callback_rule_keeps_the_standards_target_by_default(tmp_path):
    r = run_cli("complaints", "--year", "2025", "--data", str(_ws(tmp_path)), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "回访率不低于90%" in r.stdout and "Target: at least 90%" in r.stdout


# 2 and 3: a hall (PW01) with a file of every kind it is subject to, and a 95598 centre (CC01) with no call at all
WS2 = ('name = "示例"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n'
       '[[windows]]\nid = "CC01"\nname = "95598中心"\nkind = "call_centre"\n')


def _two_windows(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WS2, encoding="utf-8")
    (d / "work_orders.csv").write_text("order_id,window_id,order_type,received_at,arrived_at,completed_at\n"
                                       "1,PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20,\n", encoding="utf-8")
    (d / "complaints.csv").write_text("case_id,window_id,channel,kind,received_at,replied_at\n"
                                      "C1,PW01,counter,complaint,2025-03-01 10:00,2025-03-02 10:00\n", encoding="utf-8")
    (d / "counter_transactions.csv").write_text(
        "ticket_id,window_id,business_type,ticket_at,started_at,ended_at\n"
        "T1,PW01,resident_payment,2025-03-04 08:58,2025-03-04 09:00,2025-03-04 09:05\n", encoding="utf-8")
    (d / "meter_readings.csv").write_text(
        "reading_id,window_id,customer_id,scheduled_on,read_at\nR1,PW01,C1,2025-03-05,2025-03-05 10:00\n", encoding="utf-8")
    (d / "outages.csv").write_text(
        "outage_id,customer_id,window_id,voltage_class,outage_kind,announced_at,start_at,cause_cleared_at,restored_at\n"
        "O1,C1,PW01,kv10,planned,2025-03-01 09:00,2025-03-08 08:00,2025-03-08 12:00,2025-03-08 12:10\n", encoding="utf-8")
    return d


def _promise_section(d, windows):
    from windoweval.sections import compute

    return compute(2025, d, sections=("promises",), windows=windows)["promises"]


def test_the_sections_promises_without_records_are_those_of_the_selected_windows(tmp_path):
    from windoweval.promises import NO_RECORDS, occurrences

    d = _two_windows(tmp_path)
    lacking = occurrences(2025, data=d).attrs[NO_RECORDS]
    assert lacking and all(ws == ("CC01",) for ws in lacking.values())   # only the centre lacks records
    hall = _promise_section(d, "PW01")
    assert hall.tables["overall"].iloc[0]["verdict"] == "pass"   # before: insufficient, for the centre's calls
    centre = _promise_section(d, "CC01")
    assert centre.tables["overall"].iloc[0]["verdict"] == "insufficient"   # missing evidence there: never a pass


def test_a_window_subject_only_to_promises_without_records_has_a_row_reading_insufficient(tmp_path):
    from windoweval.promises import fulfilment, occurrences

    occ = occurrences(2025, data=_two_windows(tmp_path))
    t = fulfilment(by=["window_id"], occ=occ).set_index("window_id")
    assert set(t.index) == {"PW01", "CC01"}                              # before: PW01 alone
    cc = t.loc["CC01"]
    assert (cc["verdict"], int(cc["occurrences"]), int(cc["met"]), int(cc["broken"])) == ("insufficient", 0, 0, 0)
    assert t.loc["PW01", "verdict"] == "pass"


# 4: no waiting measure planned (a power hall's workspace): why nothing is judged, said, never an empty table alone
def test_no_waiting_measure_says_why_nothing_is_judged(tmp_path):
    from windoweval.records.workspace import Workspace
    from windoweval.waiting import COLUMNS, NO_MEASURE, waiting_times

    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]})
    t = waiting_times(2025, data=tmp_path, workspace=ws)
    assert list(t.columns) == COLUMNS and t.empty
    assert t.attrs["not_judged"] == NO_MEASURE                              # before: no attrs, no word
    assert t.attrs["unknown_windows"] == {"tickets": {}, "baseline_tickets": {}}
    d = tmp_path / "ws"
    d.mkdir()
    (d / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\nkind = "power_hall"\n',
                                       encoding="utf-8")
    (d / "queue_tickets.csv").write_text("ticket_id,window_id,ticket_at,called_at\n"
                                         "A1,HX99,2025-04-08 09:00,2025-04-08 09:05\n", encoding="utf-8")
    r = run_cli("waiting", "--year", "2025", "--data", str(d), cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    line = next(x for x in r.stdout.splitlines() if x.startswith("工作区中没有窗口适用"))
    assert " / no window of the workspace is subject to a waiting measure" in line and "queue_tickets" in line
