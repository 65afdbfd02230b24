"""subset41: the time limits judged on a task's arrays with the steps around the end (``not_before`` /
``not_after``), the later step looked at only where the end is blank (``done_by_steps``) and the window codes shifted
once a measure: the counts are the frame's, row for row, with NaT anywhere (start, end, step), ends equal to a step,
and steps left unread because they are blank on every row (``blank``)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import windoweval.engine.byvalue as bv
from windoweval.calendar import WorkCalendar
from windoweval.kernels import Measure
from windoweval.kernels.time import _NAT, done_by_steps
from windoweval.records import store

WINS = [f"PW{i:02d}" for i in range(9)]


def _table(seed: int, n: int = 9000, blank_step: bool = False) -> pa.Table:
    rng = np.random.default_rng(seed)
    w = np.array(WINS + ["PW99"], dtype=object)[rng.integers(0, len(WINS) + 1, n)]
    t0 = np.datetime64("2025-01-01", "ns").astype(np.int64) + rng.integers(0, 360 * 86_400, n) * 10**9
    t1 = t0 + rng.integers(-3_600, 6 * 86_400, n) * 10**9
    step = np.where(rng.random(n) < 0.5, t1 + rng.integers(-7_200, 7_200, n) * 10**9, t1)   # some equal to the end
    cols = {"window_id": pa.array(w, pa.string()).dictionary_encode(),
            "received_at": pa.array(t0, pa.timestamp("ns"), mask=rng.random(n) < 0.05),
            "arrived_at": pa.array(t1, pa.timestamp("ns"), mask=rng.random(n) < 0.3),
            "completed_at": pa.array(step, pa.timestamp("ns"), mask=(rng.random(n) < 0.3) | blank_step)}
    return pa.table(cols)


def _item(name, setting, wins) -> Measure:
    return Measure.of({"measure": name, "records": "work_orders", "kernel": "time_limit",
                       "where": {"order_type": "x"}}, wins, setting)


def _by_frame(t: pa.Table, its) -> dict:
    from windoweval.engine.frame import evaluate_frame

    df = store.to_frame(t, "work_orders", ["window_id"])
    df["order_type"] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=["x"])
    return {m: ev.agg for m, ev in evaluate_frame(df, its, False).items()}


SETTINGS = {
    "minutes, not_after": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes",
                           "not_after": "completed_at", "horizon": "2025-12-31 23:59:59"},
    "minutes, not_before": {"start": "received_at", "end": "arrived_at", "limit": 90, "unit": "minutes",
                            "not_before": "completed_at", "early": "met"},
    "working days, both": {"start": "received_at", "end": "completed_at", "limit": 2, "unit": "working_days",
                           "calendar": WorkCalendar(), "not_before": "arrived_at", "horizon": "2025-12-31 23:59:59",
                           "unstarted": "open"},
}


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("seed", [1, 2])
def test_steps_on_arrays_are_the_frames(setting, seed, monkeypatch):
    monkeypatch.setattr(bv, "BLOCK_ROWS", 1000)    # several blocks, a short last one
    t = _table(seed)
    its = [_item("all", SETTINGS[setting], WINS + ["PW99"]), _item("some", SETTINGS[setting], WINS[:4])]
    assert all(bv._arrays_ok(it, t.column_names) for it in its) and bv._arrays_read(t, its)
    got, want = bv._on_arrays(t, its), _by_frame(t, its)
    for m in want:
        pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)


def test_a_step_blank_on_every_row_left_unread_counts_as_read():
    t = _table(5, blank_step=True)
    its = [_item("after", SETTINGS["minutes, not_after"], WINS), _item("before", SETTINGS["minutes, not_before"], WINS)]
    want = _by_frame(t, its)
    unread = t.drop_columns(["completed_at"])
    blank = {"completed_at": pa.timestamp("ns")}
    assert bv._arrays_read(unread, its, blank) and not bv._arrays_read(unread, its)
    got = bv._on_arrays(unread, its, blank)
    for m in want:
        pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)


def test_done_by_steps_is_the_earliest_later_step_at_blank_ends():
    rng = np.random.default_rng(0)
    n = 5000
    ev = np.where(rng.random(n) < 0.2, _NAT, rng.integers(0, 10**6, n)).astype(np.int64)
    later = [np.where(rng.random(n) < 0.4, _NAT, rng.integers(0, 10**6, n)).astype(np.int64) for _ in range(3)]
    got = done_by_steps(ev, later)
    stacked = np.stack([np.where(x == _NAT, np.iinfo(np.int64).max, x) for x in later])
    first = stacked.min(axis=0)
    want = np.where((ev == _NAT) & (first != np.iinfo(np.int64).max), first, _NAT)
    np.testing.assert_array_equal(got, want)
    assert done_by_steps(ev, []) is None
    assert done_by_steps(np.zeros(3, dtype=np.int64), later) is None                  # no blank end
    assert done_by_steps(np.full(3, _NAT), [np.full(3, _NAT)]) is None                # no step done


@pytest.mark.parametrize("nulls", [False, True])
def test_the_window_counts_from_the_codes_are_the_columns(nulls):
    w = ["PW02", "PW01", "PW02", None, "PW03", "PW02"] if nulls else ["PW02", "PW01", "PW02", "PW03", "PW02"]
    col = pa.chunked_array([pa.array(w).dictionary_encode(), pa.array(["PW09", "PW01"]).dictionary_encode(),
                            pa.array([], pa.string()).dictionary_encode()])
    want = [(a.tolist(), b.tolist()) for a, b in bv._window_counts(col)]
    got = [(a.tolist(), b.tolist()) for a, b in bv._code_counts(*bv._codes(col))]
    assert got == want and sum(want[0][1]) == len(w) + 2
