"""A one-line dialogue whose next label follows the last turn's stop or comma with no space (``坐席 您好，客户 急什么！``):
the label starts a turn as one after a space does (session 32).  Before, the label was read only after a space, and the
customer's 急什么！ was judged the staff's and failed the window on 服务禁忌用语 (etiquette annex 2)."""
from __future__ import annotations

import pytest

from test_session29_line_labels import _annex2, _transcripts


@pytest.mark.parametrize("text", [
    "坐席 您好，客户 急什么！我先来的。坐席 好的，请慢走。",
    "坐席 您好。客户 急什么！ 坐席 好的",
    "坐席 您好？客户 急什么！坐席 好的",
    "客服 您好；用户 急什么！客服 请慢走",
])
def test_the_customers_words_after_a_stop_are_not_the_staffs(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 1)


@pytest.mark.parametrize("text", [
    "客户 我要交电费，坐席 急什么！客户 好的",    # the staff's words after a comma still judged
    "坐席 好的，我会通知 客户 急什么！",           # 通知 客户: a word of the sentence, the staff's words
    "坐席 您好，尊敬的客户 急什么！",              # 的 客户: a word of the sentence
])
def test_the_staffs_words_after_a_stop_still_judged(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 0)
