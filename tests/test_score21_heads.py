"""The first rows kept for the people's CSV while scoring (``score(keep_missed=...)``, session 21).

A measure's first rows are its keys' rows in order: a promise measure's missed occurrences promise after promise.
Once the keys up to one promise hold ``head_rows`` rows put aside, no later promise's rows can be among the first
``head_rows``: their first rows are neither made on the judging threads nor kept (before, each promise kept up to
``head_rows`` rows of its own, made on every piece until then: ~22 of the 50 first-row drill-downs of the pass at
10 million work orders).  The first rows given are the drill-down's, as before.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.engine.missed_pass import Keep, KeptPass
from windoweval.exports import prepare_missed
from windoweval.scoring import score

HEAD = 7   # first rows kept per key in these tests (HEAD_ROWS is 10,000: the demo's store has fewer missed rows)


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


@pytest.fixture
def card(store, monkeypatch):
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)   # many pieces (each judged once)
    monkeypatch.setattr(Keep.__init__, "__defaults__", (None, None, HEAD))
    got = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    yield got
    got.release()


def _promise(card):
    res = card.results
    failed = res.loc[res["verdict"] == "fail", "measure"].unique()
    return [m for m in failed if m.startswith("power_window.5.2")][0], failed


def _head_rows(kept, m) -> dict:
    return {k: sum(len(h) for h in kept.heads.get(k, [])) for k in kept._keys(m)}


def test_fewer_first_rows_are_kept_for_the_later_promises(card, store, monkeypatch):
    m, _ = _promise(card)
    kept = card._masks[m][0].kept
    assert isinstance(kept, KeptPass)
    got = _head_rows(kept, m)
    assert len(got) > 1
    # the cut switched off: every promise keeps up to HEAD first rows of its own (the code before)
    from windoweval.engine.missed_pass import SharedPass

    monkeypatch.setattr(SharedPass, "_cut_heads", lambda self, measures: None, raising=False)
    other = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    try:
        every = _head_rows(other._masks[m][0].kept, m)
    finally:
        other.release()
    assert list(every) == list(got)
    assert sum(got.values()) < sum(every.values()), (got, every)
    # each key's first rows, as before, until the keys before it held HEAD rows put aside: never more
    assert all(got[k] <= every[k] for k in got)
    assert got[next(iter(got))] == every[next(iter(got))] > 0


def test_fewer_first_rows_are_made_on_the_judging_threads(store, monkeypatch):
    """The later promises' first rows are not made on the pieces judged once the cut is known (before: made on
    every piece until each promise alone held HEAD rows)."""
    from windoweval.engine.missed_pass import SharedPass

    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 300)
    monkeypatch.setattr(Keep.__init__, "__defaults__", (None, None, HEAD))
    made = []
    real = KeptPass.judge

    def judge(self, piece, evs):
        got = real(self, piece, evs)
        made.extend(key for key, _, head in got if head is not None and key[0].startswith("power_window.5.2"))
        return got

    monkeypatch.setattr(KeptPass, "judge", judge)
    runs = []
    for cut in (True, False):
        if not cut:   # the code before: no cut
            monkeypatch.setattr(SharedPass, "_cut_heads", lambda self, measures: None, raising=False)
        made.clear()
        card = score("power_window", 2025, data=store, keep_missed=prepare_missed)
        card.release()
        runs.append(len(made))
    assert runs[0] < runs[1], runs


def test_the_first_rows_given_are_the_drilldowns(card):
    _, failed = _promise(card)
    for m in failed:
        (_, src), = card.missed_pieces([m], prepare=prepare_missed)
        for n in (1, HEAD):
            head = src.head(n)
            want = card.drilldown(m).head(n)
            pd.testing.assert_frame_equal(head.reset_index(drop=True), want.reset_index(drop=True), obj=f"{m} {n}")
