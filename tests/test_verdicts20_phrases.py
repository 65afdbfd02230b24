"""Session 20 (verdicts20): a forbidden phrase as quoted, not words of it split across a clause's end (标准2 附件2,
标准5 六、4; the reading guide: not every sentence that contains a word of it)."""
from __future__ import annotations

import pandas as pd

from windoweval.kernels.text import phrase_hits, phrases_forbidden


def test_a_split_inside_a_clause_goes_to_review_with_its_sentence():
    """您不急，什么时候来办都行 held 急什么 once punctuation was dropped: a violation (the code before failed it).  Now
    the transcript is undecided (review, not failed, not passed) and the 需人工复核 list shows why, in its sentence;
    快点，我要下班了 (the split opens the clause) and 急什么 said stay violations.  Fails on the code before: 1."""
    texts = pd.Series(["您不急，什么时候来办都行。", "好的，急什么！", "快点，我要下班了！", "您好，请稍等。"])
    m = phrases_forbidden(pd.DataFrame({"text": texts}), ["急什么", "快点我要下班了"])
    assert m.tolist() == [pd.NA, False, False, True]
    assert m.attrs["review"].tolist() == [True, False, False, False]
    hits = phrase_hits(texts, ["急什么", "快点我要下班了"])
    assert hits.values.tolist() == [[0, "急什么", "review", "您不急，什么时候来办都行。"],
                                    [1, "急什么", "violation", "好的，急什么！"],
                                    [2, "快点我要下班了", "violation", "快点，我要下班了！"]]


def test_a_split_that_closes_the_clause_is_the_phrase_said():
    """标准5 六、4 forbids 快点我要下班了: said with a word before it (你快点，我要下班了！, 快点快点，我要下班了。) the
    split match neither opens a clause nor sits inside words of other meaning - its last word ends the clause, so it is
    the phrase said plainly (a violation, as before the clause rule), not a review.  您不急，什么时候来办都行 (the match
    ends inside the clause 什么时候...) stays review.  Fails on main: the first two were review (<NA>)."""
    texts = pd.Series(["你快点，我要下班了！", "快点快点，我要下班了。", "您不急，什么时候来办都行。", "请您别急，什么都不用带。",
                       "好的，你烦，不烦！"])
    m = phrases_forbidden(pd.DataFrame({"text": texts}), ["快点我要下班了", "急什么", "你烦不烦"])
    assert m.tolist() == [False, False, pd.NA, pd.NA, False]
    assert m.attrs["review"].tolist() == [False, False, True, True, False]
    hits = phrase_hits(texts, ["快点我要下班了"])
    assert hits["status"].tolist() == ["violation", "violation"]


def test_the_review_list_shows_the_sentence_ended_by_a_full_width_mark():
    """phrase_hits cut sentences at 。 and the ASCII ! ? (listed twice) but not at ！ and ？, the marks a Chinese
    transcript writes: the 需人工复核 list showed 您不急，什么时候来办都行！好的，您还有别的事吗？ as one sentence, where
    clause_text (which judges it) ends the sentence at ！.  Fails on main."""
    texts = pd.Series(["员工:您不急，什么时候来办都行！好的，您还有别的事吗？", "员工:您好｡你急什么！"])
    hits = phrase_hits(texts, ["急什么"])
    assert hits[["row", "status", "sentence"]].values.tolist() == [[0, "review", "您不急，什么时候来办都行！"],
                                                                   [1, "violation", "你急什么！"]]
