"""verdicts24: customer labels with a short descriptive prefix (VIP客户：, 老年客户：, 来电客户：, 患者家属：).

A prefixed customer label was no label: the customer's words joined the staff's turn before it and were judged as
the staff's (a forbidden phrase the customer said failed the window; a required phrase the customer said - 请慢走,
您好 - counted for the staff).  Customer labels now take a short prefix at a turn's start as staff labels do (rev23a:
up to four Chinese characters or letters), and 家属 (a patient's family) is a customer label.  A prefix that makes the
label a word of the staff's own sentence - an address to customers (各位客户：, 尊敬的客户：, 所有用户：, 广大市民：:
ending in 的 位 们 各 有 体 大) - is no label: the staff's words stay the staff's (the safe side)."""
from __future__ import annotations

import pandas as pd
import pytest

from test_verdicts21_phrases import _verdicts
from windoweval.dialogue import has_labels, staff_text
from windoweval.kernels.text import phrases_required


@pytest.mark.parametrize("text,staff", [
    ("VIP客户：我来交电费。员工：您好，请稍等。", "您好，请稍等。"),
    ("员工：您好。老年客户：我不会用手机。员工：我帮您。", "您好。 我帮您。"),
    ("来电客户：喂？坐席：您好，请讲。", "您好，请讲。"),
    ("患者家属：医生在吗？护士：您好，请稍等。", "您好，请稍等。"),
    ("家属：我来拿报告。医生：您好。", "您好。"),
    ("员工：您好。\n普通用户1：交电费。\n员工：请稍等。", "您好。 请稍等。"),
    # an address inside the staff's sentence stays the staff's words
    ("员工：好的，各位客户：请排好队。", "好的，各位客户：请排好队。"),
    ("员工：您好，尊敬的客户：请出示证件。", "您好，尊敬的客户：请出示证件。"),
    ("员工：通知，所有用户：明天停电。", "通知，所有用户：明天停电。"),
    ("员工：请注意，广大市民：明天停电。", "请注意，广大市民：明天停电。"),
    ("员工：请通知重要客户：明天停电。", "请通知重要客户：明天停电。"),
])
def test_prefixed_customer_labels(text, staff):
    t = pd.Series([text])
    assert has_labels(t).tolist() == [True]
    assert staff_text(t).tolist() == [staff]


@pytest.mark.parametrize("text,want", [
    ("员工：您好。VIP客户：你烦不烦啊！员工：请稍等。", "pass"),      # the customer's words (fail before)
    ("员工：您好。来电客户：急什么！员工：请稍等。", "pass"),
    ("员工：好的，各位客户：急什么！", "fail"),                      # the staff's own address
])
def test_a_prefixed_customers_words_are_not_the_staffs(text, want):
    assert _verdicts("etiquette.annex2", [text]) == [want]


def test_a_required_phrase_said_by_a_prefixed_customer_does_not_count():
    """Fails before: the customer's 请慢走 counted for the staff."""
    t = pd.DataFrame({"text": ["员工：好了。老年客户：谢谢，请慢走。", "员工：好了，请慢走。老年客户：谢谢。"]})
    assert phrases_required(t, ["请慢走"], position="any").tolist() == [False, True]
