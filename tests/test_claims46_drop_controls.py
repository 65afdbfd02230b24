"""claims46: :func:`windoweval.cells.drop_controls` finds the cells holding a control character in one vectorised pass
over a text column (Arrow's regular expressions), and fixes only those in Python: the same output as every distinct
value judged by :data:`windoweval.cells.CONTROL` (it was ~0.39 s a million distinct values, each looked at in Python).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import windoweval.cells as cells
from windoweval.cells import CONTROL, drop_controls


def _by_rule(s: pd.Series) -> list:
    """Each cell as the rule makes it, one by one."""
    return [CONTROL.sub("", v) if isinstance(v, str) else v for v in s.tolist()]


class _Counting:
    """:data:`CONTROL` counting the values it is asked about in Python."""

    def __init__(self):
        self.searched, self.subbed = 0, 0

    def search(self, v):
        self.searched += 1
        return CONTROL.search(v)

    def sub(self, repl, v):
        self.subbed += 1
        return CONTROL.sub(repl, v)


def test_every_code_point_is_judged_as_the_rule_judges_it():
    chars = [chr(i) for i in range(0x3000) if not 0xD800 <= i <= 0xDFFF] + ["\U0001F600", "\u2028", "\ufeff"]
    s = pd.Series(["a" + c + "b" for c in chars] + [None, "", "\x00\x7f\x9f"], dtype=object)
    assert drop_controls(s).tolist() == _by_rule(s)


@pytest.mark.parametrize("values", [
    ["城东" + chr(27) + "[2J营业厅", "ok", None, 5],                          # text and a number
    ["a\x07", None, pd.Timestamp("2025-01-01"), 2.5, "b"],                   # text and a date
    [1, 2.5, None],                                                          # no text at all
    ["x\udcff\x07", "y"],                                                    # a lone surrogate (a file not UTF-8)
    [None, None],
])
def test_mixed_columns_are_as_before(values):
    s = pd.Series(values, dtype=object, index=range(10, 10 + len(values)), name="note")
    got = drop_controls(s)
    assert got.tolist() == _by_rule(s) and got.index.equals(s.index) and got.name == "note"


def test_a_text_column_is_judged_in_one_pass_and_only_its_hits_fixed_in_python(monkeypatch):
    counting = _Counting()
    monkeypatch.setattr(cells, "CONTROL", counting)
    s = pd.Series([f"V{i}" + ("\x07" if i % 100 == 0 else "") for i in range(20_000)] + [None], dtype=object)
    got = drop_controls(s)
    assert counting.searched == 0 and counting.subbed == 200     # no value searched in Python; the 200 hits fixed
    assert got.tolist() == [None if v is None else re.sub("\x07", "", v) for v in s.tolist()]
    assert drop_controls(pd.Series(["a", "b"], dtype="string")).tolist() == ["a", "b"] and counting.searched == 0


def test_a_column_without_controls_is_given_back_as_it_is():
    s = pd.Series(["a", None, "b"], dtype=object)
    assert drop_controls(s) is s
    n = pd.Series(np.arange(3))
    assert drop_controls(n) is n
