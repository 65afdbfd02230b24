"""The cheaper steps of a cold ``score()`` on a sorted store (issue 14, fifth round) give exactly what the steps they
replace gave: the same frames, the same verdicts, the same counts, the same workspace."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from windoweval.engine import frame as F
from windoweval.engine.account import add_up, tally
from windoweval.engine.byvalue import _pairs
from windoweval.engine.plan import Item
from windoweval.kernels import KERNELS
from windoweval.kernels.base import with_open
from windoweval.kernels.time import _within_ns, time_limit
from windoweval.records import store


def _generic_frame(table, kind, categorical=()):
    """store.to_frame as it was before the lean path: pyarrow's to_pandas, then the contract's dtypes."""
    df = table.to_pandas(types_mapper=store._types_mapper)
    cats = [x for x in categorical if x in df]
    if not cats:
        return store.conform(df, kind)
    return store.conform(df.drop(columns=cats), kind).assign(**{x: df[x] for x in cats})


def _tables():
    rng = np.random.default_rng(7)
    n = 5000
    wins = np.array([f"PW{i:03d}" for i in range(40)], dtype=object)

    def batch(k, with_null):
        w = wins[rng.integers(0, 40, k)].astype(object)
        if with_null:
            w[rng.random(k) < 0.1] = None
        t0 = rng.integers(1.73e18, 1.76e18, k)
        t1 = t0 + rng.integers(-1e11, 1e13, k)
        miss = rng.random(k) < 0.2
        return pa.record_batch([pa.array(w).dictionary_encode(), pa.array(t0, pa.timestamp("ns")),
                                pa.array(np.where(miss, 0, t1), pa.timestamp("ns"), mask=miss)],
                               names=["window_id", "received_at", "arrived_at"])
    one = pa.Table.from_batches([batch(n, False)])
    several = pa.Table.from_batches([batch(1000, False), batch(3000, True), batch(1, True)])  # one dictionary each
    return {"one chunk": one, "chunks, missing windows": several, "a slice": several.slice(500, 2000)}


@pytest.mark.parametrize("name", ["one chunk", "chunks, missing windows", "a slice"])
def test_lean_frame_is_the_generic_frame(name):
    t = _tables()[name]
    for cats in (["window_id"], ["window_id", "order_type"]):
        assert store._lean_frame(t, "work_orders", cats) is not None        # the lean path is taken ...
        a, b = _generic_frame(t, "work_orders", cats), store.to_frame(t, "work_orders", cats)
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_categorical=True)   # ... and gives the same frame
        assert a["window_id"].cat.categories.equals(b["window_id"].cat.categories)
        assert a["window_id"].array.codes.dtype == b["window_id"].array.codes.dtype


def test_lean_frame_leaves_other_tables_to_pandas():
    t = pa.table({"window_id": ["PW01"], "received_at": pa.array([1], pa.timestamp("ns")), "n": [3]})
    assert store._lean_frame(t, "work_orders", ["window_id"]) is None       # text not read as a dictionary
    assert store._lean_frame(t.slice(0, 0), "work_orders", []) is None       # no rows
    pd.testing.assert_frame_equal(store.to_frame(t, "work_orders", ["window_id"]),
                                  _generic_frame(t, "work_orders", ["window_id"]))


@pytest.mark.parametrize("limit_s", [0, 1e-9, 0.1, 1 / 3, 30.000000001, 2700, 3600, 0.3 * 3600, 123456.789, -5.0])
def test_integer_threshold_is_the_float_test(limit_s):
    rng = np.random.default_rng(int(abs(limit_s) * 1000) % 2**32)
    top = _within_ns(limit_s)
    d = np.r_[np.arange(top - 3000, top + 3000), rng.integers(-10**13, 10**15, 20000),
              [np.iinfo(np.int64).max - 7, np.iinfo(np.int64).min + 10**13, 0, -1]]
    assert np.array_equal(d <= top, (d / 1e9) <= limit_s)
    assert _within_ns(1e12) is None                                          # beyond any elapsed time: the float test


@pytest.mark.parametrize("unit,limit", [("minutes", 45), ("seconds", 20), ("hours", 0.3), ("minutes", 0.1)])
@pytest.mark.parametrize("early", ["na", "met"])
def test_time_limit_verdicts_as_the_float_division_gave_them(unit, limit, early):
    rng = np.random.default_rng(3)
    n = 20000
    secs = {"seconds": 1, "minutes": 60, "hours": 3600}[unit] * limit
    s = pd.Series(pd.to_datetime(rng.integers(1.73e18, 1.74e18, n)))
    # around the limit to the nanosecond, before the start, far after, and missing
    d = np.r_[np.round(secs * 1e9) + rng.integers(-3, 4, n // 2), rng.integers(-1e12, 1e13, n - n // 2)]
    e = s + pd.to_timedelta(d, unit="ns")
    e[rng.random(n) < 0.1] = pd.NaT
    s[rng.random(n) < 0.05] = pd.NaT
    df = pd.DataFrame({"s": s, "e": e})
    got = time_limit(df, "s", "e", limit, unit, early=early, horizon="2025-12-31 23:59:59")
    el = (e - s).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan)  # the float test, row by row
    miss = np.isnan(el) | ((el < 0) if early == "na" else False)
    want = np.where(miss, np.nan, (el <= secs) | ((el < 0) if early == "met" else False))
    known = ~np.isnan(want)
    has_end = e.notna().to_numpy()
    assert np.array_equal(got.isna().to_numpy()[has_end], ~known[has_end])
    assert np.array_equal(got.to_numpy(dtype=bool, na_value=False)[known], want[known].astype(bool))


def test_counts_per_window_in_one_pass_are_the_counts_per_flag():
    rng = np.random.default_rng(11)
    for trial in range(40):
        n, k = int(rng.integers(0, 4000)), int(rng.integers(1, 300))
        codes = rng.integers(-1 if trial % 3 == 0 else 0, k, n).astype(np.int16)
        vals, na = rng.random(n) < 0.6, rng.random(n) < 0.3
        mask = with_open(pd.Series(pd.arrays.BooleanArray(vals & ~na, na), name="passed"), na & (rng.random(n) < 0.5))
        uniq = pd.Index([f"W{i}" for i in range(k)])
        one = F._agg_frame(codes, uniq, mask, None)              # one bincount of window and flags
        each = F._agg_frame(codes, uniq, mask, np.ones(n))       # a count per flag (the weighted path)
        pd.testing.assert_frame_equal(one, each)


def test_window_value_pairs_added_up_on_codes_as_a_groupby_adds_them():
    rng = np.random.default_rng(1)
    wins = np.array([f"W{i}" for i in range(30)], dtype=object)
    types = ["fault_repair", "appointment", "billing_query", "meter_fault"]
    it = Item({"measure": "m", "records": "work_orders", "where": {"order_type": ["fault_repair", "appointment"]}},
              [f"W{i}" for i in range(20)], KERNELS["time_limit"],
              {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes"})
    for _ in range(20):
        seen = []
        for _ in range(int(rng.integers(1, 40))):
            names = np.unique(rng.choice(wins, size=int(rng.integers(1, 10)))).astype(object)
            if rng.random() < 0.3:
                names = np.r_[np.array([None], dtype=object), names]           # a missing window id
            seen.append((types[rng.integers(0, 4)], names, rng.integers(1, 100, len(names))))
        w = np.concatenate([x for _, x, _ in seen])
        val = np.concatenate([np.full(len(x), v, dtype=object) for v, x, _ in seen])
        n = np.concatenate([c for _, _, c in seen]).astype(np.int64)
        g = (pd.DataFrame({"window_id": w, "order_type": val, "__n": n})
             .groupby(["window_id", "order_type"], dropna=False, sort=False)["__n"].sum().reset_index())
        d0 = g[["window_id", "order_type"]].astype({"window_id": "category", "order_type": "category"})
        d1, n1 = _pairs(seen, "order_type")
        pd.testing.assert_frame_equal(d0.reset_index(drop=True), d1, check_categorical=True)
        assert n1.tolist() == g["__n"].tolist()
        u0, c0 = add_up([tally(d0, [it], "work_orders", weights=g["__n"].to_numpy(dtype=np.int64))])
        u1, c1 = add_up([tally(d1, [it], "work_orders", weights=n1)])
        pd.testing.assert_frame_equal(u0, u1)
        pd.testing.assert_series_equal(c0, c1)


def test_workspace_parsed_once_per_process_each_caller_its_own_copy(tmp_path):
    from windoweval.records.workspace import _WS_CACHE, load_workspace

    f = tmp_path / "windoweval.toml"
    f.write_text('name = "甲"\n[[windows]]\nid = "PW01"\nname = "城东"\nkind = "power_hall"\n', encoding="utf-8")
    a = load_workspace(tmp_path)
    a.targets["x"] = 0.9                       # one caller changes its workspace ...
    a.windows.loc[0, "window_name"] = "改"
    b = load_workspace(tmp_path)
    assert b.targets == {} and b.windows["window_name"].tolist() == ["城东"]   # ... nobody else's
    assert sum(1 for k in _WS_CACHE if k[0] == str(f)) == 1
    f.write_text('name = "乙"\n[[windows]]\nid = "PW02"\nname = "城西"\nkind = "power_hall"\n', encoding="utf-8")
    c = load_workspace(tmp_path)               # other bytes: parsed again (the same size and time would not fool it)
    assert c.name == "乙" and c.windows["window_id"].tolist() == ["PW02"] and c.root == b.root
    f.write_text('name = "丙"\n[[windows]]\n', encoding="utf-8")
    from windoweval.records.workspace import WorkspaceError
    with pytest.raises(WorkspaceError):        # a refusal is refused every time, never kept
        load_workspace(tmp_path)
    with pytest.raises(WorkspaceError):
        load_workspace(tmp_path)


def test_lean_frame_can_be_changed_by_its_caller():
    # a column read without a copy would be a read-only view of Arrow's buffer: the frame is the caller's to change
    t = pa.table({"received_at": pa.array([1, 2, 3], pa.timestamp("ns")),
                  "window_id": pa.array(["a", "b", "a"]).dictionary_encode()})
    df = store.to_frame(t, "work_orders", ["window_id"])
    df.loc[0, "received_at"] = pd.Timestamp("2025-01-01")
    df.loc[1, "window_id"] = "a"
    assert df["received_at"].iloc[0] == pd.Timestamp("2025-01-01") and df["window_id"].tolist() == ["a", "a", "a"]
