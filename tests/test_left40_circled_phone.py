"""One circled digit 1 followed directly by ten digits that make a mobile number with it (``①3812345678``) is a phone
number, masked; a circled digit followed by a blank, by text, or by a whole number of its own stays a list's mark,
and amounts, dates and order ids after a mark stay readable (left40; left39 read a lone circled digit as a mark
always, so this number was shown whole)."""
import pandas as pd
import pytest

from windoweval.privacy import candidates, mask_message, mask_text

MASKED = [
    ("①3812345678", "[手机号]"),
    ("联系①3812345678", "联系[手机号]"),
    ("客户电话：⑴3912345678，请回电", "客户电话：[手机号]，请回电"),
    ("❶5012345678", "[手机号]"),
    ("⒈8612345678 来电", "[手机号] 来电"),
]

KEPT = [
    "① 3812345678",          # a blank after the mark: the mark, then a ten-digit number (no mobile by itself)
    "①投诉电话费", "①金额1234567.50元", "①2025-03-04 工单WO2503040001", "①订单2503040012",
    "②3812345678",           # no mobile starts 2…
    "①2812345678",           # 12… is no mobile
    "①38123456789",          # eleven digits after it: no mobile with the mark
    "①②③项已办结", "第①项",
]


@pytest.mark.parametrize("text,want", MASKED)
def test_a_mark_that_makes_a_mobile_number_is_masked(text, want):
    assert mask_text(pd.Series([text])).tolist() == [want]
    assert mask_message(text) == want
    assert "[电话/phone]" in mask_text(pd.Series([text]), profile="survey").iloc[0]


@pytest.mark.parametrize("text", KEPT)
def test_a_list_mark_before_text_or_a_blank_stays_readable(text):
    assert mask_text(pd.Series([text])).tolist() == [text]


def test_a_mark_before_a_whole_mobile_stays_a_mark():
    assert mask_text(pd.Series(["①13812345678"])).tolist() == ["①[手机号]"]


def test_column_path_same_as_few():
    texts = [t for t, _ in MASKED] + KEPT
    many = pd.Series(texts * 30, dtype="string")
    assert candidates(many)[: len(MASKED)].all()
    got = mask_text(many).tolist()[: len(texts)]
    assert got == [w for _, w in MASKED] + KEPT
