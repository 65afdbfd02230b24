"""Session 24, issue 14 (f): the codes a mapping recodes (``values:``) are written into the parse's memory pool.

``apply_mapping`` recodes a column of codes (居民缴费 -> resident_payment) by taking each record's value by its
position among the distinct codes (:func:`windoweval.records.mapping._as_written`).  The column made is the frame's,
freed with it before the next file is parsed, as the parsed table is; it was allocated from Arrow's default pool
(mimalloc), which gives freed pages back to the kernel and asks for them again: at the demo x100 the one recoded
column of ``counter_transactions`` (4,320,000 codes) took 1.1-1.2 s of the read's CPU, the rest of ``apply_mapping``
0.03 s.  It is now taken in :func:`windoweval.records.csvfast.parse_pool`'s pool (``malloc``'s, unless a pool was
chosen for the process).  The values are the pool's business in no way.
"""
from __future__ import annotations

import gc

import pandas as pd
import pyarrow as pa
import pytest

from windoweval.records import csvfast
from windoweval.records.mapping import _as_written, apply_mapping

CODES = {"居民缴费": "resident_payment", "用电业务": "electricity_business"}


def _codes(n: int, chunks: int = 7) -> pd.Series:
    vals = ["居民缴费", "用电业务", None, "用电业务 ", "其他"]
    step = -(-n // chunks)
    cells = [vals[i % len(vals)] for i in range(n)]
    arr = pa.chunked_array([pa.array(cells[i:i + step], type=pa.string()) for i in range(0, n, step)])
    return pd.Series(pd.arrays.ArrowStringArray(arr, dtype=pd.StringDtype("pyarrow", na_value=float("nan"))))


def test_the_recoded_column_is_taken_in_the_parse_pool(monkeypatch):
    """A column with codes to recode: its new values live in the system pool while the column lives, the default
    pool does not grow by them.  Fails before: the take, the positions and the distinct codes were in the default
    pool."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    col = _codes(200_000)
    sysp, dflt = pa.system_memory_pool(), pa.default_memory_pool()
    gc.collect()
    s0, d0 = sysp.bytes_allocated(), dflt.bytes_allocated()
    out = _as_written(col, {"居民缴费": "resident_payment", "用电业务": "electricity_business"})
    size = out.array._pa_array.nbytes
    assert size > 2_000_000
    assert sysp.bytes_allocated() - s0 >= size          # the column made is in malloc's pool
    assert dflt.bytes_allocated() - d0 < size // 10     # not in Arrow's default pool
    assert out.tolist()[:6] == ["resident_payment", "electricity_business", pd.NA, "electricity_business", "其他",
                                "resident_payment"]
    del out
    gc.collect()
    assert sysp.bytes_allocated() - s0 < size // 10     # and leaves it with the column


@pytest.mark.parametrize("pool", ["parse", "default"])
def test_the_same_values_whatever_the_pool(monkeypatch, pool):
    """The recoded column and the distinct values handed to validate are the same from either pool: each code
    normalised (a trailing space, full-width), a missing code missing, an unknown code as written."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    if pool == "default":
        monkeypatch.setattr(csvfast, "parse_pool", lambda: None)
    found: dict = {}
    out = _as_written(_codes(23, chunks=4), dict(CODES), found)
    assert out.array._pa_array.type == pa.large_string()
    assert out.tolist() == [["resident_payment", "electricity_business", pd.NA, "electricity_business", "其他"][i % 5]
                            for i in range(23)]
    assert sorted(found["values"]) == ["electricity_business", "electricity_business", "resident_payment", "其他"]


def test_apply_mapping_recodes_in_the_parse_pool(monkeypatch):
    """Through ``apply_mapping`` (the counter's business type, as the demo's mapping.yaml writes it): the frame's
    recoded column is in the system pool, the other columns are the table's own (not copied)."""
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    n = 150_000
    ids = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([[f"T{i}" for i in range(n)]]),
                                               dtype=pd.StringDtype("pyarrow", na_value=float("nan"))))
    frame = pd.DataFrame({0: ids, 1: _codes(n)}, copy=False)
    sysp, dflt = pa.system_memory_pool(), pa.default_memory_pool()
    gc.collect()
    s0, d0 = sysp.bytes_allocated(), dflt.bytes_allocated()
    out, plan = apply_mapping(frame, ["票号", "业务类型"], "counter_transactions", {"values": {"business_type": CODES}})
    size = out["business_type"].array._pa_array.nbytes
    assert sysp.bytes_allocated() - s0 >= size
    assert dflt.bytes_allocated() - d0 < size // 10
    assert out["business_type"].iloc[:2].tolist() == ["resident_payment", "electricity_business"]
    def data(col):
        return col.array._pa_array.chunk(0).buffers()[2].address
    assert data(out["ticket_id"]) == data(frame.iloc[:, 0])   # the ids as parsed: not copied
