"""The status column on a task's arrays (``engine.byvalue._on_arrays``, issue 14 item 3): a column blank on every row
says no record is closed without a pandas copy of it, a text column is tested in Arrow, and the counts are the
frame's (``evaluate_frame``) either way; the window ids without a missing one are counted on their codes as they are.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import windoweval.engine.byvalue as bv
from test_byvalue_arrays import SETTINGS, WINS, _by_frame, _item, _table


def _with_status(t: pa.Table, values, dictionary: bool) -> pa.Table:
    rng = np.random.default_rng(5)
    col = pa.array(np.asarray(values, dtype=object)[rng.integers(0, len(values), t.num_rows)], pa.string())
    if dictionary:
        col = col.dictionary_encode()
    return t.append_column("order_status", col)


@pytest.mark.parametrize("values,dictionary", [([None], False), (["closed", "open", None, "withdrawn"], False),
                                               ([None], True), (["closed", None], True)],
                         ids=["blank", "text", "blank-dictionary", "dictionary"])
@pytest.mark.parametrize("setting", ["minutes", "working days, horizon"])
def test_the_status_on_arrays_gives_the_frames_counts_without_pandas(values, dictionary, setting, monkeypatch):
    t = _with_status(_table(7), values, dictionary)
    its = [_item("all", {**SETTINGS[setting], "status": "order_status"}, WINS + ["PW99"]),
           _item("some", {**SETTINGS[setting], "status": "order_status"}, WINS[:4])]
    want = _by_frame(t, its)
    import windoweval.kernels.time as kt
    monkeypatch.setattr(kt, "closed_of", lambda *a, **k: pytest.fail("the status read through pandas"))
    got = bv._on_arrays(t, its)
    for m in want:
        pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)


@pytest.mark.parametrize("nulls", [False, True])
def test_the_window_counts_are_the_codes_counted(nulls):
    w = ["PW02", "PW01", "PW02", None, "PW03", "PW02"] if nulls else ["PW02", "PW01", "PW02", "PW03", "PW02"]
    col = pa.chunked_array([pa.array(w).dictionary_encode(), pa.array(["PW09"]).dictionary_encode(),
                            pa.array([], pa.string()).dictionary_encode()])
    got = [(names.tolist(), n.tolist()) for names, n in bv._window_counts(col)]
    # subset41: one list for the column (its chunks' dictionaries unified), not one per chunk
    want = ([None] if nulls else []) + ["PW02", "PW01", "PW03", "PW09"]
    assert got == [(want, ([1] if nulls else []) + [3, 1, 1, 1])]
