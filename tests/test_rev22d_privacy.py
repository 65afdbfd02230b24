"""rev22d: a Luhn card number right after 卡 (卡:…, 卡 …) was kept; a phone written plainly inside a run a bidi
override reverses came out reversed (the shown order chosen, its digits given as shown)."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_text

_A, _B = "13812345678", "13987654321"


@pytest.mark.parametrize("text,want", [
    ("卡:4111111111111111", "卡:[银行卡号]"),
    ("卡 4111111111111111", "卡 [银行卡号]"),
    ("卡为4111111111111111", "卡为[银行卡号]"),
    ("卡顿订单4111111111111111", "卡顿订单4111111111111111"),      # 卡 not before the number: an order id, kept
    ("卡:1234567890123456", "卡:1234567890123456"),              # fails Luhn: kept
])
def test_card_number_right_after_ka(text, want):
    assert mask_text(pd.Series([text]), free_text=True).tolist() == [want]


@pytest.mark.parametrize("n", [1, 300])      # the few-text path and the column path
def test_phone_in_both_orders_inside_an_override_is_masked_both_times(n):
    text = "\u202e" + _A + " " + _B[::-1] + "\u202c"      # shown: 13987654321 87654321831
    got = mask_text(pd.Series([text] + ["普通文本"] * (n - 1)), free_text=True)[0]
    assert _A not in got and _A[::-1] not in got and _B not in got and _B[::-1] not in got, got
    assert got == "[手机号] [手机号]"
