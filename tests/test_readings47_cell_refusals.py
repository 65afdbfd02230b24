"""readings47: the refusals of a workbook cell a record reads (an external link, a spreadsheet error, a date-formatted
number no date can be) were written out twice in ``records/io.py`` (``_linked_refused`` and ``_error_refused``, the
shape ``duplicates`` paired) and said the same thing in two ways (``: paste …`` beside ``. Correct …``).  They are one
function now, :func:`windoweval.records.io._cell_refused`, in the same words: the cell and its column, what it holds,
how many more such, and the fix after ``。`` / ``: ``, on one line, with the row, column letter and value.
"""
import re

import pandas as pd
import pytest

from windoweval.records import io
from windoweval.records.io import Table, _error_refused, _linked_refused

HEAD = ["工单号", "完成时间"]


def _table(**cells):
    return Table("w.xlsx[s]", HEAD, pd.DataFrame([["GD1", None], ["GD2", None]]), 2, **cells)


CASES = {
    "linked": (lambda: _linked_refused(_table(linked=[("B2", "台账.xlsx"), ("B3", "台账.xlsx")]), [0, 1], [2, 3]),
               "公式", "formulas", None),
    "error": (lambda: _error_refused(_table(error_cells=[("B2", "#N/A"), ("B3", "#N/A")]), [0, 1], [2, 3]),
              "单元格", "cells", "#N/A"),
    "date": (lambda: _error_refused(_table(error_cells=[("B2", "9999999999"), ("B3", "9999999999")]), [0, 1], [2, 3]),
             "单元格", "cells", "9999999999"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_cell_refusal_is_said_in_the_same_words(case):
    make, zh_such, en_such, value = CASES[case]
    e = make()
    assert (e.row, e.column, getattr(e, "value", None)) == (2, "B", value)
    assert re.fullmatch(re.escape("单元格 B2(列“完成时间”)") + rf"[^。\n]+;另有 1 个这样的{zh_such}。请[^\n]+重新导出", e.zh), e.zh
    assert re.fullmatch(rf"cell B2 \(column 完成时间\) [^\n]+; 1 more such {en_such}: [a-z][^\n]+ export again", e.en), e.en


def test_one_function_says_them(monkeypatch):
    said = []
    real = io._cell_refused
    monkeypatch.setattr(io, "_cell_refused", lambda *a, **k: said.append(a[2]) or real(*a, **k))
    got = [CASES[c][0]() for c in sorted(CASES)]
    assert len(said) == 3 and len({type(e) for e in got}) == 1
    assert said[0].startswith("设为日期格式") and said[1].startswith("是表格软件的错误值") and "另一个工作簿" in said[2]
