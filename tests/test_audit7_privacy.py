"""Personal data in written forms the masking missed (fourth audit of issue 11), and values echoed by problems.

Each form is masked in a message, in a column (the pre-filtered path of 256 texts and more) and in the lines a
problem table prints; order ids, amounts, dates and counts stay as written.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval.privacy import _FOLD, mask_message, mask_text

#: (text, needle that must not survive)
FORMS = [
    # phone numbers in word digits, 幺 and 〇 forms, mixed with digits, spaced
    ("电话一三八一二三四五六七八", "一三八一二三四五六七八"),
    ("手机幺三八幺二三四五六七八", "幺三八幺二三四五六七八"),
    ("电话一三九〇〇〇〇一二三四", "一三九〇〇〇〇一二三四"),
    ("手机 一三八 一二三四 五六七八", "一二三四五六七八"),
    ("回电138一二三四5678", "一二三四5678"),
    ("座机零五七一 八八八八六六六六", "八八八八六六六六"),
    ("电话１３８１２３４５６７８", "13812345678"),
    # names in brackets, with spaces, romanised
    ("客户（张三）来电", "张三"),
    ("客户(张三)反映", "张三"),
    ("患者（欧阳娜娜）", "欧阳娜娜"),
    ("客户 张三 来电", "张三"),
    ("客户 张三丰 反映停电", "张三丰"),
    ("业主李四来电", "李四"),
    ("客户：Zhang San", "ZhangSan"),
    ("客户Zhang San来电", "ZhangSan"),
    ("联系人 Li Si", "LiSi"),
    ("姓名: WANG Xiaoming", "WANGXiaoming"),
    ("Name: Zhang San", "ZhangSan"),
    ("患者 Wang Wu 来电", "WangWu"),
    ("客户（Zhao Liu）", "ZhaoLiu"),
    # an area code apart from its number, a local number after a label, extensions
    ("区号0571电话88886666", "88886666"),
    ("区号：0571，号码 8888 6666", "88886666"),
    ("电话88886666", "88886666"),
    ("座机：8888-6666", "88886666"),
    ("010-12345678转123", "转123"),
    ("0571-88886666 ext. 12", "ext12"),
    ("0571-88886666分机8001", "分机8001"),
    # e-mail addresses written to dodge a filter
    ("邮箱 zs@qq。com", "zs@qq"),
    ("邮箱 zhang.san [at] example.com", "zhangsan"),
    ("邮箱 zhangsan(at)qq.com", "zhangsan"),
    ("邮箱 zhangsan at qq dot com", "zhangsan"),
    # ID numbers with a lower-case x
    ("身份证11010119900307123x", "11010119900307123"),
    ("身份证 110101 19900307 123x", "11010119900307123"),
]

#: Order ids, amounts, dates, counts and ordinary words stay as written.
KEPT = ["WO13812345678", "订单WO110101199003071234", "金额13812元", "共12345678条", "2025年3月5日", "第一三八号",
        "二〇二五年三月", "一二三四五六", "三十一万元", "电话95598", "电话12345", "电话回访3次", "工单号20250305001",
        "客户服务态度好", "客户反映排队久", "用户（企业）", "at 3 pm", "95598", "12345热线",
        "Name of the window", "备注：ok"]


def _norm(text: str) -> str:
    return re.sub(r"[\s\-()（）.+:：]", "", text.translate(_FOLD))


@pytest.mark.parametrize("text,needle", FORMS)
def test_each_form_is_masked_in_a_message(text, needle):
    assert needle not in _norm(mask_message(text)), mask_message(text)


def test_each_form_is_masked_in_a_column_as_in_a_message():
    texts = [t for t, _ in FORMS] * 10          # ≥ 256 texts: the pre-filtered path
    assert len(texts) >= 256
    got = mask_text(pd.Series(texts, dtype="string")).tolist()
    for (text, needle), masked in zip(FORMS, got):
        assert needle not in _norm(masked), masked
        assert masked == mask_message(text)


@pytest.mark.parametrize("text", KEPT)
def test_ids_amounts_dates_and_counts_stay(text):
    assert mask_message(text) == text
    assert mask_text(pd.Series([text] * 300, dtype="string")).iloc[0] == text


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


@pytest.mark.parametrize("column,value", [("phone", "13812345678"), ("客户姓名", "张三"), ("联系电话", "8888 6666"),
                                          ("customer_name", "Li Si"), ("身份证号", "110101199003071234")])
def test_a_value_of_a_personal_column_is_never_echoed(column, value):
    from windoweval.records.problems import Problems

    p = Problems.of(file="a.csv", row=[12], column=column, value=[value], problem_zh="不是日期",
                    problem_en="not a date")
    line = p.lines()
    assert f"第 12 行 row 12 | 列 column {column} | 值 value '[已遮蔽 masked]'" in line, line
    assert _norm(value) not in _norm(line)


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
