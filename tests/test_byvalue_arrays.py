"""Time limits judged on a task's Arrow arrays (``engine.byvalue._on_arrays``, issue 14 item 3, sixth round): the
counts per window are exactly those of the task's frame through ``evaluate_frame``, for every unit, setting and
window selection, and a sorted store's time limits take this path (no frame is built for them)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import windoweval.engine.byvalue as bv
from windoweval.calendar import WorkCalendar
from windoweval.engine.frame import _agg_flags, _agg_frame, evaluate_frame
from windoweval.kernels import KERNELS, Measure
from windoweval.kernels.base import with_open
from windoweval.kernels.time import _NAT, _day_of, time_limit_verdicts
from windoweval.records import store

WINS = [f"PW{i:02d}" for i in range(12)]


def _table(seed: int, chunks=(3000, 2000, 1), null_windows: bool = False) -> pa.Table:
    """Window ids as dictionaries (each chunk its own, some values only in one), starts and ends with gaps, ends
    before starts, open cases, times around midnight and across the year."""
    rng = np.random.default_rng(seed)
    batches = []
    for k, n in enumerate(chunks):
        pool = np.array(WINS[k % 3:] + ["PW99"], dtype=object)
        w = pool[rng.integers(0, len(pool), n)]
        if null_windows:
            w[rng.random(n) < 0.05] = None
        t0 = np.datetime64("2025-01-01", "ns").astype(np.int64) + rng.integers(0, 370 * 86_400, n) * 10**9
        t0 = t0 + rng.integers(0, 10**9, n) * (rng.random(n) < 0.2)        # some with nanoseconds
        t1 = t0 + rng.integers(-3_600, 9 * 86_400, n) * 10**9
        exact = rng.random(n) < 0.05
        t1[exact] = t0[exact] + 2_700 * 10**9                               # exactly 45 minutes
        m0, m1 = rng.random(n) < 0.05, rng.random(n) < 0.15
        batches.append(pa.record_batch(
            [pa.array(w, pa.string()).dictionary_encode(), pa.array(t0, pa.timestamp("ns"), mask=m0),
             pa.array(t1, pa.timestamp("ns"), mask=m1), pa.array(t0 + 2 * 3_600 * 10**9, pa.timestamp("ns"))],
            names=["window_id", "received_at", "completed_at", "due_at"]))
    return pa.Table.from_batches(batches)


_CAL = WorkCalendar()
SETTINGS = {
    "minutes": {"limit": 45, "unit": "minutes"},
    "minutes, early met, horizon": {"limit": 60, "unit": "minutes", "early": "met", "horizon": "2025-12-31 23:59:59"},
    "seconds, missing fail": {"limit": 0.1, "unit": "seconds", "missing": "fail"},
    "hours, horizon": {"limit": 2.5, "unit": "hours", "horizon": pd.Timestamp("2025-06-30 12:00")},
    "days": {"limit": 3, "unit": "days", "horizon": "2025-12-31 23:59:59"},
    "days, art. 203": {"limit": 3, "unit": "days", "extend_to_workday": True, "calendar": _CAL},
    "working days, horizon": {"limit": 5, "unit": "working_days", "calendar": _CAL,
                              "horizon": "2025-12-31 23:59:59"},
    "working day, fail": {"limit": 1, "unit": "working_days", "calendar": _CAL, "missing": "fail"},
}


def _item(name: str, setting: dict, wins, start="received_at", end="completed_at") -> Measure:
    return Measure.of({"measure": name, "records": "work_orders", "kernel": "time_limit",
                       "where": {"order_type": "x"}}, wins, {"start": start, "end": end, **setting})


def _by_frame(t: pa.Table, its) -> dict:
    df = store.to_frame(t, "work_orders", ["window_id"])
    df["order_type"] = pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=["x"])  # as byvalue
    return {m: ev.agg for m, ev in evaluate_frame(df, its, False).items()}


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("null_windows", [False, True])
def test_the_counts_on_arrays_are_the_frames(setting, null_windows):
    t = _table(3, null_windows=null_windows)
    its = [_item("all", SETTINGS[setting], WINS + ["PW99"]), _item("some", SETTINGS[setting], WINS[:5]),
           _item("none", SETTINGS[setting], ["PW77"]), _item("due", SETTINGS[setting], WINS, start="due_at")]
    assert all(bv._arrays_ok(it, t.column_names) for it in its) and bv._arrays_read(t, its)
    got, want = bv._on_arrays(t, its), _by_frame(t, its)
    assert list(got) == list(want)
    for m in want:
        pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)    # values, dtypes, index and its dtype
    assert int(want["all"]["records"].sum()) == t.num_rows - (int(t.column("window_id").null_count))
    assert len(want["none"]) == 0


@pytest.mark.parametrize("seed", range(4))
def test_the_counts_on_arrays_on_slices_and_single_chunks(seed):
    t = _table(seed, chunks=(700,))
    for part in (t, t.slice(100, 300), _table(seed, chunks=(0, 400, 0))):
        its = [_item(s, SETTINGS[s], WINS[: 4 + seed]) for s in SETTINGS]
        got, want = bv._on_arrays(part, its), _by_frame(part, its)
        for m in want:
            pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)


def test_what_the_arrays_do_not_take_goes_to_the_frame():
    t = _table(1)
    base = {"limit": 45, "unit": "minutes"}
    assert bv._arrays_ok(_item("m", base, WINS), t.column_names)
    for extra in ({"exempt": "completed_at"}, {"special": "completed_at", "extended_limit": 90},
                  {"abandoned": "due_at"}):
        assert not bv._arrays_ok(_item("m", {**base, **extra}, WINS), t.column_names)
    assert not bv._arrays_ok(_item("m", base, None), t.column_names)             # every window: the frame's way
    flag = Measure.of({"measure": "f", "records": "work_orders", "kernel": "flag"}, WINS, {"column": "x"})
    assert not bv._arrays_ok(flag, t.column_names)
    zoned = t.set_column(1, "received_at", t.column("received_at").cast(pa.timestamp("ns", tz="Asia/Shanghai")))
    assert not bv._arrays_read(zoned, [_item("m", base, WINS)])                # a time zone: the frame's wall clock
    us = t.set_column(1, "received_at", t.column("received_at").cast(pa.timestamp("us"), safe=False))
    assert not bv._arrays_read(us, [_item("m", base, WINS)])
    plain = t.set_column(0, "window_id", t.column("window_id").cast(pa.string()))
    assert not bv._arrays_read(plain, [_item("m", base, WINS)])


def test_the_flags_count_as_the_mask():
    rng = np.random.default_rng(11)
    for n in (0, 1, 500):
        ok, na, op = rng.random(n) < 0.6, rng.random(n) < 0.2, rng.random(n) < 0.3
        codes = rng.integers(-1, 7, n)
        uniq = pd.Index([f"W{i}" for i in range(7)])
        mask = with_open(pd.Series(pd.arrays.BooleanArray(ok & ~na, na)), op & na)
        pd.testing.assert_frame_equal(_agg_flags(codes, uniq, ~na, ok & ~na, op & na),
                                      _agg_frame(codes, uniq, mask, None), check_exact=True)


def test_day_of_is_numpys_cast():
    rng = np.random.default_rng(5)
    v = np.concatenate([rng.integers(-3 * 10**18, 3 * 10**18, 20_000), np.array([0, -1, 1, _NAT]),
                        np.arange(-3, 4) * 86_400 * 10**9 - 1, np.arange(-3, 4) * 86_400 * 10**9])
    miss = v == _NAT
    want = v.view("datetime64[ns]").astype("datetime64[D]")
    got = _day_of(v, miss)
    assert got.dtype == want.dtype and np.array_equal(got.view(np.int64), want.view(np.int64))


def test_the_verdicts_are_the_kernels():
    """``time_limit`` is ``time_limit_verdicts`` on its columns: the same mask, open flags included."""
    t = _table(9)
    df = store.to_frame(t, "work_orders", ["window_id"])
    for name, s in SETTINGS.items():
        ok, na, op = time_limit_verdicts(df["received_at"].to_numpy().view(np.int64),
                                         df["completed_at"].to_numpy().view(np.int64), **s)
        m = KERNELS["time_limit"](df, start="received_at", end="completed_at", **s)
        assert np.array_equal(m.isna().to_numpy(), na), name
        assert np.array_equal(m.to_numpy(dtype=bool, na_value=False), ok & ~na), name
        assert np.array_equal(m.attrs["open"], op & na), name


def test_a_sorted_store_judges_its_time_limits_on_arrays(monkeypatch, tmp_path):
    """The path is taken: no frame is built for the time limits of a sorted store (the counts are checked against
    the pieces in tests/test_engine_byvalue.py, which goes through it)."""
    from test_engine_byvalue import _items, _orders, _store

    from windoweval.engine import evaluate

    data = _store(tmp_path, _orders(1500, 3), True)
    its = _items(["fault_repair", "appointment", "billing_query", "meter_fault"])
    framed, judged = [], []
    real_frame, real_arrays = store.to_frame, bv._on_arrays
    monkeypatch.setattr(store, "to_frame", lambda *a, **k: framed.append(1) or real_frame(*a, **k))
    monkeypatch.setattr(bv, "_on_arrays", lambda *a, **k: judged.append(1) or real_arrays(*a, **k))
    res = evaluate(its, data, 2025)
    assert judged and not framed
    assert sum(int(res[it.measure].agg["records"].sum()) for it in its) > 0


def test_the_lazy_listing_gives_the_same_row_groups_fragments_and_plain_reads(tmp_path):
    """``row_groups(lazy=True)`` makes no fragment; ``fragment(r)`` is the one the full listing makes, and
    ``_always`` (asked once per guarantee) finds the same row groups readable as they are."""
    from test_engine_byvalue import _orders, _store

    from windoweval.engine.byvalue import _always

    data = _store(tmp_path, _orders(6000, 4), True) / "work_orders"   # row groups of 50: several a type
    for rows in ([("order_type", "in", ["appointment", "fault_repair"])], None):
        scan = store._Scan("work_orders", data, 2025, ["window_id", "order_type", "received_at"],
                           ["window_id", "order_type"], rows)
        if "order_type" not in scan.guard:
            scan.guard = [*scan.guard, "order_type"]
        full, lazy = scan.row_groups(), scan.row_groups(lazy=True)
        assert [r.fragment for r in lazy] == [None] * len(lazy)
        assert [(r.path, r.index, r.eq, r.rows, r.key) for r in full] == \
               [(r.path, r.index, r.eq, r.rows, r.key) for r in lazy]
        for a, b in zip(full, lazy):
            assert a.fragment.partition_expression.equals(scan.fragment(b).partition_expression)
        assert len({r.key for r in lazy}) < len(lazy)            # several row groups share a guarantee
        ds_ = scan.whole()
        for expr in (scan.filters, ~scan.filters):
            got = _always(scan, ds_, lazy, expr)
            # pyarrow asked about every row group on its own, as before
            fr = [r.fragment for r in full]
            fail = {(f.path, str(f.partition_expression)) for f in scan.dataset_of(fr, ds_).get_fragments(filter=~expr)}
            hold = {(f.path, str(f.partition_expression)) for f in scan.dataset_of(fr, ds_).get_fragments(filter=expr)}
            want = {(r.path, r.index) for r in full if (k := (r.path, str(r.fragment.partition_expression))) not in fail
                    and k in hold}
            assert got == want
        assert _always(scan, ds_, lazy, scan.filters)             # some are read as they are


def test_the_counts_do_not_depend_on_the_block(monkeypatch):
    t = _table(8, chunks=(2500, 1500))
    its = [_item(s, SETTINGS[s], WINS[:7]) for s in SETTINGS] + [_item("all", SETTINGS["minutes"], WINS + ["PW99"])]
    want = _by_frame(t, its)
    for rows in (1, 7, 1000, 4000, 10**6):
        monkeypatch.setattr(bv, "BLOCK_ROWS", rows)
        got = bv._on_arrays(t, its)
        for m in want:
            pd.testing.assert_frame_equal(got[m], want[m], check_exact=True)
