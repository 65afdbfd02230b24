"""Review rev21b of verdicts21 (forbidden phrases read from the clause): 附件2 3.不可能的。 split by a comma right
after its 不 (不，可能的。 "no, it is possible") is not the quoted words by rule: review, never a fail on nothing."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.kernels.text import phrase_hits

from test_verdicts21_phrases import _phrases, _verdicts   # the catalog's phrases, each text's verdict


@pytest.mark.parametrize("text,want", [
    ("不，可能的。", "review"),                 # "No, it is possible." - failed as 不可能的
    ("不不不，可能的！", "review"),
    ("这个嘛，不，可能的。", "review"),
    ("不,可能的", "review"),                    # half-width comma
    # the phrase itself, however punctuated, still fails
    ("不可能的。", "fail"),
    ("这是不可能的啦！", "fail"),
    ("不可能的，您回去吧。", "fail"),
    ("不可，能的！", "fail"),                   # a comma inside the words but not after 不: the words as quoted
    ("不是，不可能的。", "fail"),
    ("不要，啰嗦了！", "fail"),
])
def test_a_comma_after_the_leading_not_is_not_the_phrase_by_rule(text, want):
    """Fails on main for the four review cases (fail)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


def test_the_review_list_shows_the_sentence_as_said():
    hits = phrase_hits(pd.Series(["员工:您好。不，可能的。"]), _phrases("etiquette.annex2"))
    assert hits[["status", "sentence"]].values.tolist() == [["review", "不，可能的。"]]


@pytest.mark.parametrize("text,want", [
    ("这不可能的您回去吧", "review"),          # an unpunctuated transcript: passed (the clause's end unmarked)
    ("不可能的你别问了", "review"),
    ("不可能的啦你回去吧", "review"),
    ("您不可能的事情我们也会尽力。", "pass"),   # 的 before a noun: not the phrase
    ("这是不可能的事", "pass"),
    ("不是不可能的你放心", "pass"),            # the polite context
    ("不可能的，你回去吧", "fail"),
])
def test_the_sentence_phrase_run_on_into_a_pronoun_goes_to_review(text, want):
    """不可能的 is quoted as a sentence (ends: true); in a transcript without marks its end is not written, and a
    pronoun after it starts the next clause by the look of it: the rules cannot tell, a person decides.  The three
    review cases passed on main."""
    assert _verdicts("etiquette.annex2", [text]) == [want]
