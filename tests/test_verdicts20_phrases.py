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
