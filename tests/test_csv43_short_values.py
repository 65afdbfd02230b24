"""csv43: the placeholder check's short values (``validate._short_values``) found block by block with a block of none
such passed over by two reductions, and the first bytes looked up before the lengths' mask is made: the same values
as the rule (1 to ``most`` bytes, first byte marked in ``starts``), in the same order."""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

V = importlib.import_module("windoweval.records.validate")

_WORDS = ["T250000001", "PW01", "HBIL", "-", "--", "无", "暂无", "N/A", "n/a", "#N/A", "", " ", "　", "－", "S0104",
          "缺卡", "未打卡", "null", "NULL", "<NA>", "GD-2025-0001", "受理时间", "x", "/", "\\", "na", "ñ", "é-"]


def _rule(text, most: int, starts) -> list:
    """The definition: each value (in order) of 1 to ``most`` bytes whose first byte ``starts`` marks (any first byte
    when ``starts`` is None); a missing value never."""
    out = []
    for v in text.to_pylist():
        if v is None:
            continue
        b = v.encode("utf-8")
        if 1 <= len(b) <= most and (starts is None or starts[b[0]]):
            out.append(v)
    return out


def _random_text(rng, large: bool):
    typ = pa.large_string() if large else pa.string()
    chunks = []
    for _ in range(int(rng.integers(1, 5))):
        n = int(rng.integers(0, 400))
        mode = rng.integers(0, 4)
        if mode == 0:      # ids longer than any placeholder, now and then one placeholder among them
            vals = [f"T25{int(rng.integers(0, 10**7)):07d}" for _ in range(n)]
            for i in rng.integers(0, max(n, 1), int(rng.integers(0, 3))):
                if n:
                    vals[int(i)] = str(rng.choice(_WORDS))
        elif mode == 1:    # short codes of one form (PW01), sometimes a placeholder
            vals = [f"PW{int(rng.integers(0, 100)):02d}" for _ in range(n)]
            if n and rng.random() < 0.5:
                vals[int(rng.integers(0, n))] = str(rng.choice(_WORDS))
        elif mode == 2:    # anything, missing values and empty ones
            vals = [None if rng.random() < 0.1 else str(rng.choice(_WORDS)) for _ in range(n)]
        else:              # empty and missing only
            vals = [None if rng.random() < 0.5 else "" for _ in range(n)]
        arr = pa.array(vals, typ)
        if n > 4 and rng.random() < 0.4:   # a slice: offsets that do not start at 0
            a = int(rng.integers(0, n // 2))
            arr = arr.slice(a, int(rng.integers(1, n - a + 1)))
        chunks.append(arr)
    return pa.chunked_array(chunks, typ) if rng.random() < 0.8 else chunks[0]


@pytest.mark.parametrize("seed", range(6))
def test_same_values_as_the_rule(seed):
    rng = np.random.default_rng(430 + seed)
    for _ in range(40):
        text = _random_text(rng, bool(rng.random() < 0.7))
        block = int(rng.choice([1, 3, 16, 1 << 16]))
        for most, starts in ((V._ASCII_PLACEHOLDER_BYTES, V._ASCII_PLACEHOLDER_STARTS),
                             (V._PLACEHOLDER_BYTES, V._PLACEHOLDER_STARTS), (4, None), (12, None)):
            got = V._short_values(text, most, starts, block=block)
            assert got.to_pylist() == _rule(text, most, starts), (most, block)
        # the check built on it gives the answer it gives from the rule's values
        for plain in (False, True):
            got = V._any_placeholder(text, plain)
            real = V._short_values
            try:
                V._short_values = lambda t, most, starts=None, block=0: pa.array(_rule(t, most, starts), pa.string())
                want = V._any_placeholder(text, plain)
            finally:
                V._short_values = real
            assert got is want


def test_a_block_of_none_makes_no_positions(monkeypatch):
    """Ids longer than any placeholder, and short codes whose first byte starts none (PW01): no array of positions
    made for a block (``np.flatnonzero`` of a mask of the block's values), where every block made one before."""
    calls = []
    real = np.flatnonzero
    monkeypatch.setattr(np, "flatnonzero", lambda a: calls.append(len(a)) or real(a))
    ids = pa.chunked_array([[f"T25{i:07d}" for i in range(5000)], [f"T26{i:07d}" for i in range(3000)]],
                           pa.large_string())
    codes = pa.chunked_array([[f"PW{i % 100:02d}" for i in range(6000)]], pa.large_string())
    for text, plain in ((ids, True), (ids, False), (codes, True), (codes, False)):
        assert V._any_placeholder(text, plain) is False
    assert calls == []
    # a placeholder among them is still found, in the one block that holds it
    with_one = pa.chunked_array([[f"PW{i % 100:02d}" for i in range(6000)] + ["N/A"]], pa.large_string())
    assert V._any_placeholder(with_one, True) is True
    assert V._short_values(with_one, 4, V._ASCII_PLACEHOLDER_STARTS, block=1000).to_pylist() == ["N/A"]


def test_not_text():
    assert V._short_values(pa.array([1, 2]), 4) is None
    assert V._short_values(pa.chunked_array([], pa.string()), 4).to_pylist() == []
    assert pc.equal(V._short_values(pa.array(["-", None, ""]), 4), "-").to_pylist() == [True]
