"""tidy45 (session 44's note, item 2): every column of verdicts is styled, a header given twice too.

``present._styled`` styled the first ``verdict`` column alone: a table whose header ``verdict`` is given twice (kept
as given by the privacy gate, msgs44: ``结论``, ``结论 (2)``) showed a missed verdict red in the first column and
plain in the second.  Both go through the direct HTML and through pandas' Styler (a pandas option set)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from windoweval import present


def _red_cells(html: str) -> set:
    """The (row, col) of the cells the table's style makes red and bold."""
    red = set()
    for sels, props in re.findall(r"((?:#T_\w+_row\d+_col\d+(?:, )?)+) \{([^}]*)\}", html):
        if present.COLORS["fail"] in props and "bold" in props:
            red |= {(int(r), int(c)) for r, c in re.findall(r"_row(\d+)_col(\d+)", sels)}
    return red


@pytest.fixture
def shown(monkeypatch):
    said = []
    monkeypatch.setattr(present, "_show", lambda bundle, metadata=None: said.append(bundle))

    def show(df):
        said.clear()
        present.setup("zh")
        present.table(df, "twice", "annual.table.ranking")
        return said[-1]["text/html"]
    return show


FRAME = pd.DataFrame([["PW01", "fail", "pass"], ["PW02", "pass", "fail"]], columns=["window_id", "verdict", "verdict"])


def test_a_verdict_given_twice_is_red_in_both_columns(shown):
    html = shown(FRAME)
    assert _red_cells(html) == {(0, 1), (1, 2)}, html


def test_through_the_styler_too(shown):
    with pd.option_context("styler.format.precision", 3):      # not plain: pandas' Styler writes the table
        html = shown(FRAME)
    assert _red_cells(html) == {(0, 1), (1, 2)}, html


def test_one_verdict_column_as_before(shown):
    html = shown(FRAME.iloc[:, :2])
    assert _red_cells(html) == {(0, 1)}, html
