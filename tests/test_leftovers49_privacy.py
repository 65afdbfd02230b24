"""leftovers49: two edges of the masking rules (windoweval/privacy.py).

* 姓名 with no colon took the words after it for a name: "文本中的电话号码、身份证号码与姓名已隐去。" became
  "……与姓名某某。" (records) and "……与姓名[姓名/name]。" (survey); a word of the sentence (已, 未, 等, 与, 栏, 不 …)
  starts no name, and a name after the label is still masked.
* A street's name of more than five characters before its word (阜成门外北大街12号) left its first character shown
  (阜[地址]); a number with 甲 / 乙 before it (中关村南大街甲5号) was not taken for an address at all.
(The clause texts of the five standards and the demo windows' names stay unchanged:
tests/test_newuser48_privacy.py::test_clause_wording_and_window_names_are_kept.)
"""
import pandas as pd
import pytest

from windoweval.privacy import mask_message, mask_text


@pytest.mark.parametrize("text", ["文本中的电话号码、身份证号码与姓名已隐去。", "姓名未填写", "姓名与电话已核实",
                                  "姓名等信息不全", "姓名栏为空", "联系人不详"])
def test_the_words_after_a_name_label_are_no_name(text):
    for profile in ("records", "survey"):
        assert mask_text(pd.Series([text]), profile=profile).iloc[0] == text


@pytest.mark.parametrize("text,want", [("姓名张三", "姓名某某"), ("姓名：张三来电", "姓名：某某来电"),
                                       ("联系人王五", "联系人某某"), ("姓名 李四", "姓名 某某")])
def test_a_name_after_the_label_is_still_masked(text, want):
    assert mask_text(pd.Series([text])).iloc[0] == want
    assert "[姓名/name]" in mask_text(pd.Series([text]), profile="survey").iloc[0]


@pytest.mark.parametrize("text,want", [("住在阜成门外北大街12号", "住在[地址]"), ("西直门外南大街3号院", "[地址]"),
                                       ("北京市海淀区中关村南大街5号", "北京市海淀区[地址]"),
                                       ("地址：中关村南大街甲5号", "地址：[地址]")])
def test_a_long_street_name_is_masked_whole(text, want):
    assert mask_text(pd.Series([text])).iloc[0] == want
    assert mask_text(pd.Series([text]), profile="survey").iloc[0] == want.replace("[地址]", "[地址/address]")
    assert not any(w in mask_message(text) for w in ("阜", "西直", "中关村"))


@pytest.mark.parametrize("text", ["中山路营业厅", "幸福路供电营业厅", "市政务服务中心3楼2号窗口", "中关村南大街营业厅"])
def test_what_is_no_address_is_kept(text):
    assert mask_text(pd.Series([text])).iloc[0] == text
