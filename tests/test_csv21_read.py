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


# -- the long-value and id checks: from the offsets and the bytes, not from an array of lengths -------------------

import contextlib  # noqa: E402
import importlib  # noqa: E402

import pyarrow.compute as pc  # noqa: E402

from windoweval.records import csvfast, io as rio  # noqa: E402

validate_mod = importlib.import_module("windoweval.records.validate")


@contextlib.contextmanager
def _arrow_pool_watched():
    """Every Arrow allocation of the block through a pool that counts (its ``max_memory``)."""
    before = pa.default_memory_pool()
    pool = pa.proxy_memory_pool(pa.system_memory_pool())
    pa.set_memory_pool(pool)
    try:
        yield pool
    finally:
        pa.set_memory_pool(before)


def _arrays():
    rng = np.random.default_rng(21)
    words = ["", "PW01", "受理时间", "ＧＤ００３", "x" * 300, "ü", None]
    for k in range(30):
        vals = [words[i] for i in rng.integers(0, len(words), int(rng.integers(0, 40)))]
        for ty in (pa.string(), pa.large_string(), pa.binary(), pa.large_binary()):
            a = pa.array([v.encode() if v is not None and "binary" in str(ty) else v for v in vals], ty)
            yield a
            yield a.slice(min(3, len(a)))
            cut = len(vals) // 2
            yield pa.chunked_array([a.slice(0, cut), a.slice(cut)], type=ty)


def test_longest_value_and_all_ascii_agree_with_pyarrow():
    for a in _arrays():
        lens = pc.binary_length(a)
        assert csvfast.longest_value(a) == (pc.max(lens).as_py() or 0)
        text = a if pa.types.is_string(a.type) or pa.types.is_large_string(a.type) else a.cast(
            pa.large_string() if "large" in str(a.type) else pa.string())
        assert csvfast.all_ascii(a) == (pc.all(pc.string_is_ascii(text)).as_py() is not False)
    assert csvfast.longest_value(pa.array([1, 2])) is None and csvfast.all_ascii(pa.array([1.5])) is None


def _big_text_table(n: int, cut: int = 50_000):
    frame = _chunked_frame({0: [f"T{i:09d}" for i in range(n)], 1: ["PW01"] * n}, cut)
    return rio.Table("big.csv", ["票号", "窗口编号"], frame, 2)


def test_refuse_long_field_allocates_no_lengths():
    t = _big_text_table(400_000)
    with _arrow_pool_watched() as pool:
        assert rio._refuse_long_field(Path("big.csv"), t) is t
    assert pool.max_memory() < 100_000, pool.max_memory()   # before: 8 bytes a value, column after column


def test_refuse_long_field_still_names_the_cell():
    frame = _chunked_frame({0: ["a", "b", "c", "d"], 1: ["x", "受" * 60_000, "y", "受" * 140_000]}, 3)
    t = rio.Table("t.csv", ["id", "note"], frame, 2)
    with pytest.raises(rio.ExportError) as e:
        rio._refuse_long_field(Path("t.csv"), t)
    # characters, not bytes: 60,000 characters (180,000 bytes) are within the limit, 140,000 are not
    assert (e.value.row, e.value.column) == (5, "2 (note)")
    assert "140,000" in str(e.value)
    short = rio.Table("t.csv", ["id", "note"], _chunked_frame({0: ["a", "b"], 1: ["x", "受" * 60_000]}, 1), 2)
    assert rio._refuse_long_field(Path("t.csv"), short) is short


def test_id_column_checks_allocate_no_lengths():
    n = 400_000
    raw = _chunked_frame({0: [f"T{i:09d}" for i in range(n)]}, 50_000)[0]
    spec = {"type": "string"}
    validate_mod._fast_column(raw, spec, "ticket_id")   # warm
    with _arrow_pool_watched() as pool:
        got = validate_mod._fast_column(raw, spec, "ticket_id")
    assert got is not None and got.iloc[-1] == f"T{n - 1:09d}"
    assert pool.max_memory() < n, pool.max_memory()   # before: 8 bytes a value (the lengths) and a test of each


@pytest.mark.parametrize("vals,want", [
    (["ＧＤ００３", "GD004", None], ["GD003", "GD004", None]),        # full-width read half-width, as before
    (["工" * 200, "GD1"], ["工" * 200, "GD1"]),                       # 600 bytes, 200 characters: an id still
    (["工" * 257, "GD1"], None),                                      # 257 characters: named row by row
    (["G" * 256, "GD1"], ["G" * 256, "GD1"]),
])
def test_id_column_answers(vals, want):
    raw = _chunked_frame({0: vals}, 2)[0]
    got = validate_mod._fast_column(raw, {"type": "string"}, "order_id")
    assert (None if got is None else [None if pd.isna(v) else v for v in got]) == want


# -- the key check's hashes: a block of values all as long (ids of one form) read as strided words -----------------

@pytest.mark.parametrize("length", [8, 9, 10, 16, 17, 63, 64, 65, 130])
@pytest.mark.parametrize("ty", [pa.string(), pa.large_string()])
def test_hashes_of_equal_length_values_are_the_general_ones(length, ty):
    rng = np.random.default_rng(length)
    alphabet = list("0123456789ABCDEFGHT受ＧＤ")
    vals = []
    while len(vals) < 300:
        v = "".join(rng.choice(alphabet, length))
        v = v.encode()[:length].decode("utf-8", "ignore")
        vals.append(v + "x" * (length - len(v.encode())))   # exactly ``length`` bytes, some multi-byte characters
    assert {len(v.encode()) for v in vals} == {length}
    vals[7] = vals[200]                                          # a duplicate
    alike = pa.array(vals, ty)                                   # one length: the strided way
    mixed = pa.array(vals + ["short", "a" * (length + 3)], ty)    # other lengths beside: the gathered way
    h_alike = validate_mod._text_hashes(alike)
    assert h_alike.tolist() == validate_mod._text_hashes(mixed)[:300].tolist()
    # a slice (its first value not at the buffer's start) and pieces of a chunked array give the same hashes
    assert validate_mod._text_hashes(alike.slice(5)).tolist() == h_alike[5:].tolist()
    assert validate_mod._text_hashes(pa.chunked_array([alike.slice(0, 150), alike.slice(150)])).tolist() == h_alike.tolist()
    assert h_alike[7] == h_alike[200] and len(set(h_alike.tolist())) == len(set(vals))
    assert validate_mod._all_distinct(pa.array(sorted(set(vals)), ty)) and not validate_mod._all_distinct(alike)
