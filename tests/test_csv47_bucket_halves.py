"""Session 47 (csv47, issue 14): from ``_BUCKET_SPLIT`` hashes on, a key's hashes are grouped into their buckets and
the buckets sorted in two halves, one on a thread of its own (the counter's key check was the last work of its
validation at the demo x100, its sort 0.18 s on one core with the other idle): the same sorted hashes and the same
answer as one thread, and as a sort of the whole array (benchmarks/README.md, "Session 47 — csv47")."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _threads import threads_started  # noqa: E402

V = importlib.import_module("windoweval.records.validate")


def test_many_hashes_are_sorted_on_two_threads(monkeypatch):
    """Fails before: every hash was grouped and every bucket sorted on the caller's thread alone."""
    monkeypatch.setattr(V.os, "cpu_count", lambda: 2)
    started = threads_started(monkeypatch)
    h = np.random.default_rng(47).integers(0, 2**64, V._BUCKET_SPLIT, dtype=np.uint64, endpoint=False)
    s, same = V._bucket_sorted(h)
    assert len(started) >= 1
    assert np.array_equal(s, np.sort(h)) and not same.any()


def test_fewer_hashes_or_one_core_stay_on_the_callers_thread(monkeypatch):
    started = threads_started(monkeypatch)
    rng = np.random.default_rng(7)
    monkeypatch.setattr(V.os, "cpu_count", lambda: 2)
    V._bucket_sorted(rng.integers(0, 2**64, V._BUCKET_SPLIT - 1, dtype=np.uint64, endpoint=False))
    monkeypatch.setattr(V.os, "cpu_count", lambda: 1)
    V._bucket_sorted(rng.integers(0, 2**64, V._BUCKET_SPLIT * 2, dtype=np.uint64, endpoint=False))
    assert started == []


def _cases(n: int, rng) -> list:
    h = rng.integers(0, 2**64, n, dtype=np.uint64, endpoint=False)
    mid = n // 2
    cases = [h]
    for i, j in ((mid - 1, mid), (mid, mid - 1), (0, n - 1), (mid + 1, 3), (n - 1, mid)):   # twins across the halves
        d = h.copy()
        d[i] = d[j]
        cases.append(d)
    edge = np.sort(h)   # the middle place's bucket and its neighbour: a twin at the edge of the two threads' buckets
    k = int(np.searchsorted(np.cumsum(np.bincount(edge >> np.uint64(56), minlength=256)), mid))
    lo = np.uint64(k) << np.uint64(56)
    inside = edge[(edge >> np.uint64(56)) == np.uint64(k)]
    for v in (inside[0], inside[-1], edge[int(np.searchsorted(edge, lo)) - 1]):
        d = h.copy()
        d[1], d[-2] = v, v
        cases.append(d)
    cases.append(np.full(n, 7, dtype=np.uint64))                       # one bucket: every hash the same
    cases.append(np.arange(n, dtype=np.uint64))                        # one bucket, distinct
    cases.append(np.arange(n, dtype=np.uint64)[::-1].copy() << np.uint64(40))   # descending, spread, distinct
    first = np.arange(n, dtype=np.uint64) | (np.uint64(3) << np.uint64(56))
    first[mid:] |= np.uint64(200) << np.uint64(56)                     # each half in buckets of its own
    cases.append(first)
    skew = np.arange(n, dtype=np.uint64) % np.uint64(97) << np.uint64(50) | np.arange(n, dtype=np.uint64)
    cases.append(skew)
    dup = skew.copy()
    dup[-2] = dup[10]
    cases.append(dup)
    return cases


@pytest.mark.parametrize("n", [None, 1, 2, 300_001, 1 << 20])
def test_same_sorted_hashes_as_one_thread_and_the_whole_sort(monkeypatch, n):
    monkeypatch.setattr(V.os, "cpu_count", lambda: 2)
    n = V._BUCKET_SPLIT if n is None else (V._BUCKET_SPLIT + n if n < 10 else n)
    for c in _cases(n, np.random.default_rng(n)):
        kept = c.copy()
        s, same = V._bucket_sorted(c)
        assert np.array_equal(c, kept)   # the caller's hashes left as they were
        with monkeypatch.context() as m:
            m.setattr(V.os, "cpu_count", lambda: 1)
            s1, same1 = V._bucket_sorted(c)
        assert np.array_equal(s, s1) and np.array_equal(same, same1)
        assert np.array_equal(s, np.sort(c)) and np.array_equal(same, s[1:] == s[:-1])
        assert V._hashes_unique(c) == (not same.any())


def test_an_error_on_the_other_thread_is_raised_by_the_caller():
    def boom():
        raise ValueError("the other half")

    from windoweval.pools import on_two_threads

    with pytest.raises(ValueError, match="the other half"):
        on_two_threads(lambda: None, boom)
    with pytest.raises(ValueError, match="the caller's"):   # the caller's own error first, the other joined
        on_two_threads(lambda: (_ for _ in ()).throw(ValueError("the caller's")), boom)
