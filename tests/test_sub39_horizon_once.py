"""The cut-off of open cases is worked out once per cut-off, not for every block of records a time limit judges
(``kernels.time._horizon_ns``): a pandas Series built and read for every 65,536 records judged on a store's arrays
was a quarter of the minute limits' verdict time (issue 14 item 3).  The same nanoseconds as before, zone or not."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import windoweval.kernels.time as kt


def _before(horizon):
    return kt._ns(pd.Series([pd.Timestamp(horizon)]))[0]


@pytest.mark.parametrize("horizon", ["2025-12-31 23:59:58.123", pd.Timestamp("2025-06-30 12:00:01"),
                                     pd.Timestamp("2025-06-30 04:00:02", tz="UTC"),
                                     pd.Timestamp("2025-06-30 12:00:03", tz="Asia/Shanghai"),
                                     np.datetime64("2025-03-01T08:00:04"), ["unhashable"]],
                         ids=["text", "naive", "utc", "shanghai", "numpy", "list"])
def test_the_cut_off_is_the_same_nanoseconds(horizon):
    if isinstance(horizon, list):
        from windoweval.errors import InputError

        with pytest.raises((TypeError, InputError)):   # since session 43 (records.cutoff.cut_off): said as a user's
            kt._horizon_ns(horizon)                    # mistake, with what to write
        return
    got = kt._horizon_ns(horizon)
    assert got == _before(horizon) and isinstance(got, np.int64)


def test_judging_block_after_block_works_the_cut_off_out_once(monkeypatch):
    rng = np.random.default_rng(1)
    sv = (np.datetime64("2025-12-01", "ns").astype(np.int64) + rng.integers(0, 31 * 86_400, 1000) * 10**9)
    ev = sv + rng.integers(0, 3_600, 1000) * 10**9
    ev[::3] = kt._NAT                      # open cases: their deadlines against the cut-off
    horizon = "2025-12-31 23:59:57.5"
    want = kt.time_limit_verdicts(sv, ev, 45, "minutes", horizon=pd.Timestamp(horizon).to_pydatetime())
    calls = []
    real = kt._ns
    monkeypatch.setattr(kt, "_ns", lambda col: calls.append(1) or real(col))
    for _ in range(5):
        got = kt.time_limit_verdicts(sv, ev, 45, "minutes", horizon=horizon)
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)
    assert len(calls) == 1
