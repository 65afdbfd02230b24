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
