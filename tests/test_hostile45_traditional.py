"""Personal data written in traditional characters (繁体) was shown as written (hostile45).

The records read Big5 exports (records/io.py tells Big5 from GBK), and clerks in some halls type traditional
characters, yet every label, cue and column name the masking knows is simplified: ``聯繫人：王小明`` (联系人),
``客戶：陳志強來電反映`` and ``報修人：張三`` kept the name, and a column headed 聯繫人, 電話, 身份證號 or 客戶名稱 was not
masked whole (:func:`windoweval.privacy.personal_column` false), so a column of bare names reached every output.
Traditional characters are now folded to simplified for the matching (one character for one: the text outside a
match is kept as written), as full-width digits are.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.exports import safe_frame
from windoweval.privacy import free_text_column, mask_frame, mask_message, mask_text, personal_column


@pytest.mark.parametrize("text, masked", [
    ("聯繫人：王小明", "聯繫人：某某"),
    ("客戶：陳志強來電反映電費問題", "客戶：某某來電反映電費問題"),
    ("報修人：張三，地址不詳", "報修人：某某，地址不詳"),
    ("患者：劉德華", "患者：某某"),
    ("請陳小姐回電", "請某小姐回電"),
    ("黃先生來電投訴", "某先生來電投訴"),
    ("聯絡人 趙大偉 來電", "聯絡人 某某 來電"),
])
def test_a_name_after_a_traditional_label_is_masked(text, masked):
    # the name masked, the text outside it kept as written (traditional stays traditional)
    assert mask_text(pd.Series([text])).iloc[0] == masked
    assert mask_message(text) == masked


def test_the_simplified_forms_are_unchanged_and_ordinary_traditional_text_stays():
    assert mask_text(pd.Series(["联系人：王小明", "電費問題，客戶反映窗口排隊久"])).tolist() == \
        ["联系人：某某", "電費問題，客戶反映窗口排隊久"]


@pytest.mark.parametrize("header", ["聯繫人", "聯絡人", "客戶名稱", "電話", "聯繫電話", "手機號碼", "戶名", "身份證號",
                                    "證件號碼", "投訴人", "報修人"])
def test_a_traditional_personal_header_is_masked_whole(header):
    assert personal_column(header)
    df = mask_frame(pd.DataFrame({header: ["王小明", "陳大文"], "window_id": ["PW01", "PW02"]}))
    assert df[header].tolist() == ["[已遮蔽 masked]"] * 2
    assert "王小明" not in safe_frame(pd.DataFrame({header: ["王小明"]})).to_string()


def test_a_traditional_free_text_header_is_free_text():
    assert free_text_column("備註") and free_text_column("客戶意見") and free_text_column("問題描述")
