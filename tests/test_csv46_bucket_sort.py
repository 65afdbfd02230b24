"""Session 46 (csv46, issue 14): a key's hashes from 2**16 on are sorted bucket by bucket (grouped by their top bits,
each bucket sorted while it is in the caches), never as one array: the same order and the same answer as a sort of
the whole hashes, at 0.56x its CPU for the demo x100's 4.3 million ticket hashes (benchmarks/README.md, "Session 46
— CSV")."""
from __future__ import annotations

import importlib

import numpy as np
import pytest

V = importlib.import_module("windoweval.records.validate")


def _whole(h: np.ndarray) -> bool:   # the rule before: the whole hashes sorted, each compared with the next
    s = np.sort(h)
    return not bool((s[1:] == s[:-1]).any())


def test_large_hashes_are_never_sorted_whole(monkeypatch):
    """Fails before: ``np.sort`` was called on all 2**17 hashes at once."""
    real = np.sort

    def small_only(a, *args, **kwargs):
        assert len(a) < 1 << 16, f"{len(a)} hashes sorted as one array"
        return real(a, *args, **kwargs)

    monkeypatch.setattr(np, "sort", small_only)
    h = np.random.default_rng(46).integers(0, 2**64, 1 << 17, dtype=np.uint64, endpoint=False)
    assert V._hashes_unique(h)
    h[-1] = h[5]
    assert not V._hashes_unique(h)


SIZES = [(1 << 16) - 1, 1 << 16, (1 << 16) + 1, 300_001, 1 << 20]


def _cases(n: int, rng) -> list:
    h = rng.integers(0, 2**64, n, dtype=np.uint64, endpoint=False)
    cases = [h]
    for i, j in ((0, n - 1), (n - 1, 0), (n // 2, n // 3), (1, 0)):
        d = h.copy()
        d[i] = d[j]
        cases.append(d)
    top = np.uint64(0xFFFF000000000000)
    d = h.copy()   # two hashes alike in their top 16 bits (one bucket) but not below: no duplicate
    d[7] = (d[3] & top) | (~d[3] & ~top)
    cases.append(d)
    edge = np.sort(h)   # a duplicate at the edge of two buckets: the largest hash of one, the smallest of the next
    k = int(np.searchsorted(edge, np.uint64(1 << 63)))
    d = h.copy()
    d[0], d[1] = edge[k - 1], edge[k - 1]
    cases.append(d)
    d = h.copy()
    d[0], d[1] = np.uint64(0), np.uint64(0)              # the smallest hash twice
    cases.append(d)
    d = h.copy()
    d[0], d[-1] = np.uint64(2**64 - 1), np.uint64(2**64 - 1)   # the largest twice
    cases.append(d)
    cases.append(np.full(n, 7, dtype=np.uint64))                     # every hash the same: one bucket
    cases.append(np.arange(n, dtype=np.uint64))                      # every top bit 0: one bucket, distinct
    cases.append(np.arange(n, dtype=np.uint64) << np.uint64(40))     # spread over the buckets, distinct
    skew = np.arange(n, dtype=np.uint64) % np.uint64(97) << np.uint64(50) | np.arange(n, dtype=np.uint64)
    cases.append(skew)                                               # 97 buckets of unequal sizes, distinct
    dup = skew.copy()
    dup[-2] = dup[10]
    cases.append(dup)
    return cases


@pytest.mark.parametrize("n", SIZES)
def test_same_answer_and_order_as_the_whole_sort(n):
    rng = np.random.default_rng(n)
    for c in _cases(n, rng):
        kept = c.copy()
        assert V._hashes_unique(c) == _whole(c)
        assert np.array_equal(c, kept)   # the caller's hashes left as they were
        if n >= V._BUCKETS_FROM:
            s, same = V._bucket_sorted(c)
            assert np.array_equal(s, np.sort(c))
            assert np.array_equal(same, s[1:] == s[:-1])
