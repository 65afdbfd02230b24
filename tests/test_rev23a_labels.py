"""rev23a: the whole-word label rule of verdicts23 lost the staff's turns of real exports.

A label qualified (值班医生：, 1号柜员：, 窗口工作人员：) or numbered (坐席工号1001：, 客服1001：, 客服人员：), in brackets
(【坐席】) or after a timestamp was read as no label: the staff's words joined the customer's turn, unread, so the
staff "said nothing" and a forbidden phrase there passed on missing evidence."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.dialogue import TURN, has_labels, staff_text
from windoweval.kernels.text import phrases_forbidden


@pytest.mark.parametrize("text,staff", [
    ("患者：我挂号。值班医生：您好，请出示医保卡。", "您好，请出示医保卡。"),
    ("客户：交电费。1号柜员：您好，请稍等。", "您好，请稍等。"),
    ("客户：交电费。坐席工号1001：您好。", "您好。"),
    ("客户：交电费。客服1001：您好。", "您好。"),
    ("来电人：喂。客服人员：您好。", "您好。"),
    ("客户：交电费。窗口工作人员：您好。", "您好。"),
    ("【客户】交电费【坐席】您好", "您好"),
    ("客户：交电费\n客服：您好，请讲。", "您好，请讲。"),
    ("[09:01:02] 客户：交电费 [09:01:05] 客服：您好", "您好"),
    ("09:01:02 客户：交电费 09:01:05 客服：您好", "您好"),
])
def test_qualified_numbered_bracketed_timestamped_labels_keep_the_staff_turn(text, staff):
    """Fails on main: '' for the first six (the staff's turn read as the customer's) and the bracketed one no
    dialogue at all; the timestamps left in the staff's words."""
    t = pd.Series([text])
    assert has_labels(t).tolist() == [True]
    assert staff_text(t).tolist() == [staff]


@pytest.mark.parametrize("text", ["患者：快点。值班医生：急什么！", "客户：交电费。1号柜员：你烦不烦", "客户：在吗\n坐席工号1001：急什么！"])
def test_a_qualified_staff_label_hides_no_rebuke(text):
    """Fails on main: the staff's rebuke was in the customer's turn, unread: pass."""
    assert phrases_forbidden(pd.DataFrame({"text": [text]}), ["急什么", "你烦不烦"]).tolist() == [False]


@pytest.mark.parametrize("text,staff", [
    ("员工：请通知重要客户：明天停电。", "请通知重要客户：明天停电。"),   # a customer's label takes no qualifier
    ("reagent: 请稍等", "reagent: 请稍等"),
    ("员工：我不知道，员工：你去问别人吧。", "我不知道， 你去问别人吧。"),
])
def test_words_still_no_label(text, staff):
    assert staff_text(pd.Series([text])).tolist() == [staff]


def test_turn_mark_is_a_turns_start():
    t = pd.Series(["员工:你烦 客户:什么? 值班医生:不烦! 员工:好"])
    assert staff_text(t, between=TURN).str.split(TURN).tolist() == [["你烦", "不烦! 好"]]
