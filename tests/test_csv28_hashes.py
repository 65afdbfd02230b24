"""Session 28 (issue 14): the 64-bit hashes that tell keys distinct keep values apart that differ only in the high
bytes of their 8-byte words (a month and a copy's suffix: V202403-CC95598~12 and V202409-CC95598~76 hashed alike,
1,224 rows of the demo x100's inspections sent its two-column key to ``DataFrame.duplicated``)."""
from __future__ import annotations

import importlib
from itertools import product

import numpy as np
import pandas as pd
import pyarrow as pa

V = importlib.import_module("windoweval.records.validate")

WINDOWS = ["CC95598"] + [f"PW{i:02d}" for i in range(1, 13)] + [f"HR{i:02d}" for i in range(1, 6)]


def _visit_ids() -> list:
    return [f"V{y}{m:02d}-{w}{s}" for s, y, m, w in
            product([""] + [f"~{k}" for k in range(1, 100)], (2024, 2025), range(1, 13), WINDOWS)]


def test_ids_differing_in_high_bytes_hash_apart():
    ids = _visit_ids()
    assert len(set(ids)) == len(ids)
    for typ in (pa.string(), pa.large_string()):
        h = V._text_hashes(pa.array(ids, typ))
        assert len(np.unique(h)) == len(ids)
    # every value as long (the strided path): 8-byte words differing only in their last byte
    same = [f"AB{i:06d}X{k:07d}" for i in range(0, 300) for k in range(0, 120)]
    assert len(np.unique(V._text_hashes(pa.array(same, pa.large_string())))) == len(same)
    # short values (fewer than 8 bytes) and values whose last word overlaps the one before
    short = [f"{i:03d}~{k:02d}" for i in range(1000) for k in range(30)]
    assert len(np.unique(V._text_hashes(pa.array(short, pa.large_string())))) == len(short)


def test_two_column_key_of_such_ids_decided_by_hashes(monkeypatch):
    ids = _visit_ids()
    items = ["policy_consultation", "civil_language", "progress_and_bill_query_24m"]
    df = pd.DataFrame({"visit_id": pd.array([i for i in ids for _ in items], dtype="string[pyarrow]"),
                       "item": pd.array(items * len(ids), dtype="string[pyarrow]")})
    assert V._hashes_unique(V._row_hashes(df, ["visit_id", "item"]))
    dup = pd.concat([df, df.iloc[[len(df) - 1]]], ignore_index=True)   # one duplicate, in the last row
    assert not V._hashes_unique(V._row_hashes(dup, ["visit_id", "item"]))
    assert dup.duplicated(subset=["visit_id", "item"]).any()


def _keys(values, pieces=1):
    a = pa.array(values, pa.large_string())
    if pieces == 1:
        return a
    cut = np.linspace(0, len(values), pieces + 1).astype(int)
    return pa.chunked_array([a.slice(x, y - x) for x, y in zip(cut[:-1], cut[1:])], type=pa.large_string())


def test_all_distinct_edge_cases_every_path():
    asc = [f"T{i:09d}" for i in range(5000)]
    runs = [f"T{i:09d}~{k}" for k in range(40) for i in range(300)]        # overlapping ascending runs (the demo x100)
    apart = [f"{y}-{i:06d}" for y in (2023, 2024, 2025) for i in range(2000)]   # runs whose ranges do not overlap
    high = _visit_ids()                                                     # hashed alike before session 28
    desc = asc[::-1]
    for pieces in (1, 3):
        for vals in (asc, runs, apart, high, desc):
            assert V._all_distinct(_keys(vals, pieces)), vals[:2]
            assert not V._all_distinct(_keys(vals + [vals[0]], pieces))            # a duplicate only in the last row
            assert not V._all_distinct(_keys([vals[-1]] + vals, pieces))           # ... only in the first
            mid = len(vals) // 2
            assert not V._all_distinct(_keys(vals[:mid] + [vals[mid - 1]] + vals[mid:], pieces))   # next to itself
        # an ascending key whose one duplicate lies across two runs: the second run starts where the first ended
        assert not V._all_distinct(_keys(apart[:2000] + apart[1999:], pieces))
        assert not V._all_distinct(_keys(runs + [runs[4321]], pieces))
        assert V._all_distinct(_keys(runs + ["T000000000~40"], pieces))
