"""Reviewer rev22b on verdicts22: the mark where a customer spoke (dialogue.TURN) was U+E002, the third code point of
the private-use area that GBK/GB18030's user-defined characters map to (AAA3 -> U+E002; rare name characters 生僻字 of
hospital and utility systems are kept there): a real character read as a customer's turn split the staff's words and
dropped the character from the drill-down sentence.  TURN is now a Unicode noncharacter (U+FDD0, never interchanged),
and one in the data is no turn."""
from __future__ import annotations

import pandas as pd

from windoweval.dialogue import TURN, staff_text
from windoweval.kernels.text import phrase_hits, phrases_forbidden


def test_private_use_character_in_data_is_no_turn():
    """Fails on main: the sentence shown was '女士，急什么！' (the user-defined character dropped) and 你烦不烦 split from
    its mark.  A character between the words is still no 你烦不烦 (pass, as before the merge)."""
    t = pd.Series(["员工：\ue002女士，急什么！", "你烦不烦\ue002！"])
    hits = phrase_hits(t, ["急什么", "你烦不烦"])
    assert hits["sentence"].tolist() == ["\ue002女士，急什么！", "你烦不烦\ue002！"]
    assert not "\ufdd0" in "".join(hits["sentence"])
    assert phrases_forbidden(pd.DataFrame({"text": ["你烦\ue002不烦！"]}), ["你烦不烦"]).tolist() == [True]


def test_turn_mark_in_the_data_is_no_turn():
    """A noncharacter in the data (never interchanged) is read as a space, not as a customer's turn."""
    s = staff_text(pd.Series(["员工：你烦" + TURN + "不烦 客户：好 员工：再见"]), between=TURN)
    assert s.str.split(TURN).tolist() == [["你烦 不烦", "再见"]]
