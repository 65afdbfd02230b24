"""review31: a one-line dialogue whose labels an ideographic space (U+3000, what a Chinese export or a full-width
input method writes) follows, not an ASCII one, was left as written: the whole text the staff's, the customer's
急什么！ failing the window, as before session 31's spaced labels."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.records.speakers import line_labels

IDEO = "\u3000"


@pytest.mark.parametrize("text,read", [
    (f"坐席{IDEO}您好{IDEO}客户{IDEO}急什么！{IDEO}坐席{IDEO}好的", f"坐席：您好{IDEO}客户：急什么！{IDEO}坐席：好的"),
    (f"坐席{IDEO}{IDEO}您好 客户{IDEO}交电费", f"坐席：您好 客户：交电费"),
    (f"A{IDEO}09:01{IDEO}您好{IDEO}B{IDEO}09:02{IDEO}交电费", f"09:01 A：您好{IDEO}09:02 B：交电费"),
])
def test_an_ideographic_space_after_a_label(text, read):
    assert line_labels(pd.Series([text, "客户 您好"], dtype="string"), ()).tolist() == [read, "客户 您好"]


def test_one_label_alone_still_left_as_written():
    t = f"坐席{IDEO}您好，请稍等"
    assert line_labels(pd.Series([t], dtype="string"), ()).tolist() == [t]


# a label word as a word of the sentence before it (我会通知 客户 尽快处理: the object of 通知; 你们 客服: attributive) is
# no turn, as dialogue reads a glued label (员工：请通知重要客户：明天停电 stays the staff's): the safe side, the
# staff's words judged.  Before, the staff's 急什么 after 通知 客户 was the customer's, and the window passed.
@pytest.mark.parametrize("text,read", [
    ("坐席 您好 客户 我家停电了 坐席 好的 我会通知 客户 急什么 你等着",
     "坐席：您好 客户：我家停电了 坐席：好的 我会通知 客户 急什么 你等着"),
    ("坐席 您好 客户 我要投诉 坐席 我已经告诉 用户 自己去查", "坐席：您好 客户：我要投诉 坐席：我已经告诉 用户 自己去查"),
    ("客服 您好 用户 你们 客服 都是这样吗 客服 抱歉", "客服：您好 用户：你们 客服 都是这样吗 客服：抱歉"),
    ("坐席 您好 客户 急什么！ 坐席 好的", "坐席：您好 客户：急什么！ 坐席：好的"),
])
def test_a_label_word_inside_a_sentence_is_no_turn(text, read):
    assert line_labels(pd.Series([text], dtype="string"), ()).tolist() == [read]


# a timestamp before each label of a one-line dialogue ([09:01] 坐席 您好 [09:02] 客户 急什么), as on lines: read so too
@pytest.mark.parametrize("text,read", [
    ("[09:01] 坐席 您好 [09:02] 客户 急什么！ [09:03] 坐席 好的", "[09:01] 坐席：您好 [09:02] 客户：急什么！ [09:03] 坐席：好的"),
    ("09:01 坐席 您好 09:02 客户 急什么", "09:01 坐席：您好 09:02 客户：急什么"),
])
def test_a_timestamp_before_each_label(text, read):
    assert line_labels(pd.Series([text], dtype="string"), ()).tolist() == [read]
