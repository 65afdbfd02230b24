"""Session 19 (left19v): verdicts on no evidence, what a scorecard's counts count, the parameter a message names,
and the excused records in the drill-down."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records import contracts, validate
from windoweval.scoring import score

from tests._workspace import POWER, workspace


def _empty():
    return {k: validate(pd.DataFrame({n: pd.Series(dtype="string") for n in c.columns}), k, file="t")
            for k, c in contracts().items()}


def _recs(kind, rows):
    c = contracts()[kind]
    full = [{**c.example, **{k: f"{c.example[k]}-{i}" for k in c.key if c.columns[k]["type"] == "string"}, **r}
            for i, r in enumerate(rows)]
    df = pd.DataFrame(full)
    return validate(df.astype(object).where(df.notna(), None), kind, file=f"{kind}.csv")


def _cell(card, measure, window):
    r = card.results
    return r[(r["measure"] == measure) & (r["window_id"] == window)].iloc[0]


# -- 1. no record in the population: insufficient evidence, never a fail on nothing ---------------------------

def test_count_at_least_without_records_is_insufficient_not_fail():
    """每年至少召开三次以上的客户座谈会: PW01 recorded three (pass), PW02 two (fail: the records show fewer), PW03
    none at all (insufficient evidence: nothing recorded is not shown to be nothing held)."""
    acts = _recs("activities", [
        {"activity_id": f"A{i}", "window_id": w, "kind": "customer_symposium", "held_on": d}
        for i, (w, d) in enumerate([("PW01", "2025-03-01"), ("PW01", "2025-06-01"), ("PW01", "2025-09-01"),
                                    ("PW02", "2025-03-01"), ("PW02", "2025-06-01")])])
    card = score("power_window", 2025, workspace=workspace(POWER), records={**_empty(), "activities": acts})
    got = [_cell(card, "power_window.12.2#symposiums", w)["verdict"] for w in ("PW01", "PW02", "PW03")]
    assert got == ["pass", "fail", "insufficient"]
    r = _cell(card, "power_window.12.2#symposiums", "PW03")
    assert (int(r["n"]), int(r["met"]), int(r["missing_evidence"])) == (0, 0, 1)


def test_roster_without_anyone_in_the_year_is_insufficient_not_fail():
    """至少有一位工作人员能用英语会话: a roster with people, none speaking English, fails; a window with nobody on the
    roster in the year says nothing of who served there (insufficient)."""
    roster = _recs("staff_roster", [
        {"staff_id": "S1", "window_id": "PW01", "english": True},
        {"staff_id": "S2", "window_id": "PW02", "english": False},
        {"staff_id": "S3", "window_id": "PW03", "english": True, "active_to": "2024-12-31"}])
    card = score("power_window", 2025, workspace=workspace(POWER), records={**_empty(), "staff_roster": roster})
    got = [_cell(card, "power_window.7.4#english", w)["verdict"] for w in ("PW01", "PW02", "PW03")]
    assert got == ["pass", "fail", "insufficient"]


def test_bill_history_of_23_months_fails_and_none_recorded_is_insufficient():
    """24个月的电费账单: a register entry of 23 months is evidence of too short a history (fail), not an empty
    population; a window with no entry at all is insufficient."""
    offers = _recs("service_offerings", [
        {"window_id": "PW01", "year": 2025, "kind": "bill_history_query", "name": "账单", "quantity": 24},
        {"window_id": "PW02", "year": 2025, "kind": "bill_history_query", "name": "账单", "quantity": 23}])
    card = score("power_window", 2025, workspace=workspace(POWER), records={**_empty(), "service_offerings": offers})
    got = [_cell(card, "power_window.10.3.1#bill_history", w)["verdict"] for w in ("PW01", "PW02", "PW03")]
    assert got == ["pass", "fail", "insufficient"]


# -- 3. the message names the parameter the measure takes ------------------------------------------------------

def _refusal(measure, name, value):
    from windoweval.catalog import load_catalog
    from windoweval.records.workspace import WorkspaceError
    from windoweval.scoring import plan_measures

    ws = workspace((("HLAB", "检验科", "hospital_lab"), ("HPHA", "药房", "hospital_pharmacy"),
                    ("HRAD", "放射科", "hospital_radiology")))
    ws.params[measure] = {name: value}
    with pytest.raises(WorkspaceError) as e:
        plan_measures(["hospital_commitments"], ws, load_catalog(), 2025)
    return str(e.value)


def test_extended_minutes_on_a_clause_without_special_cases_names_extended_minutes():
    """代煎 (hospital_commitments.pharmacy.9, a cut-off) names no special circumstances: extended_minutes there is
    refused, and the refusal names extended_minutes (it said extended_limit, a parameter the measure does not take)."""
    msg = _refusal("hospital_commitments.pharmacy.9", "extended_minutes", 30)
    assert "extended_minutes" in msg and "extended_limit" not in msg, msg
    assert "适当延长" in msg and "/" in msg


def test_negative_extended_minutes_is_refused_as_minutes_added():
    """extended_minutes is the minutes added to the cut-off's due time (never fewer than 0): the refusal says so and
    names extended_minutes, not 'a limit shorter than the standard's 0'."""
    msg = _refusal("hospital_commitments.lab.5#biochem_immuno", "extended_minutes", -10)
    assert "extended_minutes = -10" in msg and "extended_limit" not in msg, msg
    assert "0" in msg and "不短于标准的 0" not in msg, msg


def test_the_other_extension_parameter_is_named_as_the_fix():
    """A workspace that writes extended_limit for the laboratory's cut-off (whose parameter is extended_minutes),
    or extended_minutes for a time limit (extended_limit), is told which one this measure takes."""
    msg = _refusal("hospital_commitments.lab.5#biochem_immuno", "extended_limit", 60)
    assert "适当延长参数为 extended_minutes" in msg and "parameter for 适当延长 is extended_minutes" in msg, msg
    msg = _refusal("hospital_commitments.lab.5#routine", "extended_minutes", 60)
    assert "适当延长参数为 extended_limit" in msg and "parameter for 适当延长 is extended_limit" in msg, msg
