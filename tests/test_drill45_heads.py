"""The first rows kept for the people's CSV on a piece (issue 14, the score command's drill-down, session 45).

A promise measure's first rows are its promises' missed occurrences in order.  On one piece, once the earlier promises'
occurrences alone hold ``head_rows`` rows, none of a later promise's can be among the measure's first ``head_rows``:
no first rows are made for it on that piece, and a promise that starts before the ``head_rows``-th row gets its rows
up to it only (before: each promise of the piece up to ``head_rows`` rows of its own; at 10 M work orders five
promises of 10,000 rows each on the first pieces, none of them ever read).  The first rows given stay the
drill-down's.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.engine.missed_pass import Keep, KeptPass
from windoweval.exports import prepare_missed
from windoweval.scoring import score

HEAD = 7   # first rows kept per measure in these tests (HEAD_ROWS is 10,000: the demo's store has fewer missed rows)


def _promise_measure(card) -> str:
    res = card.results
    failed = res.loc[res["verdict"] == "fail", "measure"].unique()
    return [m for m in failed if m.startswith("power_window.5.2")][0]


@pytest.fixture
def judged(work_orders_store, monkeypatch):
    """The store scored in pieces of 2,000 rows (several promises missed on each), each piece's judged first rows."""
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 2_000)
    monkeypatch.setattr(Keep.__init__, "__defaults__", (None, None, HEAD))
    made = []   # per piece judged: [(key, rows put aside, first rows made or None)]
    real = KeptPass.judge

    def judge(self, piece, evs):
        got = real(self, piece, evs)
        made.append([(key, len(f), None if head is None else len(head)) for key, f, head in got if key[1] >= 0])
        return got

    monkeypatch.setattr(KeptPass, "judge", judge)
    card = score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    yield card, made
    card.release()


def test_no_first_rows_past_the_measures_first_rows_on_a_piece(judged):
    card, made = judged
    m = _promise_measure(card)
    checked = 0
    for piece in made:
        before = 0   # this piece's missed occurrences of the earlier promises
        for (measure, entry), rows, head in sorted(k for k in piece if k[0][0] == m):
            if head is not None:
                assert before < HEAD, (m, entry, before, head)
                assert head <= min(rows, HEAD - before), (m, entry, before, rows, head)
            before += rows
            checked += before >= HEAD
    assert checked, "no piece had promises after the measure's first rows: the test shows nothing"


def test_the_first_rows_given_are_the_drilldowns(judged):
    card, _ = judged
    res = card.results
    for m in res.loc[res["verdict"] == "fail", "measure"].unique():
        (_, src), = card.missed_pieces([m], prepare=prepare_missed)
        for n in (1, 3, HEAD):
            pd.testing.assert_frame_equal(src.head(n).reset_index(drop=True),
                                          card.drilldown(m).head(n).reset_index(drop=True), obj=f"{m} {n}")
