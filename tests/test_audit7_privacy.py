"""Personal data in written forms the masking missed (fourth audit of issue 11), and values echoed by problems.

Each form is masked in a message, in a column (the pre-filtered path of 256 texts and more) and in the lines a
problem table prints; order ids, amounts, dates and counts stay as written.
"""
from __future__ import annotations

import re

import pandas as pd

from windoweval.privacy import _FOLD, mask_message, mask_text

# The forms and the texts kept are cases of tests/cases/privacy/masking.yaml (tests/test_privacy_cases.py).


def _norm(text: str) -> str:
    return re.sub(r"[\s\-()（）.+:：]", "", text.translate(_FOLD))


def test_a_full_width_bracket_is_kept_as_written():
    assert mask_message("客户（张三）来电") == "客户（某某）来电"
    assert mask_message("客户（张三）电话１３８１２３４５６７８") == "客户（某某）电话[手机号]"


def test_survey_profile_masks_the_forms_too():
    got = mask_text(pd.Series(["电话一三八一二三四五六七八", "客户 张三 来电", "区号0571电话88886666"]),
                    profile="survey").tolist()
    assert got == ["电话[电话/phone]", "客户 [姓名/name] 来电", "区号[电话/phone]"]


# ---------------------------------------------------------------- values echoed by a problem
def test_a_cut_value_never_halves_a_phone_number_past_the_masking():
    from windoweval.records.problems import Problems

    value = "客" * 50 + "13812345678" + "尾" * 10      # the cut at 57 characters fell inside the number
    p = Problems.of(file="工单.csv", row=[12], column="备注", value=[value], problem_zh="太长", problem_en="too long")
    line = p.lines()
    assert "第 12 行 row 12" in line and "列 column 备注" in line      # enough to find the row
    assert "1381234" not in _norm(line), line


# a value of a personal column is never echoed: never_echoed in tests/cases/privacy/masking.yaml
def test_a_value_of_another_column_is_still_shown():
    from windoweval.records.problems import Problems

    p = Problems.of(file="a.csv", row=[3], column="received_at", value=["2025-13-01"], problem_zh="x", problem_en="y")
    assert "值 value '2025-13-01'" in p.lines()


def test_records_check_masks_a_phone_number_in_a_date_column(tmp_path, capsys):
    """A phone column mapped onto a date by mistake: the refusal names file, row and column, not the number."""
    from windoweval.cli import main
    from windoweval.demo import generate

    data = generate(tmp_path / "data", year=2025)
    f = data / "complaints.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    col = "受理时间"
    df.loc[10, col] = "一三八一二三四五六七八"
    df.to_csv(f, index=False)
    rc = main(["records", "check", "--data", str(data)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert rc != 0, text[-2000:]
    assert "一三八一二三四五六七八" not in text
    assert "第 12 行" in text or "row 12" in text, text[-2000:]


def test_problem_tables_written_for_people_mask_a_personal_column_whole():
    from windoweval.records.problems import Problems, personal_values_masked

    p = Problems.of(file="d.csv", row=[3, 4, 5], column=["联系人", "q1", "window_name"], value=["张三", "9", "城东营业厅"],
                    problem_zh="x", problem_en="y")
    got = personal_values_masked(p)
    assert got["value"].tolist() == ["[已遮蔽 masked]", "9", "城东营业厅"]
    assert got["row"].tolist() == [3, 4, 5] and p["value"].tolist()[0] == "张三"   # the input is not changed
