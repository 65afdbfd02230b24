"""A time limit's elapsed minutes of the missed rows put aside (issue 14, the score command, session 41): worked out
from the two time columns' arrays (their subtraction and seconds, what the Series' arithmetic and ``.dt`` call),
without a Series' arithmetic for every measure and piece; the same values, bit for bit, as the frame's form."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.kernels.time import _elapsed


def _times(unit="ns", tz=None):
    start = pd.to_datetime(["2025-06-01 09:00:00", "2025-06-01 10:00:07.123456", None, "2025-12-31 23:59:59",
                            "2025-03-01 00:00:00", "2025-06-02 08:00:00"], format="ISO8601").as_unit("ns")
    end = start + pd.to_timedelta([3600, 5000.5, 60, 1e-6, -90.25, 86_400 * 400 + 0.333333], unit="s")
    end = end.insert(2, pd.NaT).delete(3)   # a missing end beside the missing start
    start, end = start.as_unit(unit), end.as_unit(unit)
    if tz:
        start, end = start.tz_localize(tz), end.tz_localize(tz)
    return pd.DataFrame({"received_at": start, "arrived_at": end})


def test_no_series_arithmetic(monkeypatch):
    rows = _times()

    def refuse(*a, **k):
        raise AssertionError("a Series' arithmetic for the elapsed minutes")
    monkeypatch.setattr(pd.Series, "__sub__", refuse)
    got = _elapsed.columns({c: rows[c] for c in rows}, {"start": "received_at", "end": "arrived_at", "unit": "minutes"})
    assert len(got["elapsed_min"]) == len(rows)   # before: the Series' subtraction


@pytest.mark.parametrize("unit,tz", [("ns", None), ("us", None), ("ns", "Asia/Shanghai")])
def test_the_same_minutes_as_the_frame(unit, tz):
    rows = _times(unit, tz)
    for u in ("seconds", "minutes", "hours"):
        p = {"start": "received_at", "end": "arrived_at", "unit": u}
        want = _elapsed(rows, p)["elapsed_min"]
        got = _elapsed.columns({c: rows[c] for c in rows}, p)["elapsed_min"]
        pd.testing.assert_series_equal(got, want, check_names=False, check_index=False)
        assert np.array_equal(got.to_numpy().view(np.int64)[got.notna().to_numpy()],
                              want.to_numpy().view(np.int64)[want.notna().to_numpy()])   # bit for bit
