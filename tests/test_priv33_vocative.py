"""priv33: a label word after a comma that the staff say to the customer (坐席 好的，客户 您别急，急什么！) is a vocative,
not a turn: 客户 followed by 您/你 and what one says to the person one addresses (别急, 稍等, 请…, 放心, 您好 not
followed by 我) stays the staff's words, so the staff's 急什么！ after it is judged theirs (session 32 read a turn there
and the window passed: the worst error).  A customer who greets and then speaks of themselves (坐席 好的，客户 您好我想问…)
still opens a turn; after a stop (。！？) a label still opens one, as before."""
from __future__ import annotations

import pandas as pd
import pytest

from test_session29_line_labels import _annex2, _transcripts
from windoweval.records.speakers import line_labels


@pytest.mark.parametrize("text,expected", [
    ("坐席 好的，客户 您别急，急什么！", "坐席：好的，客户 您别急，急什么！"),
    ("坐席 好的，客户 您稍等，急什么！", "坐席：好的，客户 您稍等，急什么！"),
    ("坐席 好的，客户 你请坐 客户 我要交电费", "坐席：好的，客户 你请坐 客户：我要交电费"),
    ("坐席 好的，客户 您放心 客户 好", "坐席：好的，客户 您放心 客户：好"),
    ("坐席 您好，客户 您好，请出示户号 客户 好的", "坐席：您好，客户 您好，请出示户号 客户：好的"),
    # the customer greets and speaks of themselves: a turn (the staff's address would not go on with 我)
    ("坐席 好的，客户 您好我想问一下电费", "坐席：好的，客户：您好我想问一下电费"),
    ("坐席 好的，客户 您好，我要交电费", "坐席：好的，客户：您好，我要交电费"),
    # no address after the label: a turn, as session 32 read it
    ("坐席 您好，客户 急什么！", "坐席：您好，客户：急什么！"),
    # after a stop a label opens a turn whatever follows (您别急 said by the customer to the staff)
    ("坐席 我查一下。客户 您别急，慢慢查", "坐席：我查一下。客户：您别急，慢慢查"),
    # the vocative is the customer's label only: a staff label that 您稍等 follows still opens the staff's turn (the
    # staff's words judged)
    ("客户 好的，坐席 您稍等，急什么！", "客户：好的，坐席：您稍等，急什么！"),
])
def test_a_vocative_after_a_comma_stays_the_staffs_a_turn_is_still_a_turn(text, expected):
    assert line_labels(pd.Series([text])).tolist() == [expected]


def test_the_staffs_words_after_a_vocative_are_judged(tmp_path):
    # annex 2's forbidden phrase 急什么 said by the staff: missed (n 1, met 0), never the customer's
    assert _annex2(_transcripts(tmp_path, ["坐席 好的，客户 您别急，急什么！"])) == (1, 0)

