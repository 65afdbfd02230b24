"""Personal data the masking missed and ordinary words it took (fifth audit of issue 11).

Missed: a name with its cue after it (``张三反映…``), a surname before 师傅 or 阿姨, ID-card numbers split at any place,
mobile numbers split at any place, passport and permit numbers, bank cards; and whole columns whose header names a
person under another word (投诉人, 申请人, patient), which reached a survey import's ``rejects.csv`` and the groups of
``survey estimate --by``.  Taken: an ordinary word after a label (``客户白天不在家`` became ``客户某某不在家``,
``客户于昨日来电`` became ``客户某某来电``) and English prose after an English label (``contact: the first person``).
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.privacy import _FOLD, mask_message, mask_text

# The forms, the texts kept and the column names are cases of tests/cases/privacy/masking.yaml
# (tests/test_privacy_cases.py).


def _norm(text: str) -> str:
    return re.sub(r"[\s\-()（）.+:：]", "", text.translate(_FOLD))


def test_a_masked_sentence_keeps_its_words():
    assert mask_message("客户白天不在家，张三反映窗口排队久") == "客户白天不在家，某某反映窗口排队久"
    assert mask_message("赵师傅、孙阿姨来电") == "某师傅、某阿姨来电"
    assert mask_message("患者(Wang Wu)于昨日来电") == "患者(某某)于昨日来电"


def test_a_table_for_people_masks_a_person_column_whole(tmp_path):
    from windoweval.exports import write_csv, write_xlsx

    df = pd.DataFrame({"row": [3, 4], "投诉人": ["柏青松", None], "patient": ["Qiao Yunfei", "蒲云舒"], "q1": ["1", "2"]})
    back = pd.read_csv(write_csv(df, tmp_path / "t.csv"), dtype=str, encoding="utf-8-sig", keep_default_na=False)
    assert back["投诉人"].tolist() == ["[已遮蔽 masked]", ""] and back["patient"].tolist() == ["[已遮蔽 masked]"] * 2
    assert back["q1"].tolist() == ["1", "2"]
    x = pd.read_excel(write_xlsx({"t": df}, tmp_path / "t.xlsx"), sheet_name="t", dtype=str)
    assert "柏青松" not in x.to_csv() and "Yunfei" not in x.to_csv()


def _delivery(tmp_path):
    from windoweval.cli import main

    assert main(["survey", "demo", "--out", str(tmp_path / "d"), "--years", "2025"]) == 0
    f = tmp_path / "d" / "power_hall_2025.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df["联系人"], df["投诉人"], df["patient"], df["申请人"] = "柏青松", "蒲云舒", "Qiao Yunfei", "甘露华"
    df.loc[3, "interview_date"] = "bad"        # a refused row: written to rejects.csv
    df.to_csv(f, index=False)
    return f


NAMES = ("柏青松", "蒲云舒", "Yunfei", "甘露华")


def test_survey_import_rejects_and_check_carry_no_name_of_a_person_column(tmp_path, capsys):
    from windoweval.cli import main

    f = _delivery(tmp_path)
    capsys.readouterr()
    assert main(["survey", "import", str(f), "--instrument", "power_hall", "--year", "2025",
                 "--store", str(tmp_path / "st")]) == 0
    main(["survey", "check", str(f), "--instrument", "power_hall", "--format", "csv"])
    text = "".join(capsys.readouterr())
    rejects = list((tmp_path / "st").rglob("rejects.csv"))
    assert rejects
    for p in [*rejects, *(tmp_path / "st").rglob("problems.csv")]:
        text += p.read_text(encoding="utf-8-sig")
    assert not [n for n in NAMES if n in text]


def test_survey_estimate_refuses_to_group_by_a_person_column(tmp_path, capsys):
    from windoweval.cli import main

    f = _delivery(tmp_path)
    capsys.readouterr()
    code = main(["survey", "estimate", str(f), "--instrument", "power_hall", "--by", "window_id,联系人"])
    text = "".join(capsys.readouterr())
    assert code == 2, text
    assert "「联系人」" in text and "个人信息" in text and "personal data" in text and "--by window_id" in text
    assert not [n for n in NAMES if n in text] and "Traceback" not in text


# ---------------------------------------------------------------- texts longer than a cell
def test_a_text_longer_than_a_cell_is_masked_then_cut():
    from windoweval.privacy import CUT_MARK, MAX_TEXT

    across = "说明" * 16380 + "电话13812345678"          # the number runs across the limit
    assert len(across) > MAX_TEXT
    for got in (mask_message(across), mask_text(pd.Series([across] * 300, dtype="string")).iloc[0]):
        # within a cell, room left for a formula's quote, the whole length named (safety20: was MAX_TEXT + the mark)
        assert CUT_MARK in got and len(got) == MAX_TEXT - 1 and f"{len(across):,}" in got
        assert "138" not in got and "1381234" not in _norm(got)
    short = "说明" * 100 + "电话13812345678"
    assert mask_message(short) == "说明" * 100 + "电话[手机号]"


@pytest.mark.parametrize("text", ["x" * 30_000, "1" * 30_000, "a@" * 15_000, "王" * 30_000, "x." * 15_000])
def test_a_long_run_of_one_character_masks_as_written(text):
    """The e-mail rules tried every start inside a run of letters or digits, and the word-digit rules looked ahead
    over every digit to the end of a run: hours for a 30,000-character cell (a hostile export); each now starts once
    per run, and the result is the same."""
    assert mask_message(text) == text


# Found reading the merged change: 于 and 向 as surnames, romanised names in lower case or after An/A, decimals
# and ids the widened number rules took: cases of tests/cases/privacy/masking.yaml (from: audit10 review).
