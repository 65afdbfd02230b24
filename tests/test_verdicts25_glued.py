"""verdicts25: turns glued with no mark between them, the staff's label first (员工：您好客户：交电费).

A customer's label glued to the staff's words opened a turn only after a sentence-final particle or in a text whose
export glued a staff label too; glued after the staff's greeting it was read as a word of the staff's sentence, so the
customer's words were judged as the staff's: their 急什么！ failed the window, their 请慢走 counted for the staff (a
pass on evidence no one gave).  A customer's label glued right after the words that end a staff's utterance (您好,
你好, 请讲, 请稍等, 谢谢, 再见 …) now opens the customer's turn; a customer named inside the staff's sentence
(请通知重要客户：, 各位客户：) stays the staff's words (the safe side: they are judged)."""
from __future__ import annotations

import pandas as pd
import pytest

from test_verdicts21_phrases import _verdicts
from windoweval.dialogue import staff_text
from windoweval.kernels.text import phrases_required


@pytest.mark.parametrize("text,staff", [
    ("员工：您好客户：交电费", "您好"),                                     # fails before: 您好客户：交电费
    ("坐席：您好客户：我要交电费客服：好的请稍等", "您好 好的请稍等"),
    ("员工：您好！请讲客户：我要交电费员工：好的", "您好！请讲 好的"),
    ("柜员：请稍等用户：好的", "请稍等"),
    ("员工：谢谢客户：请慢走", "谢谢"),
    ("客服：你好来电人：我家停电了", "你好"),
    # a customer named inside the staff's sentence stays the staff's words
    ("员工：请通知重要客户：明天停电。", "请通知重要客户：明天停电。"),
    ("员工：好的，各位客户：请排好队。", "好的，各位客户：请排好队。"),
    ("员工：请转告您的家属：明天来取。", "请转告您的家属：明天来取。"),
])
def test_a_customer_label_glued_after_the_staffs_words(text, staff):
    assert staff_text(pd.Series([text])).tolist() == [staff]


def test_the_customers_words_are_not_judged_as_the_staffs():
    assert _verdicts("etiquette.annex2", ["员工：您好客户：急什么！", "员工：您好客户：快点员工：急什么！"]) == ["pass", "fail"]
    t = pd.DataFrame({"text": ["员工：您好客户：谢谢，请慢走", "员工：您好，请慢走客户：谢谢"]})
    assert phrases_required(t, ["请慢走"], position="any").tolist() == [False, True]
