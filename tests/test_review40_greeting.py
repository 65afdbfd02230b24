"""首问语 “您好” (标准2 附件1, 标准5 四(二)(三)): diff40 broke 您好 where it begins 好像 or 好运, but 您 followed by the
adverb 好好 (请您好好核对一下: check carefully), 好久 (您好久没来了: you have not come for long) or 好些 (您好些了吗: are
you better) was still read as the greeting, a pass on words that greet nobody.  Each is no greeting now; a greeting
a mark sets apart (您好!好的, 您好,久等了) still is (review40)."""
from __future__ import annotations

import pandas as pd
import pytest

import diff40_reference as ref


@pytest.mark.parametrize("said, greeted", [
    ("请您好好核对一下信息。", False), ("麻烦您好好想想。", False), ("你 好好 看看。", False),
    ("您好久没来了。", False), ("您好些了吗?请坐。", False),
    ("您好!好的,马上办。", True), ("您好,久等了。", True), ("您好,些许材料要补。", True), ("您好像没带身份证?", False),
])
def test_hello_before_an_adverb_of_good_is_no_greeting(said, greeted):
    from windoweval.kernels.text import phrases_required

    df = pd.DataFrame({"text": [f"员工:{said}\n客户:好的。"]})
    phrase = "你好" if said.startswith("你") else "您好"
    assert phrases_required(df, [phrase], position="start").tolist() == [greeted]
    # the independent reading agrees
    assert ref._said(said.replace(" ", ""), phrase) == greeted


@pytest.mark.parametrize("said, greeted", [
    ("您好\u3000像没带身份证?", False), ("你好\u00a0好好看看。", False), ("您好\u3000久没来了。", False),
    ("您好\u3000，像您这种情况要预约。", True),
])
def test_a_full_width_or_no_break_blank_between_is_still_no_greeting(said, greeted):
    # session 40 (review40 left it): Arrow's RE2 reads \s as ASCII alone, so 您好　像 with a full-width space kept its
    # greeting
    from windoweval.kernels.text import phrases_required

    df = pd.DataFrame({"text": [f"员工:{said}\n客户:好的。"]})
    phrase = "你好" if said.startswith("你") else "您好"
    assert phrases_required(df, [phrase], position="start").tolist() == [greeted]
