"""[targets] and [weights] keyed as [params] sections are (session 47, the lead: readings47 left them).

Fails before: a misspelled measure under [targets] or [weights] was accepted in silence (the organisation's
stricter target or weight never used), and a key under a clause's old id (its alias) was never applied.
"""
from __future__ import annotations

import dataclasses
import tempfile

import pytest

from windoweval.demo import tiny_records
from windoweval.records.workspace import WorkspaceError
from windoweval.scoring import _own_entry, check_params, score


@pytest.mark.parametrize("table, key", [("targets", "power_window.10.2.55"), ("weights", "power_window.10.2.55"),
                                        ("weights", "nonsense")])
def test_a_key_naming_no_measure_is_refused_by_score_and_by_records_check(table, key):
    ws, orders = tiny_records()
    w2 = dataclasses.replace(ws, **{table: {key: 0.99 if table == "targets" else 3}})
    with pytest.raises(WorkspaceError) as e:
        score("power_window", 2025, data=tempfile.mkdtemp(), workspace=w2, records={"work_orders": orders})
    text = str(e.value)
    assert f'[{table}] "{key}"' in text and "目录中没有这一测量" in text and " / " in text and "\n" not in text
    if key.startswith("power_window"):
        assert "power_window.10.2.5" in text   # the nearest measure proposed
    with pytest.raises(WorkspaceError):
        check_params(w2)


def test_known_keys_still_apply():
    ws, orders = tiny_records()
    w2 = dataclasses.replace(ws, weights={"power_window.10.2.5": 3})
    card = score("power_window", 2025, data=tempfile.mkdtemp(), workspace=w2, records={"work_orders": orders})
    assert len(card.results)


def test_an_old_id_of_the_clause_keys_a_target_and_a_weight():
    m = {"measure": "s.2#calls", "clause_id": "s.2", "clause_aliases": ["s.1"]}
    ws, _ = tiny_records()
    assert _own_entry(m, ws, {"s.1": 0.99}, "targets", None) == ("s.1", 0.99)
    assert _own_entry(m, ws, {"s.1#calls": 2, "s.2": 5}, "weights", 1) == ("s.1#calls", 2)   # the measure's own first
    assert _own_entry(m, ws, {}, "weights", 1) == (None, 1)
    with pytest.raises(WorkspaceError, match=r'\[targets\] "s.2" 与 \[targets\] "s.1"'):
        _own_entry(m, ws, {"s.2": 0.99, "s.1": 0.98}, "targets", None)
