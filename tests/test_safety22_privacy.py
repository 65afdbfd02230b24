"""safety22: privacy defects session 21 noticed and left, and a hostile round on masking.

Each test failed on the code before its fix (see the commit that adds it)."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_frame, mask_message, mask_text


# 1. an id column of mixed type (numbers among the text) is masked by the same rule as a column of text: a key only
#    whole (whole_values), never cut into tokens
@pytest.mark.parametrize("column", ["order_id", "工单号"])
def test_mixed_id_column_keeps_keys_whole(column):
    values = ["1381234567813912345678", 12345, "13812345678", "2025-03-05-13812345678", None]
    got = mask_frame(pd.DataFrame({column: values}))[column].tolist()
    assert got == ["1381234567813912345678", 12345, "[手机号]", "2025-03-05-13812345678", None]
    # the same as the column of text alone gives
    text = mask_frame(pd.DataFrame({column: [v for v in values if isinstance(v, str)]}))[column].tolist()
    assert [v for v in got if isinstance(v, str)] == text


def test_mixed_free_text_column_still_masked_as_text():
    got = mask_frame(pd.DataFrame({"描述": ["客户张三来电 13812345678", 3]}))["描述"].tolist()
    assert got == ["客户某某来电 [手机号]", 3]


# 2. an ungrouped 16-19 digit number passing Luhn: a bank card in a clause about a card or an account, an order id
#    anywhere else (decided: the column and the words before it say which; a rule masking order ids is worse than none)
@pytest.mark.parametrize("text, want", [
    ("退款至银行卡 4111111111111111", "退款至银行卡 [银行卡号]"),
    ("银行卡（工行）4111111111111111", "银行卡（工行）[银行卡号]"),
    ("账号4111111111111111", "账号[银行卡号]"),
    ("帐号：４１１１１１１１１１１１１１１１", "帐号：[银行卡号]"),
    ("refund to account 4111111111111111", "refund to account [银行卡号]"),
    ("信用卡是6011000990139424已挂失", "信用卡是[银行卡号]已挂失"),
    # kept: no card word in the clause, or digits that fail Luhn (an account or order number), or an id's letters
    ("订单4111111111111111", "订单4111111111111111"),
    ("4111111111111111", "4111111111111111"),
    ("退款到银行卡，订单4111111111111111", "退款到银行卡，订单4111111111111111"),
    ("缴费账号1234567890123456", "缴费账号1234567890123456"),
    ("账号WO4111111111111111", "账号WO4111111111111111"),
    ("discard 4111111111111111", "discard 4111111111111111"),
])
def test_luhn_card_decided_by_context(text, want):
    assert mask_text(pd.Series([text])).tolist() == [want]
    assert mask_text(pd.Series([text] * 300)).tolist()[-1] == want      # the pre-filtered column path too
    assert mask_message(text) == want


def test_luhn_card_in_id_column_kept_in_description_masked_with_context():
    df = pd.DataFrame({"order_id": ["4111111111111111"], "description": ["退款银行卡4111111111111111"]})
    assert mask_frame(df).values.tolist() == [["4111111111111111", "退款银行卡[银行卡号]"]]


# 3. a phone stored reversed behind a right-to-left override is read as a phone: masked as shown (and as stored);
#    no bidi control reaches the output
RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize("text, want", [
    (RLO + "87654321831", "[手机号]"),
    ("电话" + RLO + "87654321831" + PDF + "谢谢", "电话[手机号]谢谢"),
    (RLO + "8765-4321-831", "[手机号]"),
    (RLI + "5678 1234 138" + PDI, "[手机号]"),
    (RLO + "11010119900307123X"[::-1], "[身份证号]"),
    ("客户" + RLO + "三张" + PDF + "来电", "客户某某来电"),
    (RLO + "13812345678", "[手机号]"),                  # as stored
    ("城东营业厅" + RLO + "良好", "城东营业厅良好"),      # nothing found: the stored order, the control dropped
    ("工单" + RLO + "1WO", "工单1WO"),
])
def test_bidi_reversed_text_masked_as_shown(text, want):
    assert mask_text(pd.Series([text])).tolist() == [want]
    assert mask_text(pd.Series([text] * 300)).tolist()[-1] == want
    assert mask_message(text) == want
    for out in (mask_message(text), mask_frame(pd.DataFrame({"描述": [text]}))["描述"][0]):
        assert not set(out) & {RLO, PDF, RLI, PDI}


# hostile round: forms of a number not pinned before (they were already masked; pinned here)
@pytest.mark.parametrize("text, needle", [
    ("身份证11010119900307\n123X", "123X"),
    ("身份证110101\r\n19900307123X", "19900307123X"),
    ("手机+86 138 1234 5678", "5678"),
    ("0086-138-1234-5678", "5678"),
    ("＋８６\u3000１３８\u3000１２３４\u3000５６７８", "５６７８"),
    ("+86-138-1234-5678", "5678"),
    ("城东营业厅 zs@qq.com", "zs@qq.com"),
    ("客户：ZHANG San", "ZHANG"),
    ("Customer: Zhang San", "Zhang"),
])
def test_hostile_forms_masked(text, needle):
    for got in (mask_text(pd.Series([text])).iloc[0], mask_message(text), mask_text(pd.Series([text] * 300)).iloc[0]):
        assert needle not in got, got
