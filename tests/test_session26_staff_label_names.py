"""session 26: a name written into a transcript's staff label (营业员小王：, 药师王小芳：, 客服 小李：) reached every
output as written (verdicts26 read these labels as staff; privacy masked names after customer labels only).  Now
masked in both profiles, the role word kept; labels with an id and ordinary words before a colon stay."""
import pandas as pd
import pytest

from windoweval.privacy import candidates, mask_text


@pytest.mark.parametrize("text,want", [
    ("营业员小王：您好", "营业员某某：您好"),
    ("药师王小芳：您好，请稍等", "药师某某：您好，请稍等"),
    ("员工张伟：急什么！", "员工某某：急什么！"),
    ("客服 小李：好的", "客服 某某：好的"),
    ("员工：您好 收费员老陈:好的", "员工：您好 收费员某某:好的"),
    ("坐席阿梅：请稍等", "坐席某某：请稍等"),
    # every name records.speakers reads as a staff label's (a compound or a rarer surname, 话务员) is masked
    ("营业员欧阳明：您好", "营业员某某：您好"),
    ("话务员小王：您好", "话务员某某：您好"),
])
def test_a_name_in_a_staff_label_is_masked(text, want):
    assert mask_text(text).iloc[0] == want
    assert mask_text(pd.Series([text] * 300)).tolist() == [want] * 300     # the column path, prefilter included
    assert candidates(pd.Series([text])).tolist() == [True]


@pytest.mark.parametrize("text", ["客服1号：您好", "坐席A：您好", "窗口3：请出示证件", "医生说：按时吃药", "客服电话：95598",
                                  "医生建议：多喝水", "员工：您好", "营业员小王说您好"])
def test_other_labels_and_words_stay(text):
    assert mask_text(text).iloc[0] == text
