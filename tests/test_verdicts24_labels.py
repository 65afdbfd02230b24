"""verdicts24: speaker labels as exports write them (windoweval.dialogue).

1. Turns glued with no mark between them (客户：你好客服：您好): a staff label said right after a Chinese character
   opened no turn, so the customer's turn swallowed the staff's words, unread, and a forbidden phrase there passed.
   A listed Chinese staff label followed by a colon now opens a turn after any Chinese character but an attributive one
   (的 们 位 个 名 各 这 那 该 此: 你们的工作人员： is a noun phrase of a sentence).  A customer label glued to the staff's
   words opens a turn only where those words end a sentence with a sentence-final particle (您好，请问办什么业务呢客户：);
   otherwise it stays a word of the staff's sentence (请通知重要客户：明天停电) - the staff's words are never read as
   the customer's on a guess (the safe side for forbidden phrases).
"""
from __future__ import annotations

import pandas as pd
import pytest

from test_verdicts21_phrases import _verdicts
from windoweval.dialogue import TURN, has_labels, staff_text


@pytest.mark.parametrize("text,staff", [
    # a staff label glued to the customer's words: a turn (fails before: '' - the staff said nothing)
    ("客户：你好客服：您好", "您好"),
    ("客户：交电费营业员：您好，请出示户号。", "您好，请出示户号。"),
    ("患者：我挂号值班医生：您好", "您好"),
    ("客户：在吗客服1001：您好，请讲。", "您好，请讲。"),
    ("客户：你好客服：您好客户：交电费坐席：请稍等", "您好 请稍等"),
    # a customer label glued after a sentence-final particle: a turn
    ("员工：请问办理什么业务呢客户：交电费员工：好的", "请问办理什么业务呢 好的"),
    # the other side: words of a sentence stay the speaker's
    ("员工：请通知重要客户：明天停电。", "请通知重要客户：明天停电。"),
    ("员工：尊敬的客户：您好。", "尊敬的客户：您好。"),
    ("员工：请各位客户：排好队。", "请各位客户：排好队。"),
    ("客户：我要投诉你们的工作人员：态度太差员工：您好，请讲。", "您好，请讲。"),
    ("客户：你们客服：怎么不接电话员工：您好。", "您好。"),
    ("Staff: the subagent: 请稍等", "the subagent: 请稍等"),
])
def test_glued_labels(text, staff):
    t = pd.Series([text])
    assert has_labels(t).tolist() == [True]
    assert staff_text(t).tolist() == [staff]


def test_glued_turns_first_and_runs():
    """A glued staff turn is the first staff turn; a customer label glued after no particle stays the staff's words
    (one run: nothing of the staff's is dropped on a guess)."""
    t = pd.Series(["员工：你烦客户：什么？员工：不烦！", "客户：你好客服：你烦不烦客户：啊？"])
    assert staff_text(t, between=TURN).tolist() == ["你烦客户：什么？ 不烦！", "你烦不烦"]
    assert staff_text(t, "first").tolist() == ["你烦客户：什么？", "你烦不烦"]


@pytest.mark.parametrize("text,want", [
    ("客户：你好客服：急什么！", "fail"),            # fails before: pass, the staff's words unread
    ("客户：快点营业员：你烦不烦", "fail"),
    ("客户：你好客服：您好，请稍等。", "pass"),
    ("员工：请各位重要客户：急什么！", "fail"),       # the staff's own sentence, as verdicts23 pinned
])
def test_a_glued_staff_turn_hides_no_rebuke(text, want):
    assert _verdicts("etiquette.annex2", [text]) == [want]
