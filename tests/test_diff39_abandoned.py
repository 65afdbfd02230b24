"""The 95598 abandonment share reported beside 第十条(二)6 (power_window.10.2.6#abandoned) call by call against the
independent reading of tests/diff39_reference.py: a call unanswered with a hang-up time is abandoned, an answered one
not, one with neither time unknown (missing evidence), never counted as not abandoned (which lowered the share)."""
from __future__ import annotations

import tempfile
from collections import Counter

import windoweval as we

import diff39_reference as ref
from test_diff37_reference import engine_verdicts
from test_diff39_reference import WINDOWS, _rows, all_records, validated, workspace

M = "power_window.10.2.6#abandoned"


def test_every_call_as_the_reference_reads_it():
    calls = all_records(2025)["calls_95598"]
    card = we.score("power_window", 2025, data=tempfile.mkdtemp(), workspace=workspace(WINDOWS),
                    records=validated({"calls_95598": calls}))
    got = engine_verdicts(card, M, "call_id", calls["call_id"])
    want = {r["call_id"]: ref.abandoned(r, 2025) or "out" for r in _rows(calls)}
    assert Counter(want.values())[ref.MISSING] > 5 and Counter(want.values())[ref.PASS] > 5
    bad = [(k, got[k], w) for k, w in want.items() if got[k] != w]
    assert not bad, bad[:10]
    res = card.results.set_index(["measure", "window_id"]).loc[M]
    for w in ("CC1", "CC2", "CC3"):
        mine = [v for r in _rows(calls) if r["window_id"] == w and (v := ref.abandoned(r, 2025))]
        assert (res.loc[w, "met"], res.loc[w, "n"], res.loc[w, "missing_evidence"]) == (
            mine.count(ref.PASS), mine.count(ref.PASS) + mine.count(ref.FAIL), mine.count(ref.MISSING)), w
