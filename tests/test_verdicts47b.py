"""verdicts47b: what verdicts47 noticed and left.

* A checklist row with missing evidence (its result blank) says so and why, with the fix, in ``reason``: before, the
  reason was empty and the message only the generic 检查项不合格 / checklist item failed after 缺少证据.
* A queue ticket with no window is never dropped in silence: the export is refused by cell (file, row, column, the
  fix) by ``records check``, ``score`` and ``waiting`` alike, as every kind with a required ``window_id`` is; a frame
  handed to the engine unread is counted among the records no measure took (``unscored``: window).
"""
import pandas as pd
import pytest

from windoweval.records import contracts, validate
from windoweval.records.workspace import Workspace
from windoweval.scoring import score

POWER = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]
HOSPITAL = [{"id": "HBIL", "name": "挂号收费室", "kind": "hospital_billing"}]


def _empty():
    return {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}


@pytest.mark.parametrize("measure,item", [("power_window.10.1.1", "open_all_week"),          # makeup_days: skip
                                          ("power_window.8.5", "self_service_terminal")])    # the codes' path
def test_a_checklist_row_missing_evidence_says_so_and_why(measure, item):
    ws = Workspace.from_dict({"name": "x", "windows": POWER})
    visits = pd.DataFrame({"visit_id": ["V1", "V2"], "window_id": "PW01", "method": "inspection", "item": item,
                           "visited_at": pd.to_datetime(["2025-05-11 10:00", "2025-05-13 10:00"]),
                           "result": ["pass", None]})
    card = score("power_window", 2025, workspace=ws, records={**_empty(), "inspections": visits})
    r = card.results.set_index("measure").loc[measure]
    assert (int(r["met"]), int(r["missing_evidence"]), r["verdict"]) == (1, 1, "insufficient")   # never a pass
    lack = card.missing_evidence(measure)
    assert lack["visit_id"].tolist() == ["V2"]
    why = lack["reason"].iloc[0]
    assert why.startswith("结果为空") and " / result blank" in why and item in why and "V2" in why
    assert "pass, fail or na" in why and "inspections.values.result" in why     # the fix
    assert lack["message"].iloc[0].startswith("缺少证据")


def test_a_queue_ticket_with_no_window_is_refused_by_cell_everywhere(tmp_path, capsys):
    from windoweval.cli import main

    (tmp_path / "windoweval.toml").write_text(
        'name = "x"\n[[windows]]\nid = "HBIL"\nname = "挂号收费室"\nkind = "hospital_billing"\n', encoding="utf-8")
    (tmp_path / "queue_tickets.csv").write_text(
        "票号流水号,窗口编号,取号时间,叫号时间\n"
        "Q1,HBIL,2025-04-08 09:00:00,2025-04-08 09:05:00\n"
        "Q2,,2025-04-08 09:01:00,2025-04-08 09:09:00\n", encoding="utf-8")
    for argv in (["records", "check"], ["score", "--standard", "hospital_commitments", "--year", "2025",
                                        "--out", str(tmp_path / "out")], ["waiting", "--year", "2025"]):
        assert main([*argv, "--data", str(tmp_path)]) == 3, argv
        got = capsys.readouterr()
        said = got.out + got.err
        assert "queue_tickets.csv" in said and "第 3 行 row 3" in said and "窗口编号 (window_id)" in said, argv
        assert "必填项为空" in said and "required value is empty" in said and "export again" in said, argv
        assert "Traceback" not in said


def test_a_ticket_with_no_window_handed_unread_is_counted_not_dropped():
    ws = Workspace.from_dict({"name": "x", "windows": HOSPITAL})
    t = pd.Timestamp("2025-04-08 09:00")
    tickets = pd.DataFrame({"ticket_id": ["1", "2", "3"], "window_id": ["HBIL", None, "HBIL"], "ticket_at": t,
                            "called_at": [t + pd.Timedelta(minutes=m) for m in (1, 2, 3)]})
    card = score("hospital_commitments", 2025, workspace=ws, records={**_empty(), "queue_tickets": tickets})
    u = card.unscored
    u = u[u["record_kind"] == "queue_tickets"]
    assert u[["reason", "column", "records"]].values.tolist() == [["window", "window_id", 1]]
    d = card.drilldown("hospital_commitments.billing.7#waiting", include_passed=True)
    assert d[["window_id", "tickets"]].values.tolist() == [["HBIL", 2]]


def test_the_waiting_command_names_the_never_called_option(capsys):
    """The waiting command says its never-called rule and how to read it the other way (never_called = "ignore")."""
    from windoweval.cli import main

    assert main(["waiting", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("未叫号的票"))
    assert 'never_called = "ignore"' in line.split(" / ", 1)[0] and 'never_called = "ignore" under' in line


def test_the_makeup_day_reading_of_no_weekly_closing_day_is_said_settable_and_set_through_the_engine():
    """Review of verdicts47 (2b901de6) against the standards' guide (a reading that is a choice is a documented option):
    10.1.1's checklist leaves out a pass found on a 调休 working Sunday (makeup_days: skip); the reading said so but not
    how to read it the other way.  It now names makeup_days = "count" under [params."power_window.10.1.1"], and that
    setting, through the real engine, counts the visit as a pass; a word it does not take is refused with its words."""
    from windoweval.catalog import load_catalog
    from windoweval.records.workspace import WorkspaceError

    reading = load_catalog().clause("power_window.10.1.1")["reading"]
    assert 'makeup_days = "count" under [params."power_window.10.1.1"]' in reading

    def verdict(**ws):
        w = Workspace.from_dict({"name": "x", "windows": POWER, **ws})
        visits = pd.DataFrame({"visit_id": ["V1"], "window_id": "PW01", "method": "mystery_shopper",
                               "item": "open_all_week", "visited_at": pd.to_datetime(["2025-09-28 10:00"]),
                               "result": ["pass"]})
        card = score("power_window", 2025, workspace=w, records={**_empty(), "inspections": visits})
        r = card.results.set_index("measure").loc["power_window.10.1.1"]
        return r["verdict"], int(r["n"])

    assert verdict()[0] != "pass" and verdict()[1] == 0
    assert verdict(params={"power_window.10.1.1": {"makeup_days": "count"}}) == ("pass", 1)
    with pytest.raises(WorkspaceError) as e:
        verdict(params={"power_window.10.1.1": {"makeup_days": "counted"}})
    assert '"count"' in str(e.value) and '"skip"' in str(e.value)
