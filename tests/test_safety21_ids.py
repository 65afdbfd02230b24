"""An id column is masked only whole (safety21, left defect 3).

The free-text rules ran on every text column, ids included: ``mobile_twice`` (22 digits, both halves mobile-shaped)
turned a work order's number into ``[手机号][手机号]`` in ``order_id``, so the records a verdict rests on could not be
found.  Reviewed against id columns, every free-text rule that can match inside a value (two mobiles run together,
a bank card's 62…, a mobile's 11 digits inside a longer key) cuts into a key.  Decided: in an id column
(:func:`windoweval.privacy.id_column`: ``order_id``, ``工单号``, ``customer_key``) a value is masked only when masking
takes it whole, to one token (a phone, an ID-card number, an e-mail written where the id should be: still never
shown), and a bank card only when its digits pass the Luhn check.  The same in every path: the table's masking
(:func:`mask_frame`, the CSV), the missed files' batch masking and the Arrow hook of the drill-down path.
"""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from windoweval.cells import people_frame
from windoweval.exports import prepare_missed
from windoweval.privacy import id_column, mask_frame

# (value, in an id column, in a free-text column)
CASES = [
    ("1381234567813912345678", "1381234567813912345678", "[手机号][手机号]"),     # a key, not two phones
    ("2025030513912345678", "2025030513912345678", "2025030513912345678"),
    ("6222021234567890123", "6222021234567890123", "[银行卡号]"),                # fails Luhn: an order number
    ("6222021234567890128", "[银行卡号]", "[银行卡号]"),                         # passes Luhn: a card
    ("13812345678", "[手机号]", "[手机号]"),                                      # a phone where an id should be
    ("+86 138 1234 5678", "[手机号]", "[手机号]"),
    ("Tel13812345678", "Tel[手机号]", "Tel[手机号]"),
    ("11010119900307123X", "[身份证号]", "[身份证号]"),
    ("zs@qq.com", "[邮箱]", "[邮箱]"),
    ("WO250001", "WO250001", "WO250001"),
    ("C1a2b3", "C1a2b3", "C1a2b3"),
    # text written into an id column (more than a key's characters): masked as any text
    ("客户：张三 13812345678", "客户：某某 [手机号]", "客户：某某 [手机号]"),
    ("138 1234 5678 139 1234 5678", "[手机号] [手机号]", "[手机号] [手机号]"),
]


def test_the_id_columns_are_those_named_so():
    assert [id_column(c) for c in ["order_id", "工单号", "customer_key", "case_id", "ticket_id"]] == [True] * 5
    assert [id_column(c) for c in ["description", "note", "身份证号", "联系电话号码", "name"]] == [False] * 5


@pytest.mark.parametrize("value,in_id,in_text", CASES)
def test_an_id_is_masked_only_whole_in_the_table(value, in_id, in_text):
    df = pd.DataFrame({"order_id": [value], "customer_key": [value], "description": [value]})
    got = mask_frame(df)
    assert got["order_id"].tolist() == [in_id]
    assert got["customer_key"].tolist() == [in_id]
    assert got["description"].tolist() == [in_text]
    people = people_frame(df)       # the CSV for people: the same gate
    assert people["order_id"].tolist() == [in_id]


@pytest.mark.parametrize("value,in_id,in_text", CASES)
def test_an_id_is_masked_only_whole_in_the_missed_files(value, in_id, in_text):
    n = 300      # past the pre-filter's threshold: the column path
    frames = [pd.DataFrame({"order_id": pd.Series([value] * n, dtype="string"),
                            "description": pd.Series([value] * n, dtype="string")})]
    got = prepare_missed(frames)[0]
    assert set(got["order_id"].tolist()) == {in_id}
    assert set(got["description"].tolist()) == {in_text}
    arr = pa.array([value, None, "WO1"] * 100, type=pa.large_string())
    assert prepare_missed.arrow(arr, "order_id").to_pylist()[:3] == [in_id, None, "WO1"]
    assert prepare_missed.arrow(arr, None).to_pylist()[:3] == [in_text, None, "WO1"]


def test_many_distinct_ids_mixed_with_phones():
    ids = [f"WO{i:06d}" for i in range(3000)] + ["1381234567813912345678", "13912345678"]
    got = prepare_missed([pd.DataFrame({"order_id": pd.Series(ids, dtype="string")})])[0]["order_id"].tolist()
    assert got[:3000] == ids[:3000]
    assert got[3000:] == ["1381234567813912345678", "[手机号]"]
