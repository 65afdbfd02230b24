"""session 26 (left by safety26): a bank card written with wide gaps between its groups (4111   1111   1111   1111,
6222  0200  1234  5678, 4111 - 1111 - 1111 - 1111) reached outputs: the card rules took one blank or a dash.  Now
as wide as the phone separator (up to four blanks either side of a dash, or eight alone), atomic."""
import pandas as pd
import pytest

from windoweval.privacy import mask_text


@pytest.mark.parametrize("text,want", [
    ("4111   1111   1111   1111 是客户的卡", "[银行卡号] 是客户的卡"),
    ("客户 6222  0200  1234  5678 退费", "客户 [银行卡号] 退费"),
    ("4111 - 1111 - 1111 - 1111", "[银行卡号]"),
    ("6222\t0200\t1234\t5678\t901", "[银行卡号]"),
    ("4111 1111 1111 1111", "[银行卡号]"),
])
def test_a_card_with_wide_gaps_is_masked(text, want):
    assert mask_text(text).iloc[0] == want
    assert mask_text(pd.Series([text] * 300)).tolist() == [want] * 300


@pytest.mark.parametrize("text", ["金额 1,380.00元", "2025-06-01 18:00", "工单 WO2025000123", "3000   4000   5000",
                                  "第 1   2   3   4 号窗口"])
def test_other_numbers_stay(text):
    assert mask_text(text).iloc[0] == text
