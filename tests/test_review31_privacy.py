"""review31: the session-31 rule for a name asked to call back (``name_after_please``: 请张三回电) took the words a
work order writes between 请 and the call for a name (请马上联系客户 -> 请某某联系客户, 请向客户回复, 请安排回访): an
adverb, a preposition or a verb whose first character is a surname's.  Those stay; the names stay masked."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.privacy import mask_text

KEPT = ["请马上联系客户", "请马上回电", "请向客户回复", "请向用户解释并回复", "请安排回访", "请安排人员回访",
        "请严格回复", "请查实回复", "请查一下回复", "请何时回电", "请周一回电", "请任何人回复", "请文明回复",
        "请包容回复", "请关注并回复", "请查收并回复", "请施工方联系", "请项目部回复", "请武装部回复", "请安全员联系",
        "客户：请马上联系我"]
MASKED = [("客户：请张三回电", "张三"), ("请李四尽快联系客户", "李四"), ("请欧阳娜娜回电", "欧阳娜娜"),
          ("请王芳马上回电", "王芳"), ("请马丽回电", "马丽"), ("请安然联系客户", "安然"), ("请周杰回复", "周杰"),
          ("请何平给客户回电", "何平")]


@pytest.mark.parametrize("text", KEPT)
def test_words_between_please_and_the_call_stay(text):
    for free in (False, True):
        assert mask_text(pd.Series([text] * 3, dtype="string"), profile="records", free_text=free).tolist() == [text] * 3


@pytest.mark.parametrize("text,name", MASKED)
def test_a_name_asked_to_call_back_is_still_masked(text, name):
    for profile in ("records", "survey"):
        assert name not in mask_text(pd.Series([text], dtype="string"), profile=profile).iloc[0]
