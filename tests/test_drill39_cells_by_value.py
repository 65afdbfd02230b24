"""A table written for people is neutralised (formula-like cells) and fitted (cells too long for a spreadsheet) by its
distinct values, not cell by cell with Python's ``re`` (drill39: the scorecard's 12,400 rows x 10 text columns of
``windoweval score`` were 124,000 ``re.match`` calls; a measure, a window or a verdict repeats a few values)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval import cells
from windoweval.privacy import MAX_TEXT, cut_cell

ODD = ["=1+1", " \u3000+86 138", "\u2003=cmd", "\u1680-1", "\u200b@x", "正常", "PW01", "a=b", "\t1", "-", "",
       "\uff1dSUM(A1)", "\ufe62 2", "x" * (MAX_TEXT + 5), "=" + "y" * (MAX_TEXT + 1)]


def _cell_by_cell(values):
    return [cells.neutralise(v) for v in values]


@pytest.mark.parametrize("dtype", [object, "str", "string"])
def test_the_same_cells_as_the_rule_cell_by_cell(dtype):
    values = ODD * 3 + [None]
    s = pd.Series(values, dtype=dtype)
    got = cells.neutralise_series(s)
    want = [None if pd.isna(v) else cells.neutralise(v) for v in s.tolist()]
    assert [None if pd.isna(v) else v for v in got.tolist()] == want
    fitted = cells.fit_cells(pd.DataFrame({"c": got}))["c"].tolist()
    assert [None if pd.isna(v) else v for v in fitted] == \
        [None if v is None else (cut_cell(v) if len(v) > MAX_TEXT else v) for v in want]


def test_an_object_column_of_mixed_values():
    values = ["=1", 5, 2.5, None, np.nan, b"=x", True, "ok", "=1", pd.NA, ("t",)]
    s = pd.Series(values, dtype=object)
    got = cells.neutralise_series(s).tolist()
    assert got[0] == "'=1" and got[8] == "'=1"
    assert got[1:8] == values[1:8] or all((a is b) or (a == b) or (pd.isna(a) and pd.isna(b))
                                          for a, b in zip(got[1:8], values[1:8]))
    assert cells.neutralise_series(pd.Series([1, 2], dtype=object)).tolist() == [1, 2]
    # a list in a cell (values that cannot be told apart): judged cell by cell, as before
    lists = pd.Series([["=x"], "=y"], dtype=object)
    assert cells.neutralise_series(lists).tolist()[1] == "'=y"


def test_each_distinct_value_matched_once(monkeypatch):
    calls = []
    real = cells.FORMULA

    class Counting:
        def match(self, text):
            calls.append(text)
            return real.match(text)

    monkeypatch.setattr(cells, "FORMULA", Counting())
    s = pd.Series(["PW01", "=SUM(A1)", "正常"] * 10_000 + [None], dtype="str")
    got = cells.neutralise_series(s)
    assert sorted(calls) == sorted(["PW01", "=SUM(A1)", "正常"])
    assert got.iloc[1] == "'=SUM(A1)" and got.iloc[0] == "PW01" and (got == "'=SUM(A1)").sum() == 10_000


def test_a_long_cell_cut_wherever_it_repeats():
    long = "z" * (MAX_TEXT + 10)
    df = pd.DataFrame({"t": [long, "short", long], "n": [1, 2, 3]})
    got = cells.fit_cells(df)
    assert got["t"].tolist() == [cut_cell(long), "short", cut_cell(long)] and got["n"].tolist() == [1, 2, 3]
    assert cells.fit_cells(pd.DataFrame({"t": ["a", "b"]})) is not None
