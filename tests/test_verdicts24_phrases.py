"""verdicts24: 标准2 附件2 1.急什么! said on into a noun a window serves (急什么手续, 急什么号, 急什么药).

The clause's rebuke is the phrase said to hurry a customer ("what's the hurry!").  Said on into a noun the window
serves, 急什么 + the noun is a question in the customer's sense ("which formality do you need urgently?") only where a
question says so: a question mark after it (a particle between: 您急什么手续呀？) or the question particle 吗 / 呢.
Said with an exclamation mark (急什么号！, 急什么药啊！, 急什么号?!) it is the rebuke said about the customer's number
(fail: the mark is the quoted phrase's own).  With no mark, a comma or a full stop a transcript cannot tell a question
the transcriber did not punctuate from the rebuke: 需人工复核 (review), as before.  A noun no window serves
(急什么东西？) stays with review whatever the mark: the rule reads only what the list names."""
from __future__ import annotations

import pytest

from test_verdicts21_phrases import _verdicts


@pytest.mark.parametrize("text,want", [
    # a question about what the customer needs: no rebuke
    ("您急什么手续？我帮您查一下。", "pass"),
    ("你急什么号？", "pass"),
    ("您急什么药呀？", "pass"),
    ("您急什么单子吗", "pass"),
    ("急什么票呢？", "pass"),
    ("您急什么钱？是退费吗？", "pass"),
    ("您急什麼手續？", "pass"),            # traditional characters
    ("您急 什么 号码 ？", "pass"),
    # the rebuke said about the customer's number, medicine, papers
    ("急什么号！排队去。", "fail"),
    ("急什么药啊！", "fail"),
    ("你急什么号?!", "fail"),
    ("急什么手续呢！等着。", "fail"),
    # a negated 急 before it governs the words said on (as verdicts22 pinned: 不要急什么材料都不用带)
    ("您别急什么号！", "pass"), ("不要着急什么药！", "pass"), ("您别急什么号？", "pass"),
    # no mark says which: a person decides
    ("急什么号", "review"),
    ("急什么药，后面还有人", "review"),
    ("您急什么手续。", "review"),
    ("急什么东西？", "review"),            # not a noun a window serves: the rule does not read it
    # unchanged around it
    ("急什么？", "fail"), ("急什么手续也白搭", "fail"), ("您急什么事？", "pass"), ("急什么号码都没用！", "fail"),
])
def test_jishenme_said_on_into_a_served_noun(text, want):
    """Fails on the code before: every pass and fail here with a served noun was review (run_on)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


def test_the_question_is_read_only_in_its_own_sentence():
    """A question about a number then the bare rebuke in the next sentence: the rebuke fails the transcript."""
    assert _verdicts("etiquette.annex2", ["您急什么号？急什么！"]) == ["fail"]
    assert _verdicts("etiquette.annex2", ["急什么！您急什么号？"]) == ["fail"]
