"""The masking pre-filter (windoweval.privacy.candidates) never skips a text that the full masking would change.

:func:`~windoweval.privacy.mask_text` sends only the texts that the one combined pattern
(:func:`~windoweval.privacy.candidate_pattern`) finds through its rules; everything else is
left as written.  That is only right if every text some rule changes is found: a property,
checked here on texts built from the pieces the rules look for (digits of several scripts,
full-width forms, signs, cue words, street words, surnames and titles) and on arbitrary text,
for both profiles.  The examples are the project's hypothesis profile (``ci``: derandomised).
"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

from windoweval.privacy import _PREFILTER_FROM, _mask_all, candidates, mask_text

PIECES = [
    # digits: ASCII, full-width, Arabic-Indic, Devanagari, mathematical; numbers of the lengths the rules take
    "0", "1", "8", "86", "9", "138", "1381234", "13812345678", "８６", "１３８", "٣", "١٣٨١٢٣٤٥٦٧٨", "१२३४५६७८९", "𝟏𝟑𝟖",
    "0571", "010", "62345678", "8111", "0008", "110101", "19900307", "123X", "330106198506121234",
    "95598", "12345", "2025-03-05",
    # signs and separators, ASCII and folded forms
    "+", "＋", "@", "＠", "(", ")", "（", "）", "-", "－", "−", "‐", "—", ".", "．", " ", "\u3000", "\u00a0", "\t",
    ":", "：", ",", "，", "转",
    # letters before digits (work-order and customer ids), full-width letters
    "WO", "C", "PW", "x", "Ｗ", "ｘ", "a.b", "example.com", "_",
    # cue words, titles, roles, surnames, street words and address units
    "姓名", "联系人", "客户", "患者", "病人", "来电人", "申请人", "投诉人", "办事人", "我叫", "名字是",
    "先生", "女士", "小姐", "师傅", "经理", "姐", "工作人员", "营业员", "王", "李", "欧阳", "张三", "娜娜",
    "路", "街", "大道", "小区", "苑", "村", "号", "号楼", "栋", "幢", "单元", "室", "层", "户",
    "态度", "很", "来电", "反映", "投诉", "阿姨", "于", "昨日", "白天", "不", "护照", "通行证", "E", "EA", "卡号", "card no",
    "6222", "0212", "3456", "0086", "(86)", "+86-",
]

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map("".join),
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Nd", "Lo", "Po", "Zs", "Sm", "Pd"]), max_size=20),
)


@pytest.mark.parametrize("profile", ["records", "survey"])
@settings(max_examples=400, deadline=None)
@given(text=texts)
@example(text="联系人 欧阳娜娜")
@example(text="中山路٣号")
@example(text="WO+86 571 8111 0008")
@example(text="ｘ１３８１２３４５６７８")
def test_prefilter_never_skips_a_text_the_rules_change(profile, text):
    s = pd.Series([text], dtype="string")
    if not candidates(s, profile)[0]:
        assert _mask_all(s, profile).iloc[0] == text


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(texts, st.none()), min_size=1, max_size=40))
def test_mask_text_with_the_prefilter_equals_every_rule_on_every_text(values):
    # padded past the length from which mask_text filters first, with ids it leaves alone
    pad = [f"WO{i}" for i in range(_PREFILTER_FROM)]
    s = pd.Series(values + pad, dtype=object, index=[7] * (len(values) + len(pad)))  # a repeated index too
    for profile in ("records", "survey"):
        got = mask_text(s, profile=profile)
        want = _mask_all(s.astype("string"), profile)
        assert got.tolist() == want.tolist() and got.dtype == want.dtype and got.index.equals(s.index)


def test_ids_and_dates_are_not_candidates_but_personal_data_is():
    s = pd.Series(["WO1381234567890", "C4821337", "PW0001", "2025-03-05 10:00:00", "power_window.10.2.5",
                   "电话13812345678", "王先生", "a@b.cn", "中山路12号", "１３８"], dtype="string")
    assert candidates(s).tolist() == [False, False, False, True, True, True, True, True, True, True]


def test_missed_records_mask_as_mask_frame_does():
    # the missed-records Parquet masks only the candidates of each text column, each distinct value once
    from windoweval.exports import _masked_by_value
    from windoweval.privacy import mask_frame

    n = 3 * _PREFILTER_FROM
    text = ["王先生来电 13812345678", "身份证11010119900307123X", "WO123", None, "中山路12号3栋", "ok"]
    df = pd.DataFrame({
        "order_id": [f"WO{i}" for i in range(n)],
        "note": [text[i % len(text)] for i in range(n)],
        "mixed": [("客户：张三" if i % 3 else i) for i in range(n)],
        "empty": [None] * n,
        "k": range(n),
        "window_id": pd.array(["PW01", "PW02", None] * (n // 3), dtype="str"),
    })
    got, want = _masked_by_value(df), mask_frame(df)
    same = lambda s: [None if v is None or v is pd.NA else v for v in s.tolist()]  # noqa: E731 - None or <NA>
    for c in df.columns:
        assert same(got[c]) == same(want[c]), c
    assert got["note"].tolist()[:2] == ["某先生来电 [手机号]", "身份证[身份证号]"]


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.one_of(texts, st.none()), min_size=1, max_size=30))
def test_a_few_texts_mask_as_a_column_does(values):
    # under the pre-filter's length mask_text masks text by text; the same as the column machinery
    s = pd.Series(values, dtype=object, name="x")
    for profile in ("records", "survey"):
        got = mask_text(s, profile=profile)
        want = _mask_all(s.astype("string"), profile)
        assert got.tolist() == want.tolist() and got.dtype == want.dtype and got.name == want.name
