"""Session 31 (issue 14): whether a key's hashes are all different: the same answer as a sort of the whole hashes, on
every size and wherever the alike pair lies, and the caller's hashes left as they were.  (Session 31 sorted the top
halves on two threads; csv40 sorts the whole hashes again, numpy 2's sort being faster than that way: the two-thread
helper ``_twins`` and its test went with it.)"""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa
import pytest

V = importlib.import_module("windoweval.records.validate")


def _old_rule(h: np.ndarray) -> bool:   # the rule before the session, written out: the whole hashes sorted
    s = np.sort(h)
    return not bool((s[1:] == s[:-1]).any())


# (session 31's thresholds, 2**16 and 2**19: its ways changed there; csv40 sorts the hashes whole at every size)
SIZES = [0, 1, 2, 3, 1000, (1 << 16) - 1, 1 << 16, (1 << 16) + 1, (1 << 19) - 1, 1 << 19, 3 * (1 << 19) + 7]


@pytest.mark.parametrize("n", SIZES)
def test_same_answer_as_the_whole_sort(n):
    rng = np.random.default_rng(n)
    h = rng.integers(0, 2**64, n, dtype=np.uint64, endpoint=False)
    cases = [h]
    if n >= 2:
        for i, j in ((0, n - 1), (n - 1, 0), (n // 2, n // 3), (1, 0)):
            if i != j:
                d = h.copy()
                d[i] = d[j]
                cases.append(d)
        top = np.uint64(0xFFFFFFFF00000000)
        for hi_bit in (0, 1):   # a pair alike in the top half only (a twin, not a duplicate), in either half
            d = h.copy()
            base = (d[0] & ~np.uint64(1 << 63)) | np.uint64(hi_bit << 63)
            d[0] = base
            d[n - 1] = (base & top) | ((base + np.uint64(1)) & ~top)
            cases.append(d)
            dd = d.copy()   # ... and a true duplicate beside it
            dd[n // 2] = d[0]
            if n // 2 not in (0,):
                cases.append(dd)
    cases.append(np.full(n, 7, dtype=np.uint64))                         # every hash the same
    cases.append(np.arange(n, dtype=np.uint64) << np.uint64(32))         # top halves all different, low halves 0
    cases.append(np.arange(n, dtype=np.uint64))                          # every top half alike (0), low halves not
    for c in cases:
        kept = c.copy()
        assert V._hashes_unique(c) == _old_rule(c)
        assert np.array_equal(c, kept)   # left as it was (the rule before sorted the caller's array in place)


def test_many_twins_one_duplicate():
    # 2**20 hashes whose top halves take only 2**12 values: every hash has twins, one pair is a duplicate
    rng = np.random.default_rng(31)
    n = 1 << 20
    top = rng.integers(0, 1 << 12, n, dtype=np.uint64) << np.uint64(32)
    h = top | np.arange(n, dtype=np.uint64)
    assert V._hashes_unique(h) and _old_rule(h)
    h[12345] = h[987654]
    assert not V._hashes_unique(h) and not _old_rule(h)


def test_key_check_of_a_long_text_column():
    # 4 x 300,000 ids in four overlapping ascending runs (as the demo x100's copies): distinct, then one repeated
    ids = [f"T{i:09d}~{k}" for k in range(4) for i in range(300_000)]
    ids = sorted(ids, key=lambda s: (s.split("~")[1], s))
    arr = pa.chunked_array([ids[i:i + 100_000] for i in range(0, len(ids), 100_000)], pa.large_string())
    assert V._all_distinct(arr)
    ids[-1] = ids[5]
    arr = pa.chunked_array([ids[i:i + 100_000] for i in range(0, len(ids), 100_000)], pa.large_string())
    assert not V._all_distinct(arr)
