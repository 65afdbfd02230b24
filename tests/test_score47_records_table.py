"""The time limits' missed rows of a piece made as one Arrow table of their own, straight from the piece's columns
(score47, issue 14: ``engine.missed_pass._records_arrow``): no frame, Series or text plan per measure and piece.  The
rows put aside are still each measure's drill-down (values, dtypes, order), the first rows as before, and a piece whose
text must be scanned (a column not claimed plain) is made as before, with the other keys."""
from __future__ import annotations

import pandas as pd
import pytest

import windoweval.engine.missed_pass as mp
from _corpus import assert_kept_are_drilldowns, failed_measures, score_counting_drilldowns


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def _counted(monkeypatch):
    """Counts of ``_records_arrow``'s answers (made, or None: made with the other keys)."""
    seen = {"made": 0, "none": 0}
    real = mp._records_arrow

    def spy(*a, **k):
        got = real(*a, **k)
        missed_at = a[5]
        if missed_at:   # a piece with missed rows of a time limit (none: nothing to make)
            seen["made" if got is not None else "none"] += 1
        return got
    monkeypatch.setattr(mp, "_records_arrow", spy)
    return seen


def _entries(kp, level: str) -> list:
    """What the keys of ``level`` measures were put aside as: ``(file or a repeat's template, lo, hi, schema, ...)``."""
    return [entry for key, entries in kp.files.items() if kp.items[key[0]].kernel.level == level
            for entry in entries if isinstance(entry, tuple)]


def test_the_time_limits_rows_are_a_table_of_their_own(store, monkeypatch):
    """Before: a piece's rows of every key (time limits and promises) were one table, one file a piece."""
    seen = _counted(monkeypatch)
    card, kp, _ = score_counting_drilldowns(store, monkeypatch, "record")
    try:
        assert seen["made"] > 0 and seen["none"] == 0, seen
        records, units = _entries(kp, "record"), _entries(kp, "unit")
        # the columns only the promise measure's rows have (its promise, its unit's keys)
        only_units = {n for e in units for n in e[3].names} - {n for e in records for n in e[3].names}
        assert records and units and only_units
        for path in {e[0] for e in records}:
            assert not set(mp._read_ipc(path).column_names) & only_units, path
        assert_kept_are_drilldowns(card, kp, arrow=True)
        assert_kept_are_drilldowns(card, kp, arrow=False)
    finally:
        kp.cleanup()


def test_the_first_rows_and_the_repeats_are_as_before(store, monkeypatch):
    """The same first rows (the people's CSV) and the same repeats of a time limit's rows by the promise measure,
    with the table made so and without it."""
    seen = _counted(monkeypatch)
    card, kp, _ = score_counting_drilldowns(store, monkeypatch, "record")
    monkeypatch.setattr(mp, "_records_arrow", lambda *a, **k: None)   # every key made together, as before
    card2, kp2, _ = score_counting_drilldowns(store, monkeypatch, "record")
    try:
        assert seen["made"] > 0
        for m in failed_measures(card):
            if m not in kp.items:
                continue
            a, b = kp.first(m, 10_000), kp2.first(m, 10_000)
            pd.testing.assert_frame_equal(pd.concat(a, ignore_index=True), pd.concat(b, ignore_index=True), obj=m)
            reps = [(t.rows, t.of_measure, t.of_row, t.copied) for t in kp.tables(m, refs=set(kp.items))
                    if hasattr(t, "of_measure")]
            reps2 = [(t.rows, t.of_measure, t.of_row, t.copied) for t in kp2.tables(m, refs=set(kp2.items))
                     if hasattr(t, "of_measure")]
            assert reps == reps2, m
        assert any(kp.items[m].kernel.level == "unit" for m in kp.items)
    finally:
        kp.cleanup()
        kp2.cleanup()


def test_a_text_column_not_claimed_plain_is_made_with_the_other_keys(store, monkeypatch):
    """A store without the plain-text claims (its text then scanned): the time limits' rows are made as before, and
    are still the drill-downs."""
    seen = _counted(monkeypatch)
    real = mp.KeptPass.__init__

    def unclaimed(self, keep, items, again, plain=frozenset()):
        real(self, keep, items, again, frozenset())
    monkeypatch.setattr(mp.KeptPass, "__init__", unclaimed)
    card, kp, _ = score_counting_drilldowns(store, monkeypatch, "record")
    try:
        assert seen["made"] == 0 and seen["none"] > 0, seen
        assert_kept_are_drilldowns(card, kp, arrow=True)
    finally:
        kp.cleanup()
