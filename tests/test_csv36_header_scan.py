"""Session 36 (csv36): the search for the header written again among the rows read (``totals.repeated_headers``)
reads a cell's last byte only where its first byte could start its column's header (``totals._last_bytes``), where
every cell's first and last bytes were read: at the demo x100 almost no cell of an id, a code or a date starts as
its header does.  The rows found are the same: those the rule finds comparing every row's cells whole."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pyarrow as pa

T = importlib.import_module("windoweval.records.totals")


def _frame(cols: dict, cut: int) -> pd.DataFrame:
    out = {}
    for j, vals in cols.items():
        arr = pa.array(vals, pa.large_string())
        parts = [arr.slice(a, cut) for a in range(0, len(vals), cut)] or [arr]
        out[j] = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(parts, pa.large_string())))
    return pd.DataFrame(out)


def _by_the_rule(headers, frame, rownum):
    """Every row judged whole by the rule: two cells or more, and half the filled ones, equal their header folded."""
    heads = T._header_text(pd.Series([str(h) for h in headers], dtype=object)).fillna("").tolist()
    cells = pd.DataFrame({j: T._header_text(frame.iloc[:, j].astype(object)) for j in range(len(headers))})
    filled = (cells.notna() & cells.ne("")).to_numpy(dtype=bool)
    same = np.column_stack([(cells[j] == heads[j]).fillna(False).to_numpy(dtype=bool) & (heads[j] != "")
                            for j in range(len(headers))]) & filled
    n_same, n_filled = same.sum(axis=1), filled.sum(axis=1)
    return np.asarray(rownum)[(n_same >= 2) & (2 * n_same >= n_filled)].tolist()


def test_last_bytes_read_only_where_a_first_byte_may_start_the_header(monkeypatch):
    n = 200_000
    cols = {0: [f"T{i:09d}" for i in range(n)], 1: ["PW01"] * n, 2: ["居民缴费"] * n}
    cols[0][123_456], cols[1][123_456], cols[2][123_456] = "票号", "窗口编号", "业务类型"
    frame = _frame(cols, 50_000)
    read: list = []
    last = T._last_bytes

    def counted(data, end):
        read.append(len(end))
        return last(data, end)
    monkeypatch.setattr(T, "_last_bytes", counted)   # before: no such step, every cell's last byte read
    got = T.repeated_headers(["票号", "窗口编号", "业务类型"], frame, np.arange(2, n + 2))
    assert got.tolist() == [123_458]
    assert sum(read) == 3, read   # the three cells of the repeated header, of 600,000


HEADS = ["工单号", "窗口", "Status", "note", "受理 时间"]
VARIANTS = {
    "工单号": ["工单号", " 工单号", "工单号　", "工 单 号", "工单", "单号", "工单号x", "⼯单号"],
    "窗口": ["窗口", "窗 口", "窗口\u200b", "\ufeff窗口", "窗", "口窗"],
    "Status": ["Status", "STATUS", "status ", "Ｓｔａｔｕｓ", "Statu", "tatus", "S", "Ş"],
    "note": ["note", "NOTE", "ｎｏｔｅ", " note", "not", "ote", "nöte", "note\u3000"],
    "受理 时间": ["受理时间", "受理 时间", "受理　时间", "受理", "时间", "2025-03-05 08:00"],
}
OTHER = ["GD001", "PW01", "", None, "ok", "受理", "x", "2025-03-05", "未办结", "N/A", " ", "工", "s", "e"]


def test_the_rows_found_are_the_rules_on_random_tables():
    rng = np.random.default_rng(36)
    for it in range(120):
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
        got = T.repeated_headers(heads, frame, rownum)
        assert got.tolist() == _by_the_rule(heads, frame, rownum), it
