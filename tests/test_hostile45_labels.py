"""A local landline after a phone label ending in 号 / 号码 (座机号：88886666) and a name after 名字： were shown as written
(hostile45).

``电话88886666`` and ``座机：8888 6666`` were masked, and a mobile after ``手机号：`` too, but the landline rule took the
label alone: ``座机号：12345678``, ``电话号 8888 6666``, ``座机号码为88886666`` kept the number.  The name label took
``姓名：`` but not ``名字：`` (``客户名字：王小明``), though 名字 already names a column of names
(:func:`windoweval.privacy.personal_column`).  名字 is a label only before a colon (``他的名字很好听`` stays), and an order
number after its own label stays (``工单号：12345678``).
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text


@pytest.mark.parametrize("text, masked", [
    ("座机号：12345678", "座机号：[电话]"),
    ("电话号 8888 6666", "电话号 [电话]"),
    ("座机号码：8888-6666", "座机号码：[电话]"),
    ("座机号码为88886666", "座机号码为[电话]"),
    ("客户名字：王小明", "客户名字：某某"),
    ("名字：欧阳娜娜，电话号：12345678", "名字：某某，电话号：[电话]"),
])
def test_a_label_ending_in_hao_or_a_mingzi_label_is_masked(text, masked):
    assert mask_text(pd.Series([text])).iloc[0] == masked
    assert mask_message(text) == masked


@pytest.mark.parametrize("text", ["他的名字很好听", "工单号：12345678", "户号 12345678"])
def test_no_label_stays(text):
    assert mask_text(pd.Series([text])).iloc[0] == text
