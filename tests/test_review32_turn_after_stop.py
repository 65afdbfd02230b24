"""Review 32 of session 32's one-line labels after a stop or a comma (坐席 您好，客户 急什么！): a label word the
staff's sentence goes on with as its subject (坐席 好的，客户 反映的问题已处理 …; 客户 的 …) starts no customer's turn,
or the staff's forbidden phrase after it was judged the customer's and the window passed (the worst error)."""
from __future__ import annotations

import pandas as pd
import pytest

from test_session29_line_labels import _annex2, _transcripts
from windoweval.records.speakers import _one_line_labels


@pytest.mark.parametrize("text", [
    "坐席 好的，客户 反映的问题已处理，急什么！",
    "坐席 您好，用户 表示不满的话请打投诉电话，急什么！",
    "坐席 您好，客户 的诉求我们记下了，急什么！",
])
def test_a_label_word_the_staffs_sentence_goes_on_with_hides_nothing(tmp_path, text):
    assert _annex2(_transcripts(tmp_path, [text])) == (1, 0)


def test_a_label_after_a_stop_still_starts_a_turn():
    assert _one_line_labels(pd.Series(["坐席 您好，客户 急什么！", "坐席 好的，客户 反映的问题已处理"])).tolist() == [
        "坐席：您好，客户：急什么！", "坐席：好的，客户 反映的问题已处理"]
