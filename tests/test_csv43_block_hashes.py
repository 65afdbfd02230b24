"""csv43: a key's text hashes (``validate._block_hashes``) read word 0 at each value's start and the last word at its
end where no value is shorter than 8 bytes (the ids of the demo and of most exports), the offsets of large text in
place, and clear no word of a value that has it: the same hashes as the definition, value by value."""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa
import pytest

V = importlib.import_module("windoweval.records.validate")

_M = (1 << 64) - 1


def _mix(w: int, k: int) -> int:
    w ^= w >> 32
    w = (w * ((int(V._WORD_MUL[k % len(V._WORD_MUL)]) + 2 * (k // len(V._WORD_MUL))) & _M)) & _M
    return w ^ (w >> 29)


def _hash(v) -> int:
    """The definition (:func:`validate._text_hashes`' docstring), for one value: its length times a constant, plus
    each 8-byte word of it (word k at byte min(len - 8, 8k), little-endian; a value shorter than 8 bytes: its bytes
    alone as word 0) mixed, then MurmurHash3's final mix; a missing value one hash of its own."""
    if v is None:
        return int(V._MISSING_HASH)
    b = v.encode("utf-8") if isinstance(v, str) else v
    h = (len(b) * 0x2545F4914F6CDD1D) & _M
    if len(b) < 8:
        h = (h + _mix(int.from_bytes(b, "little"), 0)) & _M
    else:
        for k in range((len(b) + 7) // 8):
            at = min(len(b) - 8, 8 * k)
            h = (h + _mix(int.from_bytes(b[at:at + 8], "little"), k)) & _M
    for mul in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, None):
        h ^= h >> 33
        if mul:
            h = (h * mul) & _M
    return h


def _value(rng, lo: int, hi: int) -> str:
    n = int(rng.integers(lo, hi + 1))
    if rng.random() < 0.2:   # multi-byte: 3 bytes a character
        return "".join(chr(int(c)) for c in rng.integers(0x4E00, 0x9FA5, max(n // 3, 0))) + "x" * (n % 3)
    return "".join(chr(int(c)) for c in rng.integers(0x21, 0x7F, n))


#: lengths in bytes of a block's values: all as long, none shorter than 8 (one, two, three or more words), some
#: shorter than 8 among longer ones, all shorter than 8
_SHAPES = [(10, 10), (8, 8), (9, 16), (8, 16), (10, 13), (17, 24), (9, 40), (0, 13), (1, 7), (0, 3), (5, 30), (16, 17)]


@pytest.mark.parametrize("large", [True, False])
@pytest.mark.parametrize("block", [7, 1 << 16])
def test_same_hashes_as_the_definition(large, block, monkeypatch):
    monkeypatch.setattr(V, "_BLOCK", block)
    rng = np.random.default_rng(43 if large else 44)
    typ = pa.large_string() if large else pa.string()
    for lo, hi in _SHAPES:
        for _ in range(6):
            chunks = []
            for _c in range(int(rng.integers(1, 4))):
                n = int(rng.integers(0, 60))
                vals = [None if rng.random() < 0.05 else _value(rng, lo, hi) for _ in range(n)]
                arr = pa.array(vals, typ)
                if n > 3 and rng.random() < 0.5:   # offsets that do not start at 0
                    a = int(rng.integers(0, n // 2))
                    arr = arr.slice(a, n - a - int(rng.integers(0, 2)))
                chunks.append(arr)
            text = pa.chunked_array(chunks, typ)
            got = V._text_hashes(text)
            want = np.array([_hash(v) for v in text.to_pylist()], dtype=np.uint64)
            assert got.dtype == np.uint64 and got.tolist() == want.tolist(), (lo, hi)


def test_ids_hashed_without_their_word_positions(monkeypatch):
    """Ids of 9 to 16 bytes (T250000001~12): two words each, read at the value's start and end; no position of a word
    worked out (``np.minimum`` / ``np.maximum`` over the block), where each block worked out both words' before."""
    calls = []
    for name in ("minimum", "maximum"):
        real = getattr(np, name)
        monkeypatch.setattr(np, name, lambda *a, _r=real, _n=name, **k: calls.append(_n) or _r(*a, **k))
    ids = pa.chunked_array([[f"T25{i:07d}" + ("" if i % 3 else f"~{i % 97}") for i in range(20_000)]],
                           pa.large_string())
    got = V._text_hashes(ids)
    assert calls == []
    assert got.tolist() == [_hash(v) for v in ids.to_pylist()]
    assert len(set(got.tolist())) == len(set(ids.to_pylist()))
