"""verdicts26: :func:`windoweval.dialogue.staff_text` called directly (not through validate) read a turn under a label it
does not know as part of the turn before it - a customer's, so the staff's 急什么！ after 柜台A： was dropped from the
staff's words in silence (validate refuses such a dialogue: unknown_speakers).  It now refuses it the same way: an
InputError (a ValueError; exit 3 at the command line) naming the row and the label (never a name), and the fix."""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.dialogue import TURN, staff_text
from windoweval.errors import InputError


@pytest.mark.parametrize("which", ["all", "first", "last"])
def test_an_unknown_label_is_refused_not_folded(which):
    t = pd.Series(["员工：您好", "客户：快点 柜台A：急什么！", "客户：快点 张三：急什么！"], index=[10, 11, 12])
    with pytest.raises(InputError) as e:
        staff_text(t, which)
    msg = str(e.value)
    assert e.value.exit_code == 3 and isinstance(e.value, ValueError)
    assert "11" in msg and "12" in msg and "柜台A" in msg and "张三" not in msg
    assert "mapping.yaml" in msg and "speakers" in msg and "未知" in msg and "unknown" in msg
    assert "急什么" not in msg


def test_known_labels_headings_and_staff_words_still_read():
    t = pd.Series(["客户：快点 坐席A：急什么！", "员工：好的 费用：一百元 客户：谢谢", "您好，请慢走。", None])
    assert staff_text(t).fillna("<NA>").tolist() == ["急什么！", "好的 费用：一百元", "您好，请慢走。", "<NA>"]
    assert staff_text(t, "all", between=TURN).tolist()[:3] == ["急什么！", "好的 费用：一百元", "您好，请慢走。"]
