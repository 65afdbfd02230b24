"""The counts of several tasks added up on integer window codes (``engine.local._sum_aggs``; issue 14 item 3,
session 42): the frame pandas' ``groupby`` gave, exactly, and the ``groupby`` kept where a float sum could differ."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.engine import local


def _agg(index, seed, weights=False):
    rng = np.random.default_rng(seed)
    n = len(index)
    cols = {}
    for c in local.AGG_COLUMNS:
        if c.startswith("w_"):
            v = rng.integers(0, 50, n).astype(float)
            cols[c] = v + rng.random(n) / 3 if weights else v
        else:
            cols[c] = rng.integers(0, 1000, n).astype(np.int64)
    return pd.DataFrame(cols, index=pd.Index(index, name="window_id"))


def _old_sum(aggs):
    aggs = [a for a in aggs if len(a)]
    if len(aggs) == 1:
        return aggs[0]
    return pd.concat(aggs).groupby(level="window_id", sort=False).sum()[local.AGG_COLUMNS]


@pytest.mark.parametrize("weights", [False, True])
def test_the_sums_of_tasks_are_the_groupbys(weights):
    parts = [_agg(["PW03", "PW01", "PW07"], 1, weights), _agg(["PW01", "PW02"], 2, weights),
             _agg([], 3, weights), _agg(["PW09", "PW03", "PW02", "PW01"], 4, weights)]
    got = local._sum_aggs(parts)
    pd.testing.assert_frame_equal(got, _old_sum(parts), check_exact=True)
    assert got.index.tolist() == ["PW03", "PW01", "PW07", "PW02", "PW09"]   # in the order they first occur
    # a window id missing from every task's index but one, an infinite weight (unknown), object and text indexes
    odd = [_agg(pd.Index(["A", "B"], dtype=object), 5, weights), _agg(pd.Index(["B", "C"], dtype="str"), 6, weights)]
    odd[1].loc["C", "w_miss"] = np.inf
    pd.testing.assert_frame_equal(local._sum_aggs(odd), _old_sum(odd), check_exact=True)


def test_the_sums_are_taken_on_codes_not_by_a_groupby(monkeypatch):
    parts = [_agg(["PW03", "PW01"], 1), _agg(["PW01", "PW02"], 2)]
    want = _old_sum(parts)
    monkeypatch.setattr(pd.DataFrame, "groupby", lambda *a, **k: (_ for _ in ()).throw(AssertionError("groupby")))
    pd.testing.assert_frame_equal(local._sum_aggs(parts), want, check_exact=True)
