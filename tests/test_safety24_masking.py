"""safety24, second round: a landline after its label typed with letters for digits (电话：O1O-6552 3456) and a
romanised name in capitals run on to its label (客户JOHN SMITH来电) reached the output as written.  Each form is
checked in a message (:func:`mask_message`) and in a column (:func:`mask_text`, the pre-filtered path), and the
texts next to them that are no personal data stay exactly as written."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.privacy import candidates, mask_message, mask_text

MASKED = [
    ("电话：O1O-6552 3456", "65523456"),
    ("座机 O1O-65523456", "65523456"),
    ("联系电话O1O65523456", "65523456"),
    ("固话：(O571)8888 6666", "88886666"),
    ("电话 ol0-6552-3456转12", "65523456"),
    ("客户JOHN SMITH来电", "JOHNSMITH"),
    ("姓名JOHN SMITH", "JOHNSMITH"),
    ("业主MARY ANN LEE反映停电", "MARYANNLEE"),
    ("客户ZHANG San来电", "ZHANGSan"),
]
KEPT = ["电话：Hello", "电话：lOl", "电话 OK，已回访", "客户VIP来电", "客户（VIP）来电", "客户APP下单", "窗口O1O区",
        "电话：O1O", "客户SVIP反映", "客户ID缺失", "客户VIP A区来电", "客户EMS Z1寄回"]


def _flat(text: str) -> str:
    return re.sub(r"[\s\-()（）]", "", text)


@pytest.mark.parametrize(("text", "needle"), MASKED)
def test_masked_in_message_and_column(text, needle):
    assert needle not in _flat(mask_message(text)), mask_message(text)
    col = mask_text(pd.Series([text, "WO1234567"]))
    assert needle not in _flat(col[0]), col[0]
    assert col[1] == "WO1234567"
    assert candidates(pd.Series([text])).tolist() == [True]


@pytest.mark.parametrize("text", KEPT)
def test_kept(text):
    assert mask_text(pd.Series([text]))[0] == text
    assert mask_message(text) == text
