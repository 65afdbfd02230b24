"""verdicts25: the drill-down of 标准2 附件2 (:func:`phrase_hits`) for a served-noun question.

急什么号？ / 您急什么手续？ asked politely (a noun a window serves, a question mark or 吗 / 呢 after it) is no violation and
the window passes, yet the drill-down that explains the verdict showed nothing for it: the sentence holding the
phrase's words was dropped, so a reader saw 急什么 matched nowhere and no reason the record passed.  It is now shown
as the polite question (礼貌用法 / polite) in its sentence; the rebuke (急什么号！) stays a violation and the unmarked
one (急什么号) stays to review."""
from __future__ import annotations

import pandas as pd
import pytest

from test_verdicts21_phrases import _phrases, _verdicts
from windoweval.kernels.text import phrase_hits


@pytest.mark.parametrize("text,status,sentence", [
    ("请问您急什么号？", "polite", "请问您急什么号？"),            # fails before: no hit shown
    ("员工：您好。员工：您急什么手续呀？请出示证件。", "polite", "您急什么手续呀？"),
    ("急什么单子吗", "polite", "急什么单子吗"),
    ("急什么号！", "violation", "急什么号！"),
    ("急什么号", "review", "急什么号"),
])
def test_a_served_noun_question_is_shown_as_polite(text, status, sentence):
    hits = phrase_hits(pd.Series([text]), _phrases("etiquette.annex2"))
    assert hits[["phrase", "status", "sentence"]].values.tolist() == [["急什么", status, sentence]]


def test_the_verdicts_are_unchanged():
    assert _verdicts("etiquette.annex2", ["请问您急什么号？", "急什么号！", "急什么号", "二〇二五年的号急什么！"]) == \
        ["pass", "fail", "review", "fail"]


def test_a_rebuke_beside_the_question_is_still_shown_as_one():
    hits = phrase_hits(pd.Series(["您急什么号？急什么！"]), _phrases("etiquette.annex2"))
    assert hits[["status", "sentence"]].values.tolist() == [["polite", "您急什么号？"], ["violation", "急什么！"]]
