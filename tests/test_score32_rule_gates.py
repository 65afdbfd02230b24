"""Masking text by the rules (issue 14, the score command, session 32): a rule whose every match ends in a lookahead
for one of some words (``name_latin_before_cue``: a romanised name before 来电, 投诉 …) is not searched in a text that
holds none of them (a deadline, an id: four fifths of the rules' time there); the masked text is the same."""
from __future__ import annotations

import re
import re._constants as C
import re._parser as P

import pytest

from windoweval import privacy


def test_each_gated_rule_ends_in_a_lookahead_for_its_gate():
    assert privacy._RULE_GATES
    rules = [(n, p) for profile in ("records", "survey") for n, p, _r in privacy._rules(profile)]
    assert {n for n, _p in rules} >= set(privacy._RULE_GATES)
    for name, pattern in rules:   # each profile's own pattern of the rule
        if name not in privacy._RULE_GATES:
            continue
        gate = privacy._RULE_GATES[name]
        items = list(P.parse(pattern))
        # a sequence at the top, no alternative beside the lookahead: every match passes through it
        assert all(op is not C.BRANCH for op, _ in items), name
        op, (direction, sub) = items[-1]
        assert op is C.ASSERT and direction == 1, name
        assert repr(sub) == repr(P.parse(r"\s?" + gate)), name   # the gate's words, a space before them or not


class _Counted:
    """A compiled pattern whose searches are counted."""

    def __init__(self, pat, calls: list):
        self.pat, self.calls = pat, calls

    def search(self, t, *a):
        self.calls.append(t)
        return self.pat.search(t, *a)

    def __getattr__(self, name):
        return getattr(self.pat, name)


@pytest.fixture
def rule_searches(monkeypatch):
    """The texts the gated rules' own patterns are searched in (the masking's memory of texts emptied)."""
    gated = {p for n, p, _r in privacy._rules("records") if n in privacy._RULE_GATES}
    calls: list = []
    real = privacy._compiled

    def compiled(pattern):
        got = real(pattern)
        return _Counted(got, calls) if pattern in gated else got
    monkeypatch.setattr(privacy, "_compiled", compiled)
    monkeypatch.setattr(privacy, "_FEW_SEEN", {})
    return calls


TEXTS = ["2025-01-14 09:03:30", "2025-02-07", "WO301", "C919923", "Zhang San来电反映停电", "ZHANG Xiaoming投诉",
         "客户 Li Lei 致电 13812345678", "Zhang San 说明情况", "App Store投诉", "联系人：王先生 13912345678",
         "１３８１２３４５６７８ 来电", None, ""]


def test_a_text_without_its_words_is_not_searched_by_the_rule(rule_searches):
    dates = [f"2025-01-{d:02d} 0{h}:03:30" for d in range(1, 29) for h in range(10)]
    got = privacy._apply_rules(dates + ["Zhang San来电"], "records", remember=False)
    assert got[:-1] == dates and got[-1] != "Zhang San来电"
    # before: the romanised-name rule searched in each of the 280 dates
    assert rule_searches == ["Zhang San来电"]


def test_the_same_text_with_and_without_the_gates(monkeypatch):
    for profile in ("records", "survey"):
        for remember in (False, True):
            monkeypatch.setattr(privacy, "_FEW_SEEN", {})
            gated = privacy._apply_rules(TEXTS, profile, remember=remember)
            monkeypatch.setattr(privacy, "_RULE_GATES", {})
            monkeypatch.setattr(privacy, "_FEW_SEEN", {})
            plain = privacy._apply_rules(TEXTS, profile, remember=remember)
            monkeypatch.undo()
            assert gated == plain, profile
            assert gated[4] != TEXTS[4] and gated[5] != TEXTS[5], profile   # a name before its act still masked
            assert not any("13812345678" in t for t in gated if t), profile  # and no phone number is left
