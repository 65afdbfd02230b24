"""Session 22 (csv22): the read path's checks that look at every value, answered from the bytes where they can be.

``validate._blank_ends`` (does a value start or end with a blank ``_trimmed`` would trim?) looked up each value's
first and last byte by its offsets -- a dozen arrays as long as the chunk -- for every text column, ids and codes
included.  A chunk whose bytes are all printable ASCII but the space holds no blank at all: it now answers from two
passes over the bytes.  The tests pin the answers against pyarrow's own trimming (the bytes of every ASCII code,
slices, empty values, nulls) and that such a chunk is answered without looking up a value's ends.
"""
from __future__ import annotations

import importlib
import random

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

v = importlib.import_module("windoweval.records.validate")


def _trims(ch) -> bool:
    """pyarrow's answer: does trimming change a value of the chunk?"""
    want = pc.not_equal(pc.binary_length(pc.utf8_trim_whitespace(ch)), pc.binary_length(ch))
    return bool(pc.any(pc.fill_null(want, False)).as_py())


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_blank_ends_of_ascii_chunks_agree_with_trimming(typ):
    rng = random.Random(22)
    printable = [chr(c) for c in range(0x21, 0x7F)]
    every = [chr(c) for c in range(0x00, 0x80)]      # controls, the space, DEL: blanks and not
    for k in range(3000):
        alphabet = printable if k % 2 else every
        vals = [None if rng.random() < 0.1 else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5)))
                for _ in range(rng.randint(1, 6))]
        arr = pa.array(vals, typ)
        for ch in (arr, arr.slice(rng.randint(0, len(vals) - 1))):
            assert v._blank_ends(ch) == _trims(ch), ch.to_pylist()


def test_blank_ends_inside_a_value_or_in_another_slice_do_not_count():
    arr = pa.array([" a", "b c", "d ", "e\tf", "\u3000g"])
    assert not v._blank_ends(arr.slice(1, 1)) and not v._blank_ends(arr.slice(3, 1))   # a blank inside: nothing trimmed
    assert v._blank_ends(arr.slice(0, 1)) and v._blank_ends(arr.slice(2, 1)) and v._blank_ends(arr.slice(4, 1))
    assert not v._blank_ends(pa.array(["", "", None]))
    assert v._blank_ends(pa.array(["PW01", "\x7fx", "x\x1f"]))   # 0x1F is a blank (pyarrow trims it)


class _Untouchable:
    def __getitem__(self, key):
        raise AssertionError("a value's first or last byte was looked up")


def test_blank_ends_answers_printable_ascii_from_the_bytes(monkeypatch):
    ids = pa.chunked_array([pa.array([f"T{i:09d}" for i in range(1000)] + ["", None, "PW-01:x"], pa.large_string())])
    monkeypatch.setattr(v, "_BLANK_BYTE", _Untouchable())
    monkeypatch.setattr(v, "_BLANK_LEAD", _Untouchable())
    assert not any(v._blank_ends(ch) for ch in ids.chunks)
    assert v._trimmed(ids) is ids   # nothing to trim: the column as it is
    with pytest.raises(AssertionError, match="looked up"):   # a space or a CJK byte: the ends are looked up
        v._blank_ends(pa.array(["T1", "T 2"]))
    with pytest.raises(AssertionError, match="looked up"):
        v._blank_ends(pa.array(["受理"]))


def test_blank_ends_keeps_the_values_read():
    rng = np.random.default_rng(22)
    vals = [f"GD{i:06d}" for i in rng.integers(0, 10**6, 5000)]
    for at, blank in ((17, " "), (4000, "\u3000"), (4999, "\t")):
        vals[at] = vals[at] + blank
    arr = pa.chunked_array([pa.array(vals[i:i + 700], pa.large_string()) for i in range(0, 5000, 700)])
    got = v._trimmed(arr)
    assert got.to_pylist() == [s.strip(" \u3000\t") for s in vals]
    assert [v._blank_ends(ch) for ch in arr.chunks] == [True, False, False, False, False, True, False, True]


# -- malloc keeps what one file's records freed for the next (csvfast.keep_heap) ------------------------------------

import platform  # noqa: E402

from windoweval.records import csvfast  # noqa: E402


def _told(monkeypatch):
    calls = []
    monkeypatch.setattr(csvfast, "_heap_kept", [])
    monkeypatch.setattr(csvfast, "_mallopt", lambda p, val: calls.append((p, val)) or True)
    return calls


def test_keep_heap_tells_malloc_once(monkeypatch):
    import os

    for name in ["GLIBC_TUNABLES", *(k for k in os.environ if k.startswith("MALLOC_"))]:   # any malloc setting: untold
        monkeypatch.delenv(name, raising=False)
    calls = _told(monkeypatch)
    assert csvfast.keep_heap() is True and csvfast.keep_heap() is True
    # glibc's M_MMAP_THRESHOLD (-3) and M_TRIM_THRESHOLD (-1), once a process
    assert calls == [(-3, 512 << 20), (-1, 1 << 30)]


@pytest.mark.parametrize("env", [("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0"),
                                 ("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536:glibc.malloc.arena_max=2"),
                                 ("MALLOC_MMAP_THRESHOLD_", "131072"), ("MALLOC_TRIM_THRESHOLD_", "0")])
def test_keep_heap_leaves_a_users_malloc_settings(monkeypatch, env):
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setenv(*env)
    calls = _told(monkeypatch)
    assert csvfast.keep_heap() is False and calls == []


def test_the_parse_pool_keeps_the_heap_only_for_malloc(monkeypatch):
    import os

    for name in ["GLIBC_TUNABLES", *(k for k in os.environ if k.startswith("MALLOC_"))]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")   # a pool chosen for the process: malloc untold
    calls = _told(monkeypatch)
    assert csvfast.parse_pool() is None and calls == []
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    assert csvfast.parse_pool().backend_name == "system" and len(calls) == 2
    body = "".join(f"GD{i:06d},2025-03-0{1 + i % 9} 09:00:00\n" for i in range(1000)).encode()
    t = csvfast.parse_body(body, 2, ",", 0, True, True, (1,))
    assert t.iloc[:2, 0].tolist() == ["GD000000", "GD000001"] and str(t.dtypes[1]) == "datetime64[ns]"


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only")
def test_mallopt_is_glibcs():
    assert csvfast._mallopt(-1, csvfast.TRIM_THRESHOLD) is True   # the value keep_heap sets: nothing changed
