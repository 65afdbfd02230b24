"""Reviewer rev22b on verdicts22: matching within one staff run split every dialogue at each customer's turn and
judged every run (a phrase's rules, its polite contexts and their regexes, over twice the rows or more): on 60,000
rows, half dialogues with two customer turns, the phrases took 2.1-3.4 s before the merge and 2.7-7.7 s after it
(paired, on a shared machine).  Only the texts holding some phrase's words (or a fragment's), marks dropped, can
hold a hit: the others are now neither split nor judged."""
from __future__ import annotations

import numpy as np
import pandas as pd

import windoweval.kernels.text as T


def test_texts_without_any_phrase_words_are_not_split_nor_judged(monkeypatch):
    """Fails on main: the 3 runs of the 2 dialogues without a forbidden word were judged."""
    seen = []
    real = T._judge_phrases

    def spy(norm, specs):
        seen.append(len(norm))
        return real(norm, specs)

    monkeypatch.setattr(T, "_judge_phrases", spy)
    t = pd.DataFrame({"text": ["员工:您好 客户:交电费 员工:请稍等", "员工:您好 客户:嗯 员工:急什么！", "员工:好的"]})
    m = T.phrases_forbidden(t, ["急什么", "你烦不烦"])
    assert m.tolist() == [True, False, True]
    assert sum(seen) == 2      # the one text holding 急什么: its two runs


def test_the_words_across_a_customer_turn_still_judged_per_run():
    t = pd.DataFrame({"text": ["员工:你烦 客户:什么 员工:不烦！", "员工:你烦 员工:不烦！", "员工:我这里不管 客户:啊"]})
    ph = ["你烦不烦", {"phrase": "我这里不管,你到XX部门去", "review": ["我这里不管"]}]
    m = T.phrases_forbidden(t, ph)
    assert m.tolist() == [True, False, pd.NA] and np.asarray(m.attrs["review"]).tolist() == [False, False, True]
