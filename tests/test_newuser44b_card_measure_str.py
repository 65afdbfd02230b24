"""An analyst asks a scorecard for one measure's records as the README's drilldown is asked, with a string
(newuser44b): ``card.missing_evidence("power_window.10.2.5")``.  The string was read as its characters and refused as
"没有测量 p / no measure p"; one id given as a string is that measure, in missing_evidence, exempted, blank_columns and
missed_pieces alike, with the same rows as the list of it.
"""
from __future__ import annotations

import tempfile

import pytest

from windoweval.demo import tiny_records
from windoweval.scoring import score


@pytest.fixture(scope="module")
def card():
    ws, orders = tiny_records()   # one hall (PW01), two fault repairs: one on time, one late
    return score("power_window", 2025, data=tempfile.mkdtemp(), workspace=ws, records={"work_orders": orders})


@pytest.mark.parametrize("method", ["missing_evidence", "exempted", "blank_columns"])
def test_one_measure_as_a_string_is_that_measure(card, method):
    one = getattr(card, method)("power_window.10.2.5")
    assert one.equals(getattr(card, method)(["power_window.10.2.5"]))


def test_missed_pieces_of_one_measure_as_a_string(card):
    got = [(m, [len(p) for p in src.pieces()]) for m, src in card.missed_pieces("power_window.10.2.5")]
    assert got == [("power_window.10.2.5", [1])]
