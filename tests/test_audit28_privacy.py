"""What the privacy rule promises about a name with no cue (twenty-eighth audit): decided, documented and pinned.

A name in free text with no cue (not after 姓名/客户/联系人…, not before 先生/女士/师傅…, not before 来电/反映 at a clause's
start) is printed as written: a list of surnames would mask every word starting with one (时间, 范围, 检查: 300 of the
387 sentences of the five standards hold a surname character).  The rule's promise is written in
``windoweval/privacy.py`` and the README; these tests pin both sides of it: uncued names and surname-led words stay, a
cued name, a column of names and every number form are masked, and the README no longer claims that no name reaches a
report.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from windoweval.exports import safe_frame
from windoweval.privacy import _SINGLE, mask_text

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("text", ["今天张三在窗口等了很久", "窗口张三态度差", "时间范围检查明确", "王府井营业厅办理", "高峰时段周末排队"])
def test_a_name_with_no_cue_and_words_led_by_a_surname_are_printed_as_written(text):
    assert mask_text(pd.Series([text])).tolist() == [text]


@pytest.mark.parametrize("text, want", [
    ("张三反映窗口排队久", "某某反映窗口排队久"),
    ("客户张三来电反映", "客户某某来电反映"),
    ("找王先生", "找某先生"),
    ("今天张三13812345678在窗口", "今天张三[手机号]在窗口"),   # the number without a cue is masked; the name is not
])
def test_a_cued_name_and_every_number_are_masked(text, want):
    assert mask_text(pd.Series([text])).tolist() == [want]


def test_a_column_of_names_is_masked_whole_whatever_it_holds():
    from windoweval.cells import MASKED

    df = pd.DataFrame({"客户姓名": ["张三", "欧阳娜娜"], "诉求内容": ["今天张三在窗口", "无"]})
    out = safe_frame(df)     # every table written for people
    assert out["客户姓名"].tolist() == [MASKED, MASKED]
    assert out["诉求内容"].tolist() == ["今天张三在窗口", "无"]


def test_a_names_list_masks_the_names_an_organisation_knows_wherever_they_stand():
    assert mask_text(pd.Series(["今天张三在窗口等了很久"]), names=["张三"]).tolist() == ["今天某某在窗口等了很久"]


def test_the_measured_share_of_standard_sentences_holding_a_surname_is_what_privacy_py_says():
    text = "".join(f.read_text(encoding="utf-8") for f in sorted((ROOT.parent / "shared" / "standards").glob("*.txt")))
    if not text:
        pytest.skip("the shared standards are not beside the project")
    han = re.findall(r"[\u4e00-\u9fa5]", text)
    sents = [s for s in re.split(r"[。；;\n]", text) if re.search(r"[\u4e00-\u9fa5]", s)]
    hit = sum(c in _SINGLE for c in han)
    held = sum(any(c in _SINGLE for c in s) for s in sents)
    doc = (ROOT / "windoweval" / "privacy.py").read_text(encoding="utf-8")
    assert f"({hit:,} of {len(han):,})" in doc and f"{held} of their {len(sents)} sentences" in doc


def test_the_readme_promises_what_the_rule_does():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "No phone number, ID-card number\nor name reaches a report" not in text
    assert "a name with no such cue is shown as written" in text and "自由文本中没有提示词的姓名按原文显示" in text
