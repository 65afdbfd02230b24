"""records.io._trailing_notes looked at the last 50 rows' every column through pandas' string methods on every file
read (~70 ms a demo file, ~0.35 s of the report's start): a file without a note in its last row has no notes block,
and is now told by that row's cells alone.  The notes read as before."""
import numpy as np
import pandas as pd
import pytest
from pandas.core.strings.accessor import StringMethods

from windoweval.records.io import Table, _trailing_notes


def _table(rows, dtype=None):
    fr = pd.DataFrame(rows)
    if dtype:
        fr = fr.astype(dtype)
    return Table("w.csv", [f"c{i}" for i in range(fr.shape[1])], fr, 2)


NO_NOTES = [
    [["GD1", "PW01"], ["GD2", "PW02"]],
    [["GD1", "PW01"], [None, None]],
    [["GD1", "PW01"], ["  ", None]],
    [["GD1", "PW01"], ["制表人：张三", "PW02"]],          # a filled cell that is no note: a record
    [["GD1", 3], ["GD2", 4]],
    [["GD1", np.nan], ["说明", np.nan]],                 # a label without its colon
]


@pytest.mark.parametrize("rows", NO_NOTES)
@pytest.mark.parametrize("dtype", [None, "string", object])
def test_no_note_last_row_is_not_read_by_string_methods(rows, dtype, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the last rows' every column read through pandas' string methods")
    monkeypatch.setattr(StringMethods, "extract", boom)
    t = _table(rows, dtype)
    assert _trailing_notes(t) is t


@pytest.mark.parametrize("dtype", [None, "string", object])
def test_notes_still_read(dtype):
    t = _table([["GD1", "PW01"], ["制表人：张三", None], ["打印时间: 2025-04-01", "审核：李四"], [None, " 注：以上数据截至3月"]],
               dtype)
    got = _trailing_notes(t)
    assert got.frame[0].tolist() == ["GD1"]
    assert got.note_rows == [(3, "制表人"), (4, "打印时间"), (5, "注")]
    t = _table([["GD1", "PW01"], ["制表人：张三", None], ["GD2", "PW02"], ["Prepared by: Li", pd.NA]], dtype)
    got = _trailing_notes(t)                          # only the block at the end
    assert got.frame[0].tolist() == ["GD1", "制表人：张三", "GD2"] and got.note_rows == [(5, "Prepared by")]
