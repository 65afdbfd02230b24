"""safety26: a phone or ID-card number written with a clerk's odd separators must never reach an output.

Probed (/tmp/safety26/probe.py, 45 forms in three contexts): one to two spaces, a tab, U+3000, NBSP, dashes of every
width, dots, +86/0086, full-width and mixed digits, a line break, a lower-case x were all masked; a run of three or
more blanks between the groups (``138   0013   8000``, a clerk's alignment, a pasted table), spaces around a dash
(``138  -  0013  -  8000``), blanks around a line break (``138 \\n 0013``) reached the output as written, for mobiles,
18-digit ID-card numbers and landlines alike.  Each form is checked in a message (:func:`mask_message`) and in a
column (:func:`mask_text`, the pre-filtered path); the ordinary numbers next to them (amounts, dates, times, order
and window ids, counts) stay exactly as written."""
from __future__ import annotations

import re
import time

import pandas as pd
import pytest

from windoweval.privacy import PRIVATE_PATTERNS, candidates, mask_message, mask_text

_DIGITS = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")

# (form, what must not survive in the digits of the output)
ESCAPED = [
    ("138   0013   8000", "13800138000"),
    ("138    0013    8000", "13800138000"),
    ("13800   138000", "13800138000"),
    ("138 \t 0013 \t 8000", "13800138000"),
    ("138\t\t\t0013\t\t\t8000", "13800138000"),
    ("138\u3000\u3000\u30000013\u3000\u3000\u30008000", "13800138000"),
    ("138\u00a0\u00a0\u00a00013\u00a0\u00a0\u00a08000", "13800138000"),
    ("138  -  0013  -  8000", "13800138000"),
    ("138 \n 0013 \n 8000", "13800138000"),
    ("+86   138   0013   8000", "13800138000"),
    ("１３８　　　００１３　　　８０００", "13800138000"),
    ("110105   19491231   002X", "11010519491231002X"),
    ("1101   0519   4912   3100   2x", "11010519491231002x"),
    ("110105  -  19491231  -  002X", "11010519491231002X"),
    ("010   6552   3456", "65523456"),
    ("0755   8888   6666转123", "88886666"),
    ("(010)   6552   3456", "65523456"),
]
CONTEXTS = ["{}", "客户来电{}，反映问题", "电话：{}", "联系方式 {} 张"]

# ordinary numbers: must stay exactly as written, alone and next to a masked number
KEPT = ["1,380.00元", "2025-06-01 18:00", "2025-06-01   18:00:00", "18:00   20:30", "WO2025000123", "共 13800 件",
        "窗口 W03", "第12号窗口", "金额   1380.00   元", "2025   06   01", "排队  12  人   等候  35  分钟",
        "办件量 1234   5678   90", "12   34   56", "订单 WO2025000123   2025-06-01"]


def _digits_of(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text.translate(_DIGITS))


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
def test_ordinary_numbers_kept(text):
    assert mask_message(text) == text
    assert mask_text(pd.Series([text]))[0] == text


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_kept_next_to_a_phone(text):
    out = mask_text(pd.Series([f"{text}；电话 138   0013   8000"]))[0]
    assert out.startswith(text + "；"), out
    assert "0013" not in out


def test_long_blank_runs_stay_fast():
    # the separators are bounded and atomic: the number rules read a text of digits and long blank runs in linear
    # time, not backtracked (timed rule by rule: name_latin_before_cue alone takes ~1.2 s on this text, see the report)
    hostile = ("1" + " " * 40) * 700 + "x" + ("138" + "\t " * 3) * 2000 + ("1 - " * 3000)
    rules = [re.compile(p) for name, p, _ in PRIVATE_PATTERNS
             if name in {"id_card", "id_card_15", "bank_card", "mobile", "landline", "landline_intl", "landline_area",
                         "landline_local", "mobile_letters"}]
    start = time.perf_counter()
    for rule in rules:
        rule.sub("", hostile)
    assert time.perf_counter() - start < 0.5
