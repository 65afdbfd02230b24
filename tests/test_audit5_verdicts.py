"""Verdicts one could sign (fifth audit): missing evidence kept apart from records a rule leaves out, and never a pass
on it; a count of working days through a year no source knows; readings of no duration; a window kind no standard
applies to refused on every path.

Each test states the case and the answer worked out from the standards' text and the reading guide; each failed on
the code before its fix.
"""
from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest
from _workspace import write_workspace

from windoweval.calendar import CalendarError, WorkCalendar
from windoweval.engine import evaluate
from windoweval.engine.plan import Item
from windoweval import kernels as K
from windoweval.kernels import KERNELS, callback_made, checklist
from windoweval.records import validate
from windoweval.records.workspace import Workspace, WorkspaceError
from windoweval.scoring import _results, score

HALL = {"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hall"}]}


def _row(card, measure):
    return card.results.set_index("measure").loc[measure]


def _hall(tmp_path, name, text):
    write_workspace(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")


def _flag_card(values, target=1.0, min_records=1):
    """One window, one ``flag`` measure: the scorecard row of ``values`` (True, False, None)."""
    ws = Workspace.from_dict({**HALL, "min_records": min_records})
    it = Item({"measure": "m", "records": "work_orders", "kernel": "flag", "target": target, "standard": "s",
               "clause_id": "m"}, ["PW01"], KERNELS["flag"], {"column": "ok"})
    df = pd.DataFrame({"window_id": "PW01", "ok": pd.array(values, dtype="boolean")})
    return _results([it], evaluate([it], records={"work_orders": df}), ws).iloc[0]


# -- 1. missing evidence: never a pass on it ---------------------------------------------------------------------

def test_a_pass_on_the_records_with_evidence_alone_is_insufficient_evidence():
    # nine records met, one without the value the measure needs, target 100 %: counted as missed it would fail,
    # so the nine do not make a pass (was: "pass" at rate 1.0 with not_assessed 1 beside it)
    r = _flag_card([True] * 9 + [None])
    assert (r["n"], r["met"], r["not_assessed"], r["missing_evidence"], r["rate"]) == (9, 9, 1, 1, 1.0)
    assert r["verdict"] == "insufficient"
    # a target met even with the missing record counted as missed (9/10 >= 0.9): a pass one can sign
    assert _flag_card([True] * 9 + [None], target=0.9)["verdict"] == "pass"
    # a rate that misses the target on the evidence there is: a fail, whatever the missing record says
    assert _flag_card([True] * 7 + [False] * 2 + [None], target=0.9)["verdict"] == "fail"
    # no missing record: as before
    assert _flag_card([True] * 10)["verdict"] == "pass"


def test_a_checklist_item_not_applicable_is_left_out_by_rule_not_missing():
    # result "na" (the item does not apply at that window) is the rule's; a blank result is a gap in the evidence
    df = pd.DataFrame({"item": ["a", "a", "a"], "result": ["pass", "na", None]})
    m = checklist(df, ["a"])
    assert m.tolist() == [True, pd.NA, pd.NA] and K.excluded_of(m).tolist() == [False, True, False]


def test_a_callback_not_yet_owed_is_left_out_by_rule_not_missing():
    # a case not concluded (no reply, no resolution) owes no callback yet: left out by rule, not missing evidence
    t = lambda *v: pd.to_datetime(list(v))  # noqa: E731
    df = pd.DataFrame({"done": t("2025-05-01 10:00", None), "cb": t("2025-05-02 09:00", None),
                       "res": ["satisfied", None]})
    m = callback_made(df, "cb", "res", ["done"])
    assert m.tolist() == [True, pd.NA] and K.excluded_of(m).tolist() == [False, True]


INSPECTION = "visit_id,window_id,visited_at,method,item,result\n"


def test_checklist_scorecard_counts_not_applicable_apart_from_missing(tmp_path):
    rows = "".join(f"V{v},PW01,2025-0{v}-02 10:00,inspection,{item},{res}\n"
                   for v in range(1, 5) for item, res in (("vi_signage", "pass"), ("opening_hours_sign", "pass"),
                                                          ("barrier_free_access", "na")))
    _hall(tmp_path, "inspections.csv", INSPECTION + rows)
    r = _row(score("power_window", 2025, data=tmp_path), "power_window.8.1")
    assert (r["not_assessed"], r["missing_evidence"], r["verdict"]) == (4, 0, "pass")


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_voltage_in_band_with_a_reading_of_unknown_duration_is_insufficient(tmp_path, scheduler):
    # 电压合格率 by time, target 100 %: V1's hour in band, and a reading of V2 in band whose duration is not
    # recorded: its share of the time is unknown, and counted as out of band the rate would be under 100 %.  Was:
    # "pass" at 1.0 on V1 alone
    _hall(tmp_path, "voltage_readings.csv",
          "point_id,window_id,supply_type,nominal_v,measured_v,read_at,duration_min,system_state\n"
          "V1,PW01,single_phase_220v,220,230,2025-05-01 00:00,60,normal\n"
          "V2,PW01,single_phase_220v,220,221,2025-05-01 02:00,,normal\n")
    m = "power_window.6.1.1#lv220_single_phase"
    r = _row(score("power_window", 2025, data=tmp_path, scheduler=scheduler), m)
    assert (r["records"], r["n"], r["met"], r["missing_evidence"], r["rate"]) == (2, 1, 1, 1, 1.0)
    assert r["verdict"] == "insufficient"


# -- 3. a reading of no duration ---------------------------------------------------------------------------------

@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_voltage_readings_of_zero_duration_are_no_evidence_never_a_fail_at_no_rate(tmp_path, scheduler):
    # a reading that stands for 0 minutes gives no share of the time: the window had no evidence, and failed at
    # rate NaN (n = 1, weight 0).  Now it is not assessed (missing evidence) and the verdict is insufficient (it was
    # no_data until the seventeenth audit, which reads as "no record": a reading there is, without its duration)
    _hall(tmp_path, "voltage_readings.csv",
          "point_id,window_id,supply_type,nominal_v,measured_v,read_at,duration_min,system_state\n"
          "V1,PW01,single_phase_220v,220,230,2025-05-01 00:00,0,normal\n")
    m = "power_window.6.1.1#lv220_single_phase"
    r = _row(score("power_window", 2025, data=tmp_path, scheduler=scheduler), m)
    assert (r["n"], r["not_assessed"], r["missing_evidence"], r["verdict"]) == (0, 1, 1, "insufficient")
    # beside a reading of an hour in band: it passes no more (its share is unknown), and fails no less
    _hall(tmp_path, "voltage_readings.csv",
          "point_id,window_id,supply_type,nominal_v,measured_v,read_at,duration_min,system_state\n"
          "V1,PW01,single_phase_220v,220,230,2025-05-01 00:00,0,normal\n"
          "V1,PW01,single_phase_220v,220,230,2025-05-01 01:00,60,normal\n")
    r = _row(score("power_window", 2025, data=tmp_path, scheduler=scheduler), m)
    assert (r["n"], r["met"], r["rate"], r["verdict"]) == (1, 1, 1.0, "insufficient")


# -- 2. working days through a year no source knows --------------------------------------------------------------

def _skips_2027():
    days = pd.to_datetime(["2028-01-01", "2028-01-26", "2028-01-27", "2028-01-28", "2028-01-31", "2028-02-01",
                           "2028-02-02", "2028-04-04", "2028-05-01", "2028-05-02", "2028-05-28", "2028-10-01",
                           "2028-10-02", "2028-10-03"])
    cal = WorkCalendar(pd.DataFrame({"date": days, "kind": "holiday"}))
    assert 2027 not in cal.years and 2026 in cal.years and 2028 in cal.years
    return cal


def test_within_workdays_through_a_skipped_year_is_an_error_not_weekdays():
    # received 2026-12-29, closed 2028-01-04: the working days between run through 2027, which no source knows;
    # they were counted as plain weekdays (a silent verdict).  add_workdays already refused the same count
    cal = _skips_2027()
    with pytest.raises(CalendarError) as e:
        cal.within_workdays(["2026-12-29"], ["2028-01-04"], 5)
    assert e.value.dates == ["2027-01-01"]
    with pytest.raises(CalendarError):
        cal.workdays_between(["2026-12-29"], ["2028-01-04"])
    # inside the known years, and across the known years' own boundary: as before
    assert cal.within_workdays(["2026-12-01"], ["2026-12-08"], 5).tolist() == [True]
    assert cal.within_workdays(["2028-01-03"], ["2028-01-10"], 5).tolist() == [True]


def test_time_limit_in_working_days_through_a_skipped_year_is_an_error():
    from windoweval.kernels import time_limit

    df = pd.DataFrame({"r": pd.to_datetime(["2026-12-29 10:00"]), "d": pd.to_datetime(["2028-01-04 10:00"])})
    with pytest.raises(CalendarError):
        time_limit(df, "r", "d", 5, "working_days", calendar=_skips_2027())


# -- 4. a window kind no standard applies to, on every path ------------------------------------------------------

def test_score_in_a_notebook_refuses_a_kind_no_standard_applies_to():
    # score() without a year (a notebook, `windoweval score` without --year) scored the hall nowhere in silence
    ws = Workspace.from_dict({"name": "x", "windows": [{"id": "PW01", "name": "城东营业厅", "kind": "power_hal"}]})
    orders = validate(pd.DataFrame({"order_id": ["1"], "window_id": "PW01", "order_type": "fault_repair",
                                    "received_at": ["2025-06-01 18:00"], "arrived_at": ["2025-06-01 18:20"]}),
                      "work_orders", file="w.csv")
    with pytest.raises(WorkspaceError) as e:
        score("power_window", data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})
    assert e.value.exit_code == 3 and "power_hal" in str(e.value) and "power_hall" in str(e.value)


def test_score_command_without_a_year_refuses_a_kind_no_standard_applies_to(tmp_path, capsys):
    from windoweval.cli import main

    (tmp_path / "windoweval.toml").write_text('name = "x"\n[[windows]]\nid = "PW01"\nname = "城东营业厅"\n'
                                              'kind = "power_hal"\n', encoding="utf-8")
    code = main(["score", "--data", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 3 and "power_hal" in err and "Traceback" not in err


def test_scorecard_summary_says_insufficient_evidence_beside_the_verdicts():
    from windoweval.summaries import _counts, _verdict_line

    r = _flag_card([True] * 9 + [None]).to_frame().T
    line = _verdict_line(_counts(r))
    assert "insufficient evidence 1" in line and "records missing evidence 1" in line


# -- promises: kept in every occurrence assessed, with occurrences not assessable ----------------------------------

def test_a_promise_is_not_shown_kept_on_missing_evidence():
    # two occurrences at PW01: one kept, one without the time the promise needs (not assessable, not open).  The
    # fulfilment table said "pass" (1 of 1 assessed); counted as broken it would be 1 of 2: insufficient evidence
    from windoweval.promises import fulfilment

    occ = pd.DataFrame({"promise_id": ["pw_fault_repair_45min"] * 3, "window_id": ["PW01", "PW01", "PW02"],
                        "month": ["2025-01"] * 3, "passed": pd.array([True, None, True], dtype="boolean"),
                        "open": [False, False, False]})
    t = fulfilment(by=["window_id"], occ=occ)
    assert t[["window_id", "occurrences", "not_assessed", "verdict"]].values.tolist() == [
        ["PW01", 1, 1, "insufficient"], ["PW02", 1, 0, "pass"]]
    # open (not yet due) is not missing: kept so far
    t = fulfilment(by=["window_id"], occ=occ.assign(open=[False, True, False]))
    assert t["verdict"].tolist() == ["pass", "pass"]


# -- more of the kind: a queue still crowded, the windows open not logged ------------------------------------------

def test_a_crowded_queue_is_not_a_miss_when_the_log_does_not_say_how_many_windows_were_open():
    # 排队超过10人, 10分钟内分流: at 10:00 twelve waiting with 2 windows open, at 10:08 still twelve, the windows open
    # at 10:08 not logged (open_windows is an optional column).  Whether a window was opened is unknown: missing
    # evidence, not a miss (was: False, the window failed on a blank)
    from windoweval.kernels import diverted_within

    df = pd.DataFrame({"window_id": ["a"] * 2, "q": [12, 12], "n": [2, None],
                       "t": pd.to_datetime(["2025-01-02 10:00", "2025-01-02 10:08"])})
    # (10:08 itself has no later snapshot: <NA> as before)
    assert diverted_within(df, "q", "t", windows_open="n").tolist() == [pd.NA, pd.NA]
    # logged and not more: a miss, as before; logged and more: relieved
    assert diverted_within(df.assign(n=[2, 2]), "q", "t", windows_open="n").tolist() == [False, pd.NA]
    assert diverted_within(df.assign(n=[2, 3]), "q", "t", windows_open="n").tolist() == [True, pd.NA]
