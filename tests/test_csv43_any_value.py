"""csv43: ``validate._any_value``'s search of a chunk's bytes for the character a value may start with (an id's
apostrophe) made by libc's ``memchr`` where it can be had, over the chunk's own bytes only: the same answers as
``pc.any(pc.starts_with(text, what))``, with or without ``memchr``."""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

V = importlib.import_module("windoweval.records.validate")
C = importlib.import_module("windoweval.records.csvfast")

_VALUES = ["T250000001", "'0012", "a'b", "PW01", "", "受理'", "''", "x", "'", "GD-1", "0012'"]


def _definition(text, what: str) -> bool:
    if what:
        return pc.any(pc.starts_with(text, what)).as_py() is True
    return pc.any(pc.equal(text, "")).as_py() is True


def _random_text(rng):
    typ = pa.large_string() if rng.random() < 0.7 else pa.string()
    chunks = []
    for _ in range(int(rng.integers(1, 4))):
        n = int(rng.integers(0, 50))
        p = rng.random()
        vals = [None if rng.random() < 0.1 else (str(rng.choice(_VALUES)) if rng.random() < p else "T2500001")
                for _ in range(n)]
        arr = pa.array(vals, typ)
        if n > 3 and rng.random() < 0.6:   # a slice: bytes before and after it that are not its values'
            a = int(rng.integers(0, n // 2))
            arr = arr.slice(a, int(rng.integers(0, n - a + 1)))
        chunks.append(arr)
    return pa.chunked_array(chunks, typ)


@pytest.mark.parametrize("with_memchr", [True, False])
def test_same_answers_as_pyarrow(with_memchr, monkeypatch):
    if not with_memchr:
        monkeypatch.setattr(C, "_memchr", lambda: None)
    rng = np.random.default_rng(4343)
    for _ in range(600):
        text = _random_text(rng)
        for what in ("'", "", "T"):
            assert V._any_value(text, what) is _definition(text, what)


def test_bytes_outside_a_slice_are_not_its_own():
    """An apostrophe in the bytes of values sliced off (before and after) is no value of the slice's."""
    arr = pa.array(["'a", "b", "c", "'d"], pa.large_string())
    assert V._any_value(arr.slice(1, 2), "'") is False
    assert V._any_value(arr.slice(1, 3), "'") is True
    assert V._any_value(pa.chunked_array([arr.slice(0, 0), arr.slice(1, 2)]), "'") is False


def test_bytes_searched_by_memchr(monkeypatch):
    """A chunk's bytes searched by libc's memchr (which lets go of the interpreter) where there is one: once per
    chunk, and never a comparison of each byte; before, numpy compared every byte."""
    real = C._memchr()
    if real is None:
        pytest.skip("no libc memchr here")
    calls = []
    monkeypatch.setattr(C, "_memchr", lambda: (lambda p, c, n: calls.append(n) or real(p, c, n)))
    ids = pa.chunked_array([[f"T25{i:07d}" for i in range(1000)], [f"T26{i:07d}" for i in range(500)]],
                           pa.large_string())
    assert V._any_value(ids, "'") is False
    assert calls == [10_000, 5_000]
