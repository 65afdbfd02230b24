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
