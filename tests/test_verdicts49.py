"""verdicts49: the organisation's own parameters (``[params."…"]``) are a floor's: stricter only, for every kind of
measure whose number is the standard's own words.

Before, only ``limit``, ``days`` and ``max`` were checked; a looser ``min`` (12.2's 每年至少召开三次 set to 1: one
symposium a year passed), a wider voltage band (第六条(一) ±7% set to ±20%), fewer minutes of 提前10分钟 (标准5 一、1),
a shorter 24 months of bills (不少于24个月) or a longer queue before relief (标准4 排队超过10人 set to 20) were taken in
silence by ``score`` and ``records check``.  A number that is our reading of a word without one (左右's tolerance,
及时's minutes, 10.1.2's abandoned_limit) stays the organisation's to read, as the clauses' readings say.
"""
from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest

import windoweval as we
from windoweval.catalog import load_catalog
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.scoring import check_params, plan_measures

from _workspace import records_of, workspace

WINS = [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"},
        {"id": "SH01", "name": "政务服务大厅", "kind": "service_hall"},
        {"id": "HPHA", "name": "门诊药房", "kind": "hospital_pharmacy"}]

# (measure, parameter, the standard's value, looser, stricter): one measure of each kind of rule with such a number
LOOSER = [
    ("power_window.12.2#symposiums", "min", 3, 1, 4),                 # count_at_least: 每年至少召开三次
    ("power_window.10.3.1#bill_history", "value_min", 24, 12, 36),    # count_at_least: 不少于24个月
    ("window_staff.1.1", "min", 10, 5, 15),                           # lead_time: 提前10分钟上班
    ("power_window.10.2.10", "min", 7, 3, 10),                        # lead_time: 提前7天公告
    ("power_window.6.1.2", "high", 0.1, 0.2, 0.07),                   # band: ±10%
    ("power_window.6.1.2", "low", -0.1, -0.2, -0.07),
    ("power_window.6.1.1#kv35_plus", "max_span", 0.1, 0.15, 0.08),    # band_span: 正、负偏差绝对值之和不超过10%
    ("hospital_departments.pharmacy_window.8", "max_queue", 10, 20, 8),  # diverted_within: 排队超过10人
    ("power_window.10.2.5", "limit", None, None, None),               # time_limit: refused before too (readings47)
]


def _standard(mid, name):
    return next(m for m in load_catalog().measures() if m["measure"] == mid)["params"][name]


@pytest.mark.parametrize("mid,name,standard,looser,stricter", LOOSER)
def test_a_looser_number_than_the_standards_is_refused_a_stricter_one_applied(mid, name, standard, looser, stricter):
    standard = _standard(mid, name) if standard is None else standard
    looser = standard * 2 if looser is None else looser
    stricter = standard / 2 if stricter is None else stricter
    assert _standard(mid, name) == standard
    ws = Workspace.from_dict({"windows": WINS, "params": {mid: {name: looser}}})
    # before (all but limit): accepted in silence by records check and applied by score
    with pytest.raises(WorkspaceError) as e:
        check_params(ws)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "\n" not in msg
    assert f'[params."{mid}"] {name} = {looser}' in msg and f"标准为 {standard}" in msg
    assert "组织只能定得更严" in msg and "may only set a stricter" in msg and "delete the line" in msg
    assert msg.index("组织只能") < msg.index(" / ") < msg.index("an organisation")   # 中文 / English, one line
    with pytest.raises(WorkspaceError, match="组织只能定得更严"):
        plan_measures(mid.split(".")[0], ws, load_catalog(), 2025)
    ws = Workspace.from_dict({"windows": WINS, "params": {mid: {name: stricter}}})
    check_params(ws)
    it = next(i for i in plan_measures(mid.split(".")[0], ws, load_catalog(), 2025) if i.measure == mid)
    assert it.params[name] == stricter


def test_a_readings_number_stays_the_organisations_to_set_either_way():
    """左右 (radiology 5's inpatients, 5点左右: 30 minutes read) and 10.1.2's 12 s (10.2.6's figure) are readings."""
    for mid, name, v in (("hospital_commitments.radiology.5#inpatient", "tolerance_minutes", 60),
                         ("power_window.10.1.2#calls", "abandoned_limit", 20)):
        wins = WINS + [{"id": "HRAD", "name": "放射科", "kind": "hospital_radiology"},
                       {"id": "CC01", "name": "95598", "kind": "call_centre"}]
        check_params(Workspace.from_dict({"windows": wins, "params": {mid: {name: v}}}))


def test_a_stricter_lead_time_decides_at_its_own_boundary():
    """标准5 一、1 提前10分钟上班, the organisation's 15: a clock-in exactly 15 minutes before the shift met (the limit
    itself, 提前…分钟 is at least), one second later missed; with the standard's 10 both meet."""
    rows = [{"window_id": "SH01", "staff_id": "S1", "shift_start": "2025-09-28 08:30:00",
             "arrived_at": "2025-09-28 08:15:00"},
            {"window_id": "SH01", "staff_id": "S2", "shift_start": "2025-09-28 08:30:00",
             "arrived_at": "2025-09-28 08:15:01"}]
    mid = "window_staff.1.1"
    for params, met in (({}, 2), ({mid: {"min": 15}}, 1)):
        ws = workspace((("SH01", "政务服务大厅", "service_hall"),), params=params)
        card = we.score("window_staff", 2025, data=tempfile.mkdtemp(), workspace=ws,
                        records={"attendance": records_of("attendance", rows)})
        r = card.results.set_index(["measure", "window_id"]).loc[(mid, "SH01")]
        assert (int(r["n"]), int(r["met"])) == (2, met)
        assert r["verdict"] == ("pass" if met == 2 else "fail")


# ---- every row counted: in some measure's population, in the unscored table with why, or another year's -----------
_HOSP = (("HPHA", "门诊药房", "hospital_pharmacy"), ("HLAB", "检验科", "hospital_lab"),
         ("HBIL", "挂号收费", "hospital_billing"), ("HRAD", "放射科", "hospital_radiology"))
_HALL = (("SH01", "政务服务大厅", "service_hall"), ("PW01", "城东营业厅", "power_hall"))

ACCOUNTING = [
    ("hospital_commitments", _HOSP, "hospital_events", [
        {"window_id": "HLAB", "event_type": "lab_routine", "started_at": "2025-12-31 23:45:00",
         "finished_at": "2026-01-01 00:15:00"},
        {"window_id": "HRAD", "event_type": "radiology_exam", "patient_kind": None,   # no patient kind: no 5's
         "started_at": "2025-03-03 08:00:00", "finished_at": "2025-03-03 08:20:00"},
        {"window_id": "HLA9", "event_type": "lab_routine", "started_at": "2025-03-03 08:00:00",   # not in the workspace
         "finished_at": "2025-03-03 08:20:00"},
        {"window_id": "HLAB", "event_type": "lab_routine", "started_at": "2024-12-31 23:59:59",   # 2024's
         "finished_at": "2025-01-01 00:10:00"}]),
    ("hospital_commitments", _HOSP, "queue_tickets", [
        {"window_id": "HBIL", "ticket_at": "2025-01-28 23:58:00", "called_at": "2025-01-29 00:03:00"},
        {"window_id": "HBIL", "ticket_at": "2025-06-03 09:00:00", "called_at": None},
        {"window_id": "HBI9", "ticket_at": "2025-06-03 09:00:00", "called_at": "2025-06-03 09:10:00"},
        {"window_id": "HLAB", "ticket_at": "2025-06-03 09:00:00", "called_at": "2025-06-03 09:10:00"},  # no waiting measure
        {"window_id": "HBIL", "ticket_at": "2026-01-01 00:00:00", "called_at": "2026-01-01 00:05:00"}]),
    ("hospital_departments", _HOSP, "queue_snapshots", [
        {"window_id": "HPHA", "observed_at": "2025-03-03 08:00:00", "queue_length": 12, "open_windows": 2},
        {"window_id": "HPHA", "observed_at": "2025-03-03 08:05:00", "queue_length": 3, "open_windows": 2},
        {"window_id": "HPH9", "observed_at": "2025-03-03 08:00:00", "queue_length": 12, "open_windows": 2},
        {"window_id": "HPHA", "observed_at": "2024-03-03 08:00:00", "queue_length": 12, "open_windows": 2}]),
    ("hospital_departments", _HOSP, "attendance", [
        {"window_id": "HPHA", "staff_id": "A", "shift_start": "2025-01-29 08:00:00", "arrived_at": None},
        {"window_id": "HPH9", "staff_id": "B", "shift_start": "2025-03-03 08:00:00", "arrived_at": "2025-03-03 07:45:00"},
        {"window_id": "HPHA", "staff_id": "C", "shift_start": "2026-01-01 00:00:00", "arrived_at": "2025-12-31 23:50:00"}]),
    ("window_staff", _HALL, "counter_pauses", [
        {"window_id": "SH01", "paused_at": "2025-03-03 08:00:00", "covered_by": "S2", "reason": None},
        {"window_id": "SH09", "paused_at": "2025-03-03 08:00:00", "covered_by": None, "reason": None},
        {"window_id": "SH01", "paused_at": "2024-12-31 23:55:00", "resumed_at": "2025-01-01 00:05:00",
         "covered_by": None}]),
    ("window_staff", _HALL, "transcripts", [
        {"window_id": "SH01", "channel": "phone", "recorded_at": "2025-01-01 00:00:00", "text": "员工：您好"},
        {"window_id": "SH01", "channel": "counter", "recorded_at": "2025-10-01 10:00:00", "text": "员工：办什么"},
        {"window_id": "SH09", "channel": "counter", "recorded_at": "2025-10-01 10:00:00", "text": "员工：办什么"},
        {"window_id": "SH01", "channel": "counter", "recorded_at": "2026-01-01 00:00:00", "text": "员工：办什么"}]),
    ("window_staff", _HALL, "inspections", [
        {"visit_id": "V1", "window_id": "SH01", "item": "no_such_item", "result": "pass"},
        {"visit_id": "V2", "window_id": "SH09", "item": "no_such_item", "result": "pass"},
        {"visit_id": "V3", "window_id": "SH01", "item": "no_such_item", "result": "pass",
         "visited_at": "2024-06-01 10:00:00"}]),
]


@pytest.mark.parametrize("standard,wins,kind,rows", ACCOUNTING, ids=[f"{a[0]}:{a[2]}" for a in ACCOUNTING])
def test_every_row_read_is_in_a_population_unscored_with_why_or_another_years(standard, wins, kind, rows):
    """Nothing dropped in silence: of the rows read, each of the year is in some measure's population (judged, missing
    evidence, exempt or open) or in ``unscored`` with its reason (``window``: a window not in the workspace; ``value``: an
    item no measure takes), and each of another year is counted in ``other_year_counts``; the counts add up to the rows
    read.  A row some measure took and another left out for a blank column is said as ``blank_elsewhere``.  Pins (the
    code agreed): a row dropped would fail the sum, one of an unknown window said otherwise the last line."""
    from windoweval.engine import where_mask
    from windoweval.records.contract import contracts

    df = records_of(kind, rows)
    card = we.score(standard, 2025, data=tempfile.mkdtemp(), workspace=workspace(wins), records={kind: df})
    year = contracts()[kind].rows_of_year(df, 2025)
    others = sum(card.other_year_counts.get(kind, {}).values())
    assert len(year) + others == len(df) and others == len(df) - len(year)
    inpop = np.zeros(len(year), dtype=bool)
    for it in card._plan.values():
        if it.m["records"] == kind:
            inpop |= where_mask(year, it.m.get("where")) & year["window_id"].isin(it.wins).to_numpy()
    un = card.unscored[card.unscored["record_kind"] == kind]
    # blank_elsewhere: rows some measure took that a measure selecting on a blank column left out (said, counted once)
    told = un[un["reason"] == "blank_elsewhere"]
    un = un[un["reason"] != "blank_elsewhere"]
    assert int(inpop.sum()) + int(un["records"].sum()) == len(year)
    if kind == "hospital_events":   # the examination with no patient kind: in 1's 24 hours, out of 5's, and said so
        assert told.set_index("column")["records"].to_dict() == {"patient_kind": 1}
    known = {w for w, _, _ in wins}
    unknown = year.loc[~year["window_id"].isin(known), "window_id"].value_counts().to_dict()
    assert un.loc[un["reason"] == "window"].set_index("value")["records"].to_dict() == unknown


# ---- 挂号收费 7: a billing belongs to the year of its call to the window (its clock's start) ------------------------
_BILLING = pd.DataFrame([
    # called 23:58 on 31 December 2025, paid and receipted after midnight: 2025's, 5:00 met
    {"event_id": "B1", "window_id": "HBIL", "event_type": "billing", "called_at": "2025-12-31 23:58:00",
     "started_at": "2026-01-01 00:02:00", "finished_at": "2026-01-01 00:03:00"},
    # the same one second later: 2025's, missed
    {"event_id": "B2", "window_id": "HBIL", "event_type": "billing", "called_at": "2025-12-31 23:58:00",
     "started_at": "2026-01-01 00:02:00", "finished_at": "2026-01-01 00:03:01"},
    # called and paid on 1 January 2026: 2026's
    {"event_id": "B3", "window_id": "HBIL", "event_type": "billing", "called_at": "2026-01-01 08:00:00",
     "started_at": "2026-01-01 08:01:00", "finished_at": "2026-01-01 08:02:00"},
])


@pytest.mark.parametrize("which", ["files", "store"])
@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_a_billing_called_before_midnight_on_31_december_is_that_years_on_every_path(tmp_path, which, scheduler):
    """The reading guide: a case belongs to the year it was received; billing 7's 5 minutes run from the call to the
    window (called_at), so the call places it (the contract's period: called_at, else started_at).  Before, the
    payment's year did: B1 and B2 were 2026's, 2025's cell no_data and 2026's held them (3 records)."""
    from _workspace import write_workspace

    from windoweval.records.store import import_records

    wins = (("HBIL", "挂号收费", "hospital_billing"),)
    files = write_workspace(tmp_path / "files", wins)
    _BILLING.to_csv(files / "hospital_events.csv", index=False)
    data = files
    if which == "store":
        data = write_workspace(tmp_path / "store", wins)
        import_records("hospital_events", files / "hospital_events.csv", data)
    mid = "hospital_commitments.billing.7"
    got = {}
    for year in (2025, 2026):
        card = we.score("hospital_commitments", year, data=data, scheduler=scheduler)
        r = card.results.set_index(["measure", "window_id"]).loc[(mid, "HBIL")]
        got[year] = (int(r["records"]), int(r["n"]), int(r["met"]), r["verdict"])
    assert got == {2025: (2, 2, 1, "fail"), 2026: (1, 1, 1, "pass")}
