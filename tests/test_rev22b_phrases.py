"""Reviewer rev22b on verdicts22: 标准2 附件2 1.急什么! is a rebuke (急 + 什么 "what's the hurry"); where the 什么
begins a question word (什么时候, 什么时间, 什么事, 什么地方) the words ask "when / what / where do you need it" and are no
rebuke.  verdicts22's 'the negation reaches only its own 急' read 您不急什么时候来都行 as 不急 + 急什么 and failed it (it
passed before the merge); 你急什么时候要？ failed both before and after."""
from __future__ import annotations

import pytest

from test_verdicts21_phrases import _verdicts   # the catalog's phrases, each text's verdict


@pytest.mark.parametrize("text,want", [
    # 什么 begins a question word: the 急 asks when / what / where, never the rebuke
    ("你急什么时候要？", "pass"),
    ("您不急什么时候来都行", "pass"),
    ("别急什么时候来办都可以。", "pass"),
    ("您急什么事？我帮您看看。", "pass"),
    ("您急什么地方的材料？", "pass"),
    ("您急着什么时候用？", "pass"),
    # 什么都 / 什么也 ("anything, everything") after a negated 急: no hurry, all will be done (passed before verdicts22)
    ("您别急什么都会给您办好的。", "pass"),
    ("您不用着急什么都会办好。", "pass"),
    # the rebuke: 急什么 ends its clause, a particle after it, said again (急什么急) or on from a negated 急
    ("你急什么！", "fail"),
    ("急什么急", "fail"),
    ("你急什么呀", "fail"),
    ("急什么，时候还早呢！", "fail"),
    ("不急什么！", "fail"),
    ("别急什么急！", "fail"),
    ("急什么？什么时候轮到你我会叫。", "fail"),
])
def test_annex2_jishenme_question_word(text, want):
    """Fails on main: 你急什么时候要？, 您不急什么时候来都行, 别急什么时候来办都可以。, 您急什么事？…, 您急什么地方的材料？
    (fail); 您别急什么都会给您办好的。, 您不用着急什么都会办好。 (fail since verdicts22; passed before it)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


@pytest.mark.parametrize("text,want", [
    # a negated 急 said on into 什么 + a noun (什么 a determiner: "no hurry, no papers needed"): the polite negation
    ("不要急什么材料都不用带。", "pass"),
    ("您别急什么证件都可以后补。", "pass"),
    # said on and ending there (a clause's end, a particle, 急 again): the quoted rebuke (verdicts22, kept)
    ("不急什么！", "fail"),
    ("不急什么", "fail"),
    ("别急什么急！", "fail"),
    ("您别着急什么呀！", "fail"),
    ("你别急什么啊你", "fail"),
    ("别急什么，慢慢来。", "fail"),
])
def test_annex2_negation_said_on_into_a_noun(text, want):
    """Fails on main: 不要急什么材料都不用带。, 您别急什么证件都可以后补。 (fail since verdicts22 read the negated 急 said on
    as the phrase whatever followed 什么; both passed before it)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]
