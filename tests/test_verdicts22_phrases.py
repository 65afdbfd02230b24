"""Session 22 (verdicts22): forbidden phrases of 标准2 附件2 read from the clause text, with the catalog's own
parameters: a negation reaches only the 急 it precedes, a phrase quoted in two clauses is found with a comma inside
its words, and a phrase matches within one staff run, never across a customer's turn."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.kernels.text import phrase_hits

from test_verdicts21_phrases import _phrases, _verdicts   # the catalog's phrases, each text's verdict


@pytest.mark.parametrize("text,want", [
    # 1.急什么! — 不急 / 别急 is "no hurry" only where the negated 急 ends there; the words 急什么 said on from it in
    # one clause are the phrase as quoted (as 急什么 is without the negation)
    ("不急什么！", "fail"),
    ("别急什么急！", "fail"),
    ("您别着急什么呀！", "fail"),
    ("你不急我急，急什么！", "fail"),
    # the negation with a clause's end after its 急 stays polite (pinned by verdicts21, kept)
    ("您别急，什么？", "pass"),
    ("您不急，什么时候来办都行！", "pass"),
    ("您别着急，我帮您看看。", "pass"),
    ("不急不急，慢慢来。", "pass"),
    # 7.不是告诉你了吗,怎么还问! — quoted in two clauses: both said together are the rebuke whatever extra comma a
    # transcriber puts inside the words (the one-clause rule 不，可能的 = "no, it is possible" is 3's alone)
    ("不，是告诉你了吗？怎么还问！", "fail"),
    ("不是，告诉你了吗？怎么还问！", "fail"),
    ("不，是告诉你了吗，怎么还问！", "fail"),
    ("我不是告诉你了吗？怎么还问！", "fail"),
    # its first half alone, with or without the extra comma: review, never a pass unsaid
    ("不，是告诉你了吗？", "review"),
    ("不是告诉你了吗？", "review"),
    # 3.不可能的。 split after its 不 stays review (rev21b), unchanged
    ("不，可能的。", "review"),
])
def test_annex2_negation_and_commas(text, want):
    """Fails on the code before: 不急什么！, 别急什么急！, 您别着急什么呀！ (the polite 不急 swallowed the phrase's
    急), 不，是告诉你了吗？怎么还问！, 不是，告诉你了吗？怎么还问！ (pass) and 不，是告诉你了吗，怎么还问！, 不，是告诉你了吗？
    (review / pass)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


@pytest.mark.parametrize("text,want", [
    # the staff said 你烦, the customer spoke, the staff said 不烦: no one said 你烦不烦
    ("员工：你烦 客户：什么？ 员工：不烦！", "pass"),
    ("员工：你烦客户：什么？员工：不烦！", "pass"),
    ("员工：急 客户：嗯？ 员工：什么时候办都行。", "pass"),
    ("员工：我不知道 客户：那怎么办 员工：你去问别人吧", "fail"),      # 我不知道 said alone in its turn: 8
    # one staff run the customer did not interrupt is one run (two rows of the same speaker)
    ("员工：你烦 员工：不烦！", "fail"),
    ("客户：请问。员工：你烦不烦！", "fail"),
    ("员工：不是告诉你了吗？客户：没听清。员工：怎么还问！", "review"),  # the first half in its turn: review
])
def test_phrases_match_within_one_staff_run(text, want):
    """Fails on the code before: the first three (the staff's turns were joined by a space, so 你烦 … 不烦 made
    你烦不烦 across the customer's turn) and the last (its halves across a customer's turn made the whole)."""
    assert _verdicts("etiquette.annex2", [text]) == [want]


def test_hits_are_shown_in_their_own_turn():
    """The drill-down shows a hit in the staff's turn it was said in, never a sentence glued across a customer's
    turn.  Fails on the code before: 员工：你烦 客户：… 员工：不烦！ showed 'violation: 你烦 不烦！'."""
    t = pd.Series(["员工：你烦 客户：什么？ 员工：不烦！", "客户：你好。员工：好的，急什么！"])
    hits = phrase_hits(t, _phrases("etiquette.annex2"))
    assert hits[["row", "status", "sentence"]].values.tolist() == [[1, "violation", "好的，急什么！"]]


def test_a_required_phrase_is_said_within_one_staff_run():
    """附件1 3.(1) 请您检查好随身物品 said anywhere in the staff's words, but said: 请您检查好 | the customer | 随身物品 is
    no such sentence (missed; met on the code before, the turns joined by a space); two staff turns the customer did
    not interrupt are one run (met)."""
    from windoweval.kernels.text import phrases_required

    t = pd.DataFrame({"text": ["员工：请您检查好 客户：什么？ 员工：随身物品。", "员工：请您检查好 员工：随身物品，请慢走。",
                               "员工：您好。客户：谢谢。员工：请您检查好随身物品。"]})
    assert phrases_required(t, ["请您检查好随身物品"], position="any").tolist() == [False, True, True]
