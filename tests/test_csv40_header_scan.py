"""Session 40 (csv40): the search for the header written again (``totals.repeated_headers``) reads the last column it
searches only at the rows where a cell of another column equals its header already: a row needs two such cells, at
most one of them in that column.  In an export with no repeated header that column's cells are never read (the
counter's four text columns: one in four).  A table with one text column to search is never searched.  The rows found
are the same: the rule applied to every row whole."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pyarrow as pa

T = importlib.import_module("windoweval.records.totals")

HEADS = ["工单号", "窗口", "Status", "note", "受理 时间"]
VARIANTS = {
    "工单号": ["工单号", " 工单号", "工单号　", "工 单 号", "工单", "单号", "⼯单号"],
    "窗口": ["窗口", "窗 口", "窗口\u200b", "\ufeff窗口", "窗", "口窗"],
    "Status": ["Status", "STATUS", "status ", "Ｓｔａｔｕｓ", "Statu", "S"],
    "note": ["note", "NOTE", "ｎｏｔｅ", " note", "not", "note\u3000"],
    "受理 时间": ["受理时间", "受理 时间", "受理　时间", "受理", "时间"],
}
OTHER = ["GD001", "PW01", "", None, "ok", "受理", "x", "2025-03-05", "N/A", " ", "工", "s", "e"]


def _frame(cols: dict, cut: int) -> pd.DataFrame:
    out = {}
    for j, vals in cols.items():
        arr = pa.array(vals, pa.large_string())
        parts = [arr.slice(a, cut) for a in range(0, len(vals), cut)] or [arr]
        out[j] = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts, pa.large_string())))
    return pd.DataFrame(out)


def _by_the_rule(headers, frame, rownum):
    heads = T._header_text(pd.Series([str(h) for h in headers], dtype=object)).fillna("").tolist()
    cells = pd.DataFrame({j: T._header_text(frame.iloc[:, j].astype(object)) for j in range(len(headers))})
    filled = (cells.notna() & cells.ne("")).to_numpy(dtype=bool)
    same = np.column_stack([(cells[j] == heads[j]).fillna(False).to_numpy(dtype=bool) & (heads[j] != "")
                            for j in range(len(headers))]) & filled
    n_same, n_filled = same.sum(axis=1), filled.sum(axis=1)
    return np.asarray(rownum)[(n_same >= 2) & (2 * n_same >= n_filled)].tolist()


def _scanned(monkeypatch):
    """The columns whose every cell's first byte is read (``_edge_pieces`` with first bytes)."""
    seen = []
    pieces = T._edge_pieces

    def spy(arr, block=None, firsts=True):
        seen.append((len(arr), firsts))
        return pieces(arr, block, firsts)

    monkeypatch.setattr(T, "_edge_pieces", spy)
    return seen


def test_the_last_column_is_not_read_without_a_hit(monkeypatch):
    n = 5000
    cols = {0: [f"T{i:06d}" for i in range(n)], 1: ["PW01"] * n, 2: ["S01"] * n, 3: ["居民缴费"] * n}
    frame = _frame(cols, 700)
    seen = _scanned(monkeypatch)
    got = T.repeated_headers(["票号", "窗口编号", "工号", "业务类型"], frame, np.arange(2, n + 2))
    assert got.tolist() == []
    assert seen == [(n, True)] * 3   # before: four columns read whole


def test_the_header_in_the_middle_found_through_the_last_column(monkeypatch):
    """The header written again at row 2,502: its last column read at that row alone; a row whose only two header
    cells are one earlier column and the last one found too; one cell alone is no header."""
    n = 5000
    heads = ["票号", "窗口编号", "工号", "业务类型"]
    cols = {0: [f"T{i:06d}" for i in range(n)], 1: ["PW01"] * n, 2: ["S01"] * n, 3: ["居民缴费"] * n}
    for j, h in enumerate(heads):
        cols[j][2500] = h
    cols[1][4000], cols[3][4000] = "窗口编号", "业务类型"   # (and its other cells filled: 2 of 4, half)
    cols[3][10] = "业务类型"                             # the last column alone: not a header
    cols[0][20], cols[2][20] = "票号", "工号"              # two earlier columns
    frame = _frame(cols, 700)
    seen = _scanned(monkeypatch)
    rownum = np.arange(2, n + 2)
    got = T.repeated_headers(heads, frame, rownum)
    assert got.tolist() == _by_the_rule(heads, frame, rownum) == [22, 2502, 4002]
    assert seen == [(n, True)] * 3 + [(n, False)]


def test_one_text_column_is_never_searched(monkeypatch):
    frame = pd.DataFrame({0: pd.Series(["票号", "T1"], dtype="string[pyarrow]"),
                          1: pd.Series(pd.to_datetime(["2025-01-01", "2025-01-02"]))})
    seen = _scanned(monkeypatch)
    assert T.repeated_headers(["票号", "取号时间"], frame, np.array([2, 3])).tolist() == []
    assert seen == []


def test_the_rows_found_are_the_rules_on_random_tables():
    rng = np.random.default_rng(40)
    for it in range(150):
        n = int(rng.integers(1, 400))
        width = int(rng.integers(2, len(HEADS) + 1))
        heads = HEADS[:width]
        cols = {}
        for j, h in enumerate(heads):
            pool = VARIANTS[h] + OTHER
            p = rng.choice([0.0, 0.05, 0.5])
            cols[j] = [pool[int(rng.integers(0, len(VARIANTS[h])))] if rng.random() < p
                       else pool[int(rng.integers(0, len(pool)))] for _ in range(n)]
        frame = _frame(cols, int(rng.integers(1, 60)))
        rownum = np.arange(2, n + 2)
        keep = rownum[rng.random(n) < 0.8] if rng.random() < 0.3 else None
        got = T.repeated_headers(heads, frame, rownum, keep)
        want = _by_the_rule(heads, frame, rownum)
        if keep is not None:
            want = [r for r in want if r in set(keep.tolist())]
        assert got.tolist() == want, it
