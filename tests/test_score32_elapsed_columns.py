"""A time limit's missed rows put aside column by column (issue 14, the score command, session 32): the elapsed minutes
of each piece's missed rows worked out from the two columns apart (``_elapsed.columns``), no frame made for them on
every piece; the same values as the drill-down's."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from windoweval import scoring
from windoweval.kernels import KERNELS
from windoweval.kernels.time import _elapsed


def _m():
    return {"measure": "m", "records": "work_orders", "kernel": "time_limit",
            "params": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"}}


def _rows():
    received = pd.to_datetime(["2025-06-01 09:00:00", "2025-06-01 10:00:07", "2025-06-02 08:00:00"])
    return pd.DataFrame({"order_id": ["1", "2", "3"], "window_id": ["A", "A", "B"], "received_at": received,
                         "arrived_at": received + pd.to_timedelta([3600, 5000.5, 86_400], unit="s")})


def test_no_frame_made_for_the_elapsed_minutes(monkeypatch):
    calls = []

    def detail(out, params):   # the frame's form, counted; its columns' form as the kernel's own
        calls.append(len(out))
        return _elapsed(out, params)
    detail.columns = _elapsed.columns
    monkeypatch.setitem(KERNELS, "time_limit", dataclasses.replace(KERNELS["time_limit"], detail=detail))
    pop = _rows()
    mask = pd.Series(pd.array([False] * 3, dtype="boolean"), name="passed")
    got = scoring._drill_record_columns("m", _m(), list(pop.columns), lambda c: pop[c], mask)
    assert calls == []   # before: a frame of the two columns made and given to the kernel's detail
    want = scoring._drill_rows("m", _m(), pop, mask)
    assert list(got) == list(want.columns)
    np.testing.assert_array_equal(np.asarray(got["elapsed_min"], dtype=float), want["elapsed_min"].to_numpy())
    assert got["elapsed_min"].dtype == want["elapsed_min"].dtype


def test_the_columns_form_is_the_frames():
    pop = _rows()
    for unit in ("seconds", "minutes", "hours", "days", "working_days"):
        p = {"start": "received_at", "end": "arrived_at", "unit": unit}
        frame = _elapsed(pop, p)
        cols = _elapsed.columns({c: pop[c] for c in ("received_at", "arrived_at")}, p)
        added = [c for c in frame.columns if c not in pop.columns]
        assert list(cols) == added, unit
        for c in added:
            pd.testing.assert_series_equal(cols[c], frame[c], check_names=False, check_index=False)
    assert _elapsed.columns({"received_at": pop["received_at"]}, {"start": "received_at", "end": "arrived_at",
                                                                   "unit": "minutes"}) is None
