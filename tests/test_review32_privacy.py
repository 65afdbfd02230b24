"""Review 32 of session 32's name_is_intro (a name given with 我是 / 本人 and no label): names it still showed
(a sentence-final particle after the name, an ellipsis, a tilde or an opening bracket, 他爸 / 她妈 after it) and
ordinary words it masked (本人申请, 本人房屋, 本人和家人, 本人曾投诉, 我是商户, 我是苏州, …)."""
import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

from windoweval.privacy import mask_text, mask_message


def _masked(text: str) -> str:
    return mask_text(pd.Series([text]), free_text=True).iloc[0]


@pytest.mark.parametrize("text, name", [
    ("我是王小明啊", "王小明"), ("我是张三呀", "张三"), ("客户：我是王小明啊", "王小明"), ("我是刘德华哦", "刘德华"),
    ("我是王小明嘛，想问一下", "王小明"), ("我是李明（客户）", "李明"), ("我是李明……", "李明"), ("我是李明～", "李明"),
    ("我是张三他爸", "张三"), ("我是张三她妈", "张三"), ("我是张三的家人", "张三"),
])
def test_a_name_before_a_particle_a_bracket_or_a_relative_is_masked(text, name):
    out = _masked(text)
    assert name not in out, out
    assert name not in mask_message(text), mask_message(text)


@pytest.mark.parametrize("text", [
    "本人申请，望批准", "本人申请", "本人房屋，", "本人房子，", "本人申诉，", "本人和家人", "本人和妻子来电", "本人曾投诉",
    "本人于是来电", "本人车被拖", "本人毛坯房，", "本人宁愿，", "本人尤其，", "本人任职，", "本人田地，",
    "我是商户，", "我是商家，", "我是施工方", "我是施工队来电", "我是商户来电", "我是万一",
    "我是苏州，", "我是温州来电", "我是郑州，", "我是常州来电",
])
def test_an_ordinary_word_after_ben_ren_or_wo_shi_is_kept(text):
    assert _masked(text) == text
    assert mask_message(text) == text


def test_the_name_is_masked_whole_not_the_pronoun_after_it():
    # 我是张三他儿子 had become 我是某某儿子: 他 was read as the name's second character
    assert _masked("我是张三他儿子") == "我是某某他儿子"


@pytest.mark.parametrize("text", ["我 是王小明，想问", "我就 是李四", "我 就 是张三。", "我\t是王芳，来电"])
def test_the_prefilter_finds_wo_shi_written_with_a_space(text):
    # name_is_intro takes 我 是 with a space (a transcript split into words), the cue word 我是 did not: in a column
    # long enough to be pre-filtered the name was left as written
    from windoweval.privacy import _PREFILTER_FROM, _mask_all, candidates

    s = pd.Series([text], dtype="string")
    assert _mask_all(s, "records").iloc[0] != text   # the rules change it ...
    assert candidates(s, "records")[0] and candidates(s, "survey")[0]   # ... so the pre-filter must find it
    out = mask_text(pd.Series([f"WO{i}" for i in range(_PREFILTER_FROM)] + [text]))
    assert out.iloc[-1] == _mask_all(s, "records").iloc[0]


@pytest.mark.parametrize("text", [
    "客户：这里是黄河路，", "客户：这边是马路边", "客户：我是王家村的", "客户：我是黄河路的", "我是王家村，", "我是李庄，",
    "客户：这边是周一停的电", "客户：我是周一来的",
])
def test_a_place_or_a_day_after_wo_shi_or_zhe_li_shi_is_kept(text):
    # a road, a street, a village or a roadside (…路 …街 …村 …庄 …边) and a weekday are no names (name_colon_intro
    # had read 这里是黄河路 as 这里是某某, 客户：这边是周一停的电 as 这边是某某的电)
    assert _masked(text) == text
    assert mask_message(text) == text


@pytest.mark.parametrize("text, name", [("客户：这里是李四", "李四"), ("客户：这里是李四家", "李四"),
                                        ("客户：我是周芳，想问", "周芳"), ("我是路明，", "路明")])
def test_a_name_there_is_still_masked(text, name):
    assert name not in _masked(text)


_INTRO_PIECES = ["我", "是", "就", "本人", "这里", "这边", "客户", "：", "张三", "王小明", "欧阳", "李", "明", "啊", "的",
                 "家属", "他", "爸", "来电", "想问", "，", "。", " ", "\u3000", "\t", "（", "…", "周一", "路", "村", "州",
                 "同志", "请", "回电", "申请", "和", "家人"]


@pytest.mark.parametrize("profile", ["records", "survey"])
@settings(max_examples=300, deadline=None)
@example(text="我 是张三")
@example(text="我就　是王小明，想问")
@given(text=st.lists(st.sampled_from(_INTRO_PIECES), min_size=1, max_size=10).map("".join))
def test_the_prefilter_never_skips_an_introduction_the_rules_change(profile, text):
    # tests/test_privacy_prefilter.py's property, over the words a name given with 我是 / 本人 / 这里是 is made of
    from windoweval.privacy import _mask_all, candidates

    s = pd.Series([text], dtype="string")
    if not candidates(s, profile)[0]:
        assert _mask_all(s, profile).iloc[0] == text


@pytest.mark.parametrize("text", ["我是高兴啊", "我是明白啊", "本人明白啊", "我是农民啊", "我是苏州啊", "我是黄河路啊",
                                  "我是江苏人啊", "我是王家村的呀"])
def test_a_word_before_a_closing_particle_is_kept(text):
    assert _masked(text) == text
