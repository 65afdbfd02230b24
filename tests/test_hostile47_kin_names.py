"""A relative named by kinship (round six, hostile47): 患者李某某之子李强来电, 儿子李强来电, 其女儿王芳投诉 kept the
relative's name as written, while 家属李强来电 was masked: the kinship words are parties as 家属 is."""
from __future__ import annotations

import pytest

from windoweval.privacy import mask_text


@pytest.mark.parametrize("given, gone", [
    ("患者李某某之子李强来电", "李强"),
    ("儿子李强来电称排队久", "李强"),
    ("其女儿王芳投诉", "王芳"),
    ("丈夫张伟反映", "张伟"),
    ("妻子陈红陪同就诊", "陈红"),
    ("母亲刘秀英在窗口等候", "刘秀英"),
    ("监护人赵敏签字", "赵敏"),
])
def test_a_relative_named_by_kinship_is_masked(given, gone):
    got = mask_text(given).iloc[0]
    assert gone not in got, got


@pytest.mark.parametrize("kept", ["女儿发烧来就诊", "儿子在外地,由家属代办", "母亲节活动", "丈夫同意手术"])
def test_kinship_words_without_a_name_are_kept(kept):
    assert mask_text(kept).iloc[0] == kept
