"""Issue 14 (the report at its floor, thirteenth round): the report's complaint section reads and assesses the year's
cases once for its three breakdowns (the year, its months, its windows), not once per breakdown; each breakdown's
tables are those :func:`windoweval.complaints.complaint_summary` gives for it alone."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval import complaints, sections


def _counting(monkeypatch):
    calls = {"read": 0, "assess": 0, "open": 0, "repeats": 0}
    read, assess, still_open, repeats = (complaints.read_complaints, complaints.assess_cases, complaints.open_cases,
                                         complaints.repeat_complainants)

    def counted_read(*a, **kw):
        calls["read"] += 1
        return read(*a, **kw)

    def counted_assess(cases, *a, **kw):
        if "reply_status" not in cases.columns:       # an assessment, not a table handed assessed cases
            calls["assess"] += 1
        return assess(cases, *a, **kw)

    def counted_open(*a, **kw):
        calls["open"] += 1
        return still_open(*a, **kw)

    def counted_repeats(*a, **kw):
        calls["repeats"] += 1
        return repeats(*a, **kw)

    monkeypatch.setattr(complaints, "read_complaints", counted_read)
    monkeypatch.setattr(complaints, "assess_cases", counted_assess)
    monkeypatch.setattr(complaints, "open_cases", counted_open)
    monkeypatch.setattr(complaints, "repeat_complainants", counted_repeats)
    return calls


def test_the_section_assesses_the_cases_once(monkeypatch):
    calls = _counting(monkeypatch)
    got = sections.compute(2025, None, sections=("complaints",))["complaints"]
    assert got.meta["present"] and len(got["monthly"]) == 12
    assert calls == {"read": 1, "assess": 1, "open": 1, "repeats": 1}     # the old code: 3 of each


@pytest.mark.parametrize("bys", [[None, "month", "window_id"], ["channel", ["window_id", "category"]]])
def test_each_breakdown_is_the_summary_alone(bys):
    shared = complaints.complaint_summaries(2025, bys=bys)
    assert len(shared) == len(bys)
    for by, got in zip(bys, shared):
        alone = complaints.complaint_summary(2025, by=by)
        assert list(got) == list(alone)
        for name in alone:
            pd.testing.assert_frame_equal(got[name], alone[name], check_exact=True)
    # each summary has its own frames: changing one breakdown's open cases leaves the other's as they were
    before = shared[1]["open"].copy()
    shared[0]["open"]["case_id"] = "changed"
    pd.testing.assert_frame_equal(shared[1]["open"], before)
