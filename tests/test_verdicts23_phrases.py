"""verdicts23: 标准2 附件2 1.急什么! said on into other words with no mark (a transcript typed without punctuation).

The clause quotes 急什么! as a sentence of its own: 什么 is the object of 急 and ends the rebuke ("what's the hurry!").
Said on in one clause, what follows 什么 decides:
- 都 / 也 (after a noun or not) + a negation (没, 不, 别, 白): "rushing is no use / helps nothing", the rebuke's sense:
  急什么事都没用, 急什么都没用, 急什么也不行 (a violation; 急什么事都没用 passed before: 事 was on a closed list of
  question words);
- 都 / 也 + anything else: "anything, everything" (您别急什么都会给您办好的, a negated 急: polite, as pinned before);
- a question word (什么时候, 什么时间, 什么地方, 什么事): it asks (met, as pinned before);
- 急 again, a particle, or a pronoun opening a new clause (急什么我马上办): the rebuke (a violation);
- any other words (急什么东西, 急什么手续, 急什么排队去): whether 什么 introduces a noun it asks about or the rebuke ends
  and a new clause begins unmarked cannot be told by rule - 需人工复核 (review), never a pass or a fail by luck (they
  failed before, for want of a list entry).
"""
from __future__ import annotations

import pytest

from test_verdicts21_phrases import _verdicts   # the catalog's phrases, each text's verdict


@pytest.mark.parametrize("text,want", [
    # the rebuke's sense: 都/也 + a negative predicate
    ("急什么事都没用", "fail"),
    ("你急什么事都没用的", "fail"),
    ("急什么都没用", "fail"),
    ("急什么也不行", "fail"),
    ("急什么手续也白搭", "fail"),
    ("急什么时候都没用", "fail"),
    # the rebuke said on into a new clause's subject, or into 急 again
    ("急什么我马上就办", "fail"),
    ("急什么你", "fail"),
    ("急什么急", "fail"),
    # a negated 急 before it governs (no hurry): polite, whatever follows
    ("不要急什么材料都不用带。", "pass"),
    ("您别急什么都会给您办好的。", "pass"),
    # a question word: asks
    ("您急什么事？我帮您看看。", "pass"),
    ("你急什么时候要？", "pass"),
    ("您急什么地方的材料？", "pass"),
    # other words: a noun asked about, or a new clause unmarked - a person decides
    ("急什么东西", "review"),
    ("您急什么手续？", "pass"),   # verdicts24: a served noun asked about with a question mark
    ("急什么排队去", "review"),
])
def test_annex2_jishenme_said_on(text, want):
    """Fails on the code before: 急什么事都没用, 你急什么事都没用的, 急什么时候都没用 (pass: 事 / 时候 on the asks list),
    急什么东西, 您急什么手续？, 急什么排队去 (fail by want of a list entry, never review)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]
