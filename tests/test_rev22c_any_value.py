"""Review rev22c of csv22's left items: validate._fast_column asked ``pc.any(pc.equal(text, ""))`` (a cell of blanks
only) and ``pc.any(pc.starts_with(text, "'"))`` (Excel's text mark in an id) of every text column by looking at
every value.  ``validate._any_value`` answers a chunk False from its offsets (no value of no bytes) or its bytes (no
``'`` at all) and asks pyarrow only otherwise: it must give pyarrow's answer on any chunk -- slices, nulls (with
bytes or without), empty values, string and large_string (what pandas gives), several chunks.
"""
from __future__ import annotations

import importlib
import random

import pyarrow as pa
import pyarrow.compute as pc
import pytest

v = importlib.import_module("windoweval.records.validate")


def _old(text, what):
    got = pc.any(pc.equal(text, "") if what == "" else pc.starts_with(text, what)).as_py()
    return bool(got)


def _random_text(rng, typ):
    alphabet = ["a", "'", "0", " ", "受", "x'"]
    vals = [None if rng.random() < 0.15 else "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
            for _ in range(rng.randint(1, 7))]
    arr = pa.array(vals, typ)
    cut = rng.randint(0, len(vals) - 1)
    return [arr, arr.slice(cut), arr.slice(0, cut), pa.chunked_array([arr.slice(cut), arr.slice(0, cut)], typ)]


@pytest.mark.parametrize("typ", [pa.string(), pa.large_string()])
def test_any_value_is_pyarrows_answer(typ):
    rng = random.Random(2222)
    for _ in range(2000):
        for text in _random_text(rng, typ):
            for what in ("", "'"):
                assert v._any_value(text, what) == _old(text, what), (text.to_pylist(), what)


def test_any_value_nulls_with_bytes_and_empty_chunks():
    # a null whose slot holds bytes ("'x") or none: never counted, as pyarrow
    arr = pa.array(["'x", "", "ab"]).filter(pa.array([True, True, True]))
    nulled = pc.if_else(pa.array([False, True, True]), arr, pa.scalar(None, pa.string()))
    assert nulled.to_pylist() == [None, "", "ab"]
    assert v._any_value(nulled, "'") is False and v._any_value(nulled, "") is True
    assert v._any_value(pa.chunked_array([], pa.large_string()), "") is False
    assert v._any_value(pa.chunked_array([pa.array([None, None], pa.string())]), "'") is False
    ids = pa.chunked_array([pa.array([f"T{i:05d}" for i in range(500)], pa.large_string()),
                            pa.array(["T00001", "'000123"], pa.large_string())])
    assert v._any_value(ids, "'") and not v._any_value(ids.chunk(0), "'") and not v._any_value(ids, "")
