"""The window ids of the row groups no measure reads counted chunk by chunk on each chunk's own dictionary
(``engine.byvalue._window_counts``; issue 14 item 3, session 42): the same ids and counts as on unified dictionaries,
without rewriting every code."""
from __future__ import annotations

import pyarrow as pa
import pytest

import windoweval.engine.byvalue as bv

from test_byvalue_arrays import _table


def _pairs(got):
    return [(a.tolist(), b.tolist()) for a, b in got]


@pytest.mark.parametrize("null_windows", [False, True])
def test_window_counts_chunk_by_chunk_are_the_unified_ones(null_windows):
    t = _table(4, chunks=(3000, 2000, 1, 500), null_windows=null_windows)
    col = t.column("window_id")
    got = bv._window_counts(col)
    uni = col.unify_dictionaries()
    codes, values = bv._codes(uni)
    want = bv._code_counts(codes, values)
    assert _pairs(got) == _pairs(want)
    # the same dictionary in every chunk, and chunks not dictionary-encoded
    same = pa.chunked_array([pa.DictionaryArray.from_arrays(pa.array([0, 1, 1, None], pa.int32()),
                                                            pa.array(["W1", "W2"]))] * 3)
    assert _pairs(bv._window_counts(same)) == [([None, "W1", "W2"], [3, 3, 6])]
    plain = pa.chunked_array([pa.array(["W2", "W1", None]), pa.array(["W2"])])
    assert _pairs(bv._window_counts(plain)) == [([None, "W2", "W1"], [1, 2, 1])]


def test_window_counts_do_not_unify_the_dictionaries(monkeypatch):
    """No chunked array is made to unify the chunks' dictionaries (which rewrote every code)."""
    t = _table(5, chunks=(300, 200))
    want = _pairs(bv._window_counts(t.column("window_id")))

    class NoChunkedArrays:
        def __getattr__(self, name):
            return getattr(pa, name)

        def chunked_array(self, *a, **k):
            raise AssertionError("the chunks joined again to unify their dictionaries")

    monkeypatch.setattr(bv, "pa", NoChunkedArrays())
    assert _pairs(bv._window_counts(t.column("window_id"))) == want
