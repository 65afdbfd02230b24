"""Session 47 (csv47, issue 14): a column the CSV parse read as dictionaries is made text again in two halves of its
chunks, the second on a thread of its own (at the demo x100 the counter's ``business_type``, 4.3 million values, was
taken on one core with the other idle between the parse and the mapping): the same text, chunks and dictionary as
on one thread (benchmarks/README.md, "Session 47 — csv47")."""
from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _threads import threads_started  # noqa: E402

C = importlib.import_module("windoweval.records.csvfast")


def _column(rng, sizes, values=("柜台", "网络", "自助", "", "电话 "), nulls=True):
    chunks = []
    for n in sizes:
        k = int(rng.integers(1, len(values) + 1))
        vals = pa.array(list(rng.permutation(values)[:k]), pa.large_string())   # each chunk a dictionary of its own
        idx = rng.integers(0, k, n).astype(np.int32)
        mask = (rng.random(n) < 0.1) if nulls else None
        chunks.append(pa.DictionaryArray.from_arrays(pa.array(idx, mask=mask), vals))
    return pa.chunked_array(chunks, type=pa.dictionary(pa.int32(), pa.large_string()))


def test_a_long_column_is_taken_on_two_threads(monkeypatch):
    """Fails before: every chunk was taken on the caller's thread."""
    monkeypatch.setattr(C.os, "cpu_count", lambda: 2)
    started = threads_started(monkeypatch)
    col = _column(np.random.default_rng(1), [C._SPLIT_STAMPS // 3] * 4)
    text = C._text_of_dictionary(col)
    assert started
    assert text.to_pylist() == col.cast(pa.large_string()).to_pylist()


def test_a_short_column_or_one_chunk_or_one_core_stays_on_the_callers_thread(monkeypatch):
    started = threads_started(monkeypatch)
    rng = np.random.default_rng(2)
    monkeypatch.setattr(C.os, "cpu_count", lambda: 2)
    C._text_of_dictionary(_column(rng, [C._SPLIT_STAMPS // 2 - 1, C._SPLIT_STAMPS // 2]))   # one value short
    C._text_of_dictionary(_column(rng, [C._SPLIT_STAMPS * 2]))                              # one chunk
    monkeypatch.setattr(C.os, "cpu_count", lambda: 1)
    C._text_of_dictionary(_column(rng, [C._SPLIT_STAMPS] * 3))
    assert started == []


@pytest.mark.parametrize("sizes", [
    [150_000, 150_000],
    [1, 299_999],
    [299_999, 1],
    [0, 120_000, 0, 90_000, 0, 5],
    [100_000] * 7,
    [250_000, 3, 3, 3],
])
@pytest.mark.parametrize("nulls", [True, False])
def test_the_same_text_chunks_and_dictionary_as_one_thread(monkeypatch, sizes, nulls):
    monkeypatch.setattr(C, "_SPLIT_STAMPS", 200_000)
    rng = np.random.default_rng(sum(sizes) + nulls)
    col = _column(rng, sizes, nulls=nulls)
    monkeypatch.setattr(C.os, "cpu_count", lambda: 2)
    two = C._text_of_dictionary(col)
    monkeypatch.setattr(C.os, "cpu_count", lambda: 1)
    one = C._text_of_dictionary(col)
    assert two.type == one.type == pa.large_string()
    assert [len(ch) for ch in two.chunks] == [len(ch) for ch in one.chunks] == sizes
    assert two.equals(one) and two.to_pylist() == col.cast(pa.large_string()).to_pylist()
    d2, d1 = C.dictionary_of(two), C.dictionary_of(one)
    assert d2 is not None and d1 is not None
    assert d2.chunk(0).dictionary.equals(d1.chunk(0).dictionary)
    assert [ch.indices.to_pylist() for ch in d2.chunks] == [ch.indices.to_pylist() for ch in d1.chunks]


def test_an_error_on_the_other_thread_is_raised_by_the_caller(monkeypatch):
    monkeypatch.setattr(C.os, "cpu_count", lambda: 2)
    col = _column(np.random.default_rng(5), [C._SPLIT_STAMPS] * 2)
    import pyarrow.compute as pc

    take = pc.take

    def failing_take(arr, idx, *a, **k):
        if threading.current_thread().name == "windoweval-dictionary-text":
            raise pa.ArrowInvalid("the other half")
        return take(arr, idx, *a, **k)

    monkeypatch.setattr(pc, "take", failing_take)
    with pytest.raises(pa.ArrowInvalid, match="the other half"):
        C._text_of_dictionary(col)
