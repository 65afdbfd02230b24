"""Session 40 (csv40): a key's hashes checked by one sort of the whole hashes on the calling thread (numpy 2's sort:
0.07 s of CPU for the demo x100's 4.3 million tickets), not session 31's top halves sorted on two threads and their
twins compared (0.14-0.15 s of CPU): the same answer."""
from __future__ import annotations

import importlib

import numpy as np
import pyarrow as pa

V = importlib.import_module("windoweval.records.validate")


def test_many_hashes_are_sorted_on_the_calling_thread(monkeypatch):
    """No worker asked for (before: 2**19 hashes or more were split in two halves on the validation's workers)."""
    def no_workers():
        raise AssertionError("a worker thread asked for")

    monkeypatch.setattr(V, "_workers", no_workers)
    rng = np.random.default_rng(40)
    h = rng.integers(0, 2**64, (1 << 19) + 5, dtype=np.uint64, endpoint=False)
    kept = h.copy()
    assert V._hashes_unique(h)
    assert np.array_equal(h, kept)
    h[-1] = h[0]
    assert not V._hashes_unique(h)
    top = h.copy()
    top[-1] = (h[0] & np.uint64(0xFFFFFFFF00000000)) | ((h[0] + np.uint64(1)) & np.uint64(0xFFFFFFFF))
    assert V._hashes_unique(top) == (len(np.unique(top)) == len(top))   # alike in the top half only: no duplicate


def test_a_long_key_column(monkeypatch):
    """A text key of 600,000 ids in overlapping runs (as the demo x100's copies) through the hashes: distinct, then
    one id twice, far apart."""
    ids = [f"T{i:07d}~{k}" for k in range(3) for i in range(200_000)]
    arr = pa.chunked_array([ids[i:i + 50_000] for i in range(0, len(ids), 50_000)], pa.large_string())
    assert V._all_distinct(arr)
    ids[-1] = ids[3]
    arr = pa.chunked_array([ids[i:i + 50_000] for i in range(0, len(ids), 50_000)], pa.large_string())
    assert not V._all_distinct(arr)
