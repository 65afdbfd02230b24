"""Masking gaps session 38 left (left39): a name split by a space before its cue, a mobile grouped by commas,
phone and ID digits written as circled digits, an ID number split by spaces; and what must stay readable."""
import pandas as pd
import pytest

from windoweval.privacy import mask_text, mask_message, candidates

MASKED = [
    ("客户：王大 锤来电", "客户：某某来电"),
    ("投诉人：王大 锤反映排队久", "投诉人：某某反映排队久"),
    ("客户王大 锤来电", "客户某某来电"),
    ("电话138,1234,5678", "电话[手机号]"),
    ("电话：138，1234，5678，请回电", "电话：[手机号]，请回电"),
    ("138.1234.5678", "[手机号]"),
    ("+86 138,1234,5678", "[手机号]"),
    ("电话①③⑧①②③④⑤⑥⑦⑧", "电话[手机号]"),
    ("联系方式：⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻", "联系方式：[手机号]"),
    ("❶❸❽ ❶❷❸❹ ❺❻❼❽", "[手机号]"),
    ("身份证①①⓪①⓪①①⑨⑨⓪⓪③⓪⑦①②③X", "身份证[身份证号]"),
    ("身份证 1101 0119 9003 0712 3X", "身份证 [身份证号]"),
    ("身份证 110101 19900307 123X", "身份证 [身份证号]"),
    ("身份证号11 01 01 1990 03 07 12 3X", "身份证号[身份证号]"),
]

KEPT = [
    "金额1,234,567元", "退费12,345,678,901元", "共13,812,345,678元", "138,000元", "1,234.56元",
    "2025.03.05 08:05", "2025年3月1日 8时5分", "时间 08:05:30", "订单WO20250305001", "工单2025030500012",
    "客户高压 用电问题", "客户周末 来电", "客户于昨日 来电",
    "①13812345678", "第①项", "①②③项已办结", "步骤①②③④⑤", "①电费 ②水费",
]


@pytest.mark.parametrize("text,want", MASKED)
def test_masked(text, want):
    assert mask_text(pd.Series([text])).tolist() == [want]
    assert mask_message(text) == want


def test_lone_circled_mark_before_a_mobile_keeps_the_mark():
    assert mask_text(pd.Series(["①13812345678"])).tolist() == ["①[手机号]"]


@pytest.mark.parametrize("text", [t for t in KEPT if t != "①13812345678"])
def test_kept(text):
    assert mask_text(pd.Series([text])).tolist() == [text]


def test_column_path_same_as_few():
    """From 256 texts on the column pre-filter decides which texts are looked at: it must find these too."""
    texts = [t for t, _ in MASKED] + KEPT
    many = pd.Series(texts * 30, dtype="string")
    assert candidates(many)[: len(MASKED)].all()
    got = mask_text(many).tolist()[: len(texts)]
    assert got == mask_text(pd.Series(texts)).tolist()
    assert got[: len(MASKED)] == [w for _, w in MASKED]
