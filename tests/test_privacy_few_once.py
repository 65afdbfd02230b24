"""A few texts (a table's column, a figure's labels) are masked each distinct text once, with the same result as
masking every text on its own."""
from __future__ import annotations

import pandas as pd

from windoweval import privacy

TEXTS = ["姓名:张三,手机+86 13912345678", "城东营业厅", None, "(0571)88886666 找李女士", "城东营业厅",
         "电话１３９１２３４５６７８", "姓名:张三,手机+86 13912345678", "电话１３９１２３４５６７８", "PW01", "PW01"]


def test_the_same_as_each_text_alone():
    got = privacy.mask_text(pd.Series(TEXTS * 3)).tolist()
    alone = [privacy.mask_text(pd.Series([t], dtype="string")).iloc[0] for t in TEXTS * 3]
    assert [None if x is pd.NA else x for x in got] == [None if x is pd.NA else x for x in alone]
    assert got[0] == "姓名:某某,手机[手机号]" and got[2] is pd.NA


def test_each_distinct_text_masked_once(monkeypatch):
    calls = []

    class Counting:
        def __init__(self, pat):
            self.pat = pat

        def search(self, text):   # each rule looks at a text once (session 24: searched, then subbed where found)
            calls.append(text)
            return self.pat.search(text)

        def sub(self, repl, text):
            return self.pat.sub(repl, text)

        def finditer(self, text):
            calls.append(text)
            return self.pat.finditer(text)

    real = privacy._compiled
    monkeypatch.setattr(privacy, "_compiled", lambda p: Counting(real(p)))
    privacy._FEW_SEEN.clear()
    privacy.mask_text(pd.Series(["城东营业厅"] * 50 + ["电话１３９１２３４５６７８"] * 50))
    rules = len(privacy._rules("records"))
    assert len(calls) == 2 * rules          # before: 100 texts x every rule


def test_a_later_call_reuses_what_the_same_rules_masked(monkeypatch):
    calls = []
    real = privacy._compiled

    class Counting:
        def __init__(self, pat):
            self.pat = pat

        def search(self, text):
            calls.append(text)
            return self.pat.search(text)

        def sub(self, repl, text):
            calls.append(text)
            return self.pat.sub(repl, text)

    monkeypatch.setattr(privacy, "_compiled", lambda p: Counting(real(p)))
    privacy._FEW_SEEN.clear()
    first = privacy.mask_text(pd.Series(["客户张三先生来电", "城西营业厅"])).tolist()
    n = len(calls)
    assert privacy.mask_text(pd.Series(["城西营业厅", "客户张三先生来电"])).tolist() == first[::-1]
    assert len(calls) == n                  # nothing masked again


def test_changed_rules_are_not_answered_from_before(monkeypatch):
    privacy._FEW_SEEN.clear()
    assert privacy.mask_text(pd.Series(["编号 ABC"])).tolist() == ["编号 ABC"]
    monkeypatch.setattr(privacy, "RULES", [*privacy.RULES, ("abc", "number", "ABC", "{}", ("records",))])
    assert privacy.mask_text(pd.Series(["编号 ABC"])).tolist() != ["编号 ABC"]


def test_long_texts_are_not_kept():
    privacy._FEW_SEEN.clear()
    privacy.mask_text(pd.Series(["甲" * (privacy._FEW_SEEN_LONGEST + 1), "乙"]))
    assert all(len(t) <= privacy._FEW_SEEN_LONGEST for seen in privacy._FEW_SEEN.values() for t in seen)
