"""No file of a kind is no evidence, never a fail: a count or roster kernel must not judge records nobody delivered.

A data directory holding only work orders: the roster, activity and offering measures are ``no_data`` for every
window.  Deliver the roster with headers and no rows and the roster measures are judged: a window with nobody on
the delivered roster is 证据不足 (insufficient evidence: the roster says nothing of who serves there), told apart
from ``no_data`` (no roster delivered) and never a fail on nothing (session 19, left19v; a window whose staff are
on the roster and none has the skill still fails, ``tests/test_left19v_verdicts.py``).
"""
from __future__ import annotations

import shutil

import pytest

from windoweval.scoring import score

KEEP = ("windoweval.toml", "calendar.csv", "mapping.yaml", "work_orders.csv")


@pytest.fixture(scope="module")
def demo_dir():
    from windoweval.demo import ensure_demo

    return ensure_demo()


@pytest.fixture()
def only_orders(tmp_path, demo_dir):
    for f in KEEP:
        shutil.copy(demo_dir / f, tmp_path / f)
    return tmp_path


def _verdicts(card, measure):
    r = card.results
    return set(r.loc[r["measure"] == measure, "verdict"])


def test_a_kind_with_no_file_is_no_evidence_for_every_window(only_orders):
    card = score("power_window", year=2025, data=only_orders)
    for m in ("power_window.7.4#english", "power_window.7.4#sign_language", "power_window.12.2#symposiums",
              "power_window.13.2#customer_visits", "power_window.8.5#offerings"):
        assert _verdicts(card, m) == {"no_data"}, m
    # the records that were delivered are judged as before
    assert "fail" in _verdicts(card, "power_window.10.2.5") | _verdicts(card, "power_window.10.2.2#resident")


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_a_delivered_empty_roster_is_judged(only_orders, demo_dir, scheduler):
    head = (demo_dir / "staff_roster.csv").read_text(encoding="utf-8").splitlines()[0]
    (only_orders / "staff_roster.csv").write_text(head + "\n", encoding="utf-8")
    card = score("power_window", year=2025, data=only_orders, scheduler=scheduler)
    assert _verdicts(card, "power_window.7.4#english") == {"insufficient"}
    assert _verdicts(card, "power_window.12.2#symposiums") == {"no_data"}   # still no activities file


def test_the_drill_down_of_an_absent_kind_is_empty_and_typed(only_orders):
    card = score("power_window", year=2025, data=only_orders)
    for m in ("power_window.7.4#english", "power_window.10.2.6"):
        assert card.drilldown(m).empty
