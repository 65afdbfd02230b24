"""rev23d: review of safety23's masking rules.  A bracketed run after a label with no listed surname
(``name_bracket_any``) masked service words and descriptions of a customer (客户（学生）, 客户（母亲）, 客户（光伏）);
a romanised place or brand before an act (An Hui来电, Li Ning投诉) was masked as a name, and a run of more pinyin words
than a name has was masked in part (Ma Ke Bo Luo来电 -> Ma 某某来电)."""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_message


@pytest.mark.parametrize("text", [
    "客户（学生）来电", "客户（教师）来电", "客户（医生）来电", "客户（律师）来电", "客户（中介）来电",
    "客户（儿子）来电", "客户（母亲）来电", "客户（父亲）来电", "客户（妻子）来电", "客户（朋友）来电",
    "客户（学校）来电", "客户（医院）来电", "客户（工厂）来电", "客户（退休）来电", "客户（港澳）来电",
    "客户（台胞）来电", "客户（回访）来电", "客户（紧急）来电", "客户（加急）来电", "客户（普通）来电",
    "客户（敏感）来电", "客户（情绪激动）来电", "客户（态度恶劣）来电", "客户（特困）来电", "客户（记者）来电",
    "客户（银行）来电", "客户（快递）来电", "客户（英文）来电", "客户（粤语）来电", "客户（手语）来电",
    "客户（光伏）来电", "客户（分布式）来电", "客户（临时）来电", "来电人（物业）反映", "联系人（前台）",
])
def test_service_word_in_brackets_kept(text):
    assert mask_message(text) == text


@pytest.mark.parametrize("text,gone", [
    ("客户（热依拉）来电", "热依拉"), ("来电人（古丽娜尔）反映", "古丽娜尔"), ("联系人：「阿依古丽」", "阿依古丽"),
    ("客户（买买提）来电", "买买提"), ("客户（扎西卓玛）来电", "扎西卓玛"), ("客户（努尔兰）来电", "努尔兰"),
])
def test_transliterated_name_in_brackets_masked(text, gone):
    assert gone not in mask_message(text)


@pytest.mark.parametrize("text", [
    "An Hui来电", "He Nan来电反映", "Hu Bei来电", "Shan Dong投诉", "Jiang Su来电", "Wu Han来电", "Chang Sha来电",
    "Guang Zhou来电", "Xi An来电", "Li Ning投诉", "Wang Fu Jing来电",
])
def test_pinyin_place_or_brand_kept(text):
    assert mask_message(text) == text


@pytest.mark.parametrize("text", ["Ma Ke Bo Luo来电", "Zhong Guo Dian Xin投诉", "Wei Xin Zhi Fu投诉"])
def test_longer_pinyin_run_not_masked_in_part(text):
    assert mask_message(text) == text


@pytest.mark.parametrize("text,gone", [
    ("Ouyang Na来电", "Na"), ("ZHANG san来电", "san"), ("wang lei来电", "lei"), ("Customer Zhang San来电", "San"),
    ("Caller Wang Lei投诉", "Lei"), ("the user Li Na投诉", "Na"), ("3月5日Li Si反映", "Si"),
])
def test_pinyin_names_still_masked(text, gone):
    assert gone not in mask_message(text)
