"""Session 21 (csv21): the read path's checks without column-long temporaries -- the same answers, less memory.

Each check here used to make one or more arrays as long as the column (a copy of a column's text, an integer per
value) only to find that nothing was wrong; they now read the Arrow buffers piece by piece.  The tests pin the
answers (on pieces, chunk and block edges, empty cells, full-width and long values) and the memory bound.
"""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.records import totals


def _chunked_frame(cols: dict, cut: int) -> pd.DataFrame:
    """A frame of arrow text columns, each in chunks of ``cut`` values (as a CSV parse gives them)."""
    out = {}
    for j, vals in cols.items():
        arr = pa.chunked_array([pa.array(vals[i:i + cut], pa.large_string()) for i in range(0, len(vals), cut)])
        out[j] = pd.Series(pd.arrays.ArrowStringArray(arr))
    return pd.DataFrame(out)


@pytest.mark.parametrize("cut,block", [(7, 3), (5, 5), (100, 2), (4, 1000)])
def test_repeated_headers_across_chunks_and_pieces(monkeypatch, cut, block):
    monkeypatch.setattr(totals, "_EDGE_BLOCK", block)
    heads = ["工单号", "窗口", "note"]
    ids = [f"GD{i}" for i in range(23)]
    win = ["PW01"] * 23
    note = [None if i % 4 else "x" for i in range(23)]
    for at, (a, b, c) in {0: ("工单号", "窗口", None), 6: (" 工单号", "窗 口", "ＮＯＴＥ"), 7: ("", "窗口", "note"),
                          14: ("GD14", "窗口", None), 22: ("工单号 ", "窗口", "x")}.items():
        ids[at], win[at], note[at] = a, b, c
    frame = _chunked_frame({0: ids, 1: win, 2: note}, cut)
    got = totals.repeated_headers(heads, frame, np.arange(2, 25)).tolist()
    # row 8 (at 6): three of three; row 9 (at 7): two of two filled; row 24 (at 22): two of three -- each a header
    # again; row 16 (at 14): one cell only, no header
    assert got == [2, 8, 9, 24]


def test_repeated_headers_makes_no_column_long_temporaries():
    n = 400_000
    frame = _chunked_frame({0: [f"T{i:09d}" for i in range(n)], 1: ["PW01"] * n, 2: ["居民缴费"] * n}, 50_000)
    rownum = np.arange(2, n + 2)
    totals.repeated_headers(["票号", "窗口编号", "业务类型"], frame, rownum)   # warm (imports, tables)
    tracemalloc.start()
    try:
        got = totals.repeated_headers(["票号", "窗口编号", "业务类型"], frame, rownum)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got.tolist() == []
    # the count per row (one byte a row) and pieces of 64 Ki values, whatever the rows; before: 15 bytes a row (four
    # arrays of a byte a row at once: first bytes, last bytes, filled, the test; the column's text copied besides)
    assert peak < n + 16 * totals._EDGE_BLOCK, peak
