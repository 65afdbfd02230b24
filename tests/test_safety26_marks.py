"""safety26, second round: a phone or ID-card number with an underscore, a middle dot or a tilde between its groups
(``138_0013_8000``, ``138·0013·8000``, ``138~0013~8000``: typed where a form refuses a dash, pasted from a file name
or a name list) reached the output as written; only a dash, a dot or a slash was taken.  Each form is checked in a
message and in a column; ranges, versions, file names and ids written with the same marks stay as written."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.privacy import candidates, mask_message, mask_text

ESCAPED = [
    ("138_0013_8000", "13800138000"),
    ("138·0013·8000", "13800138000"),
    ("138・0013・8000", "13800138000"),
    ("138•0013•8000", "13800138000"),
    ("138~0013~8000", "13800138000"),
    ("138～0013～8000", "13800138000"),
    ("138 _ 0013 _ 8000", "13800138000"),
    ("+86·138·0013·8000", "13800138000"),
    ("110105_19491231_002X", "11010519491231002X"),
    ("110105·19491231·002x", "11010519491231002x"),
    ("110105~19491231~002X", "11010519491231002X"),
]
CONTEXTS = ["{}", "客户来电{}，反映问题", "电话：{}", "身份证 {} 已核"]

KEPT = ["3~5个工作日", "第1~3号窗口", "2024~2025年", "13:00~15:00", "file_2025_0601.csv", "V1.2.3", "1380~1500元",
        "WO2025000123~WO2025000130", "2025-06-01~2025-06-30", "PW01_2024_001", "1·2·3", "18:00～20:30",
        "共 138～200 件", "2025_06_01_18_00", "item_1_2_3_4_5_6"]


def _digits_of(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize(("form", "number"), ESCAPED)
def test_masked_in_message_and_column(form, number, context):
    text = context.format(form)
    msg = mask_message(text)
    assert number not in _digits_of(msg), msg
    col = mask_text(pd.Series([text, "WO2025000123"]))
    assert number not in _digits_of(col[0]), col[0]
    assert col[1] == "WO2025000123"
    assert candidates(pd.Series([text])).tolist() == [True]


@pytest.mark.parametrize("text", KEPT)
def test_ranges_versions_ids_kept(text):
    assert mask_message(text) == text
    assert mask_text(pd.Series([text]))[0] == text
