"""Reviewer rev22b: the English speaker labels were matched in lower case only (customer:, staff:), so an export's
Customer: / Staff: was no label, the whole text was read as the staff's words and a customer's 你急什么！ failed the
staff (标准2 附件2 and 标准5 六、4 judge the staff's words only)."""
from __future__ import annotations

import pandas as pd

from windoweval.dialogue import has_labels, staff_text
from windoweval.kernels.text import phrases_forbidden, phrases_required


def test_capitalised_english_labels_are_labels():
    """Fails on main: [False, False] labels, the customer's 急什么 a violation (False), the staff's 您好 not first."""
    t = pd.Series(["Customer: 你急什么！ Staff: 您好，请坐。", "CALLER: 急什么 AGENT: 您好"])
    assert has_labels(t).tolist() == [True, True]
    assert staff_text(t).tolist() == ["您好，请坐。", "您好"]
    assert phrases_forbidden(pd.DataFrame({"text": t}), ["急什么"]).tolist() == [True, True]
    assert phrases_required(pd.DataFrame({"text": t}), ["您好"], position="start").tolist() == [True, True]
