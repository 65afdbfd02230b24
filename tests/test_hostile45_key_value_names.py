"""A romanised name after an English label and an equals sign was shown as written (hostile45).

``Name: Wang Xiaoming`` was masked, but the same field written as a key and its value, as a web form, a query string
or a system's log writes it (``name=Wang Xiaoming``, ``customer=Wang Xiaoming&phone=…``, ``客户=Wang Xiaoming``), kept
the name.  A longer key ending in a label (``filename=Report``, ``window_name=East City``) and a comparison
(``name==Main``) are no person's field and stay.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text


@pytest.mark.parametrize("text, masked", [
    ("name=Wang Xiaoming", "name=某某"),
    ("Name = Wang Xiaoming", "Name = 某某"),
    ("customer=Wang Xiaoming&phone=13800138000", "customer=某某&phone=[手机号]"),
    ("?contact=zhang san&x=1", "?contact=某某&x=1"),
    ("客户=Wang Xiaoming", "客户=某某"),
    ("联系人＝Li Si", "联系人＝某某"),
])
def test_a_name_after_a_label_and_an_equals_sign_is_masked(text, masked):
    assert mask_text(pd.Series([text])).iloc[0] == masked
    assert mask_message(text) == masked


@pytest.mark.parametrize("text", ["filename=Report", "window_name=East City business hall", "if name==Main then",
                                  "name=PW01", "name=VIP", "contact=Customer Service"])
def test_a_longer_key_or_a_comparison_stays(text):
    assert mask_text(pd.Series([text])).iloc[0] == text
