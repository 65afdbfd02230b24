"""A sorted store scored row group by row group (``engine.byvalue``, issue 14 items 3 and 5): the same counts per
window and measure, the same records no measure took and the same refusal of unknown windows as the read of
every piece, for some of the order types and for all of them, with records filed in another year, unknown
windows, open cases and an unsorted store (which falls back).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import windoweval.engine.run as run
from windoweval.engine import evaluate
from windoweval.engine.byvalue import score_by_value
from windoweval.kernels import Measure
from windoweval.records import RecordsError, contracts
from windoweval.records.store import MARKER, _schema, contract_signature, write_part

TYPES = ["fault_repair", "appointment", "billing_query", "new_connection_other", "meter_fault"]
WINS = ["PW01", "PW02", "PW03"]


def _orders(n: int, seed: int, null_types: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rec = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), unit="s")
    t = rng.choice(len(TYPES), n)
    filed = pd.Series((rec - pd.to_timedelta(rng.integers(1, 30, n), unit="D")).astype("datetime64[ns]")).where(t == 3)
    end = pd.Series((rec + pd.to_timedelta(rng.integers(-600, 4 * 86400, n), unit="s")).astype("datetime64[ns]"))
    end = end.where(rng.random(n) > 0.1)   # open cases (no end): overdue or not yet due by the cut-off
    df = pd.DataFrame({
        "order_id": [f"W{i}" for i in range(n)],
        "window_id": rng.choice(WINS + ["PW99"], n, p=[0.3, 0.3, 0.3, 0.1]),   # required: never missing
        "order_type": [TYPES[i] for i in t],
        "received_at": rec.astype("datetime64[ns]"),
        "filed_at": filed,
        "due_at": (rec + pd.Timedelta(hours=2)).astype("datetime64[ns]"),
        "arrived_at": end,
        "completed_at": end,
    })
    if null_types:
        df.loc[df.index[::97], "order_type"] = None
    # clock started in December 2024, not filed: in the 2024 partition, belonging to 2024 (not read)
    df.loc[df.index[30:60], "received_at"] = pd.Timestamp("2024-12-30 09:00")
    df.loc[df.index[30:60], "filed_at"] = pd.NaT
    # clock started in 2026 but filed in 2025: in the 2026 partition, belonging to 2025
    df.loc[df.index[:30], ["received_at", "order_type"]] = [pd.Timestamp("2026-01-02 09:00"), "new_connection_other"]
    df.loc[df.index[:30], "filed_at"] = pd.Timestamp("2025-12-20 09:00")
    return df


def _store(root, df: pd.DataFrame, sorted_: bool):
    c = contracts()["work_orders"]
    full = df[[x for x in c.columns if x in df]].copy()
    for col, spec in c.columns.items():
        if col not in full:
            full[col] = pd.Series(None, index=full.index, dtype=object)
    full = full[list(c.columns)]
    ds = root / "work_orders"
    for y, part in full.groupby(full["received_at"].dt.year):
        for m, sub in part.groupby(part["received_at"].dt.month):
            d = ds / f"year={y}" / f"month={m:02d}"
            d.mkdir(parents=True)
            table = pa.Table.from_pandas(sub, schema=_schema(c), preserve_index=False)
            if sorted_:
                write_part(table, d / "part-0.parquet", c, row_group_rows=50)   # several row groups of one type
            else:
                pq.write_table(table, d / "part-0.parquet")
    (ds / MARKER).write_text('{"kind": "work_orders", "contract": "%s", "by_year": true, "by_month": true}'
                             % contract_signature("work_orders"))
    return root


def _items(types: list[str]) -> list[Measure]:
    from windoweval.calendar import WorkCalendar

    spec = {
        "fault_repair": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes",
                         "horizon": "2025-12-31 23:59:59"},
        "appointment": {"start": "due_at", "end": "arrived_at", "limit": 60, "unit": "minutes", "early": "met"},
        "billing_query": {"start": "received_at", "end": "completed_at", "limit": 1, "unit": "working_days",
                          "calendar": WorkCalendar(), "horizon": "2025-12-31 23:59:59"},
        "new_connection_other": {"start": "received_at", "end": "completed_at", "limit": 5, "unit": "working_days",
                                 "calendar": WorkCalendar()},
        "meter_fault": {"start": "received_at", "end": "completed_at", "limit": 2, "unit": "hours", "missing": "fail"},
    }
    its = []
    for i, t in enumerate(types):
        wins = WINS if i % 2 == 0 else WINS[:2]   # a measure of some windows only
        its.append(Measure.of({"measure": f"m.{t}", "records": "work_orders", "kernel": "time_limit",
                               "where": {"order_type": t}}, wins, spec[t]))
    return its


def _both(monkeypatch, its, data, year=2025):
    """(counts and unscored) through the row groups by value, and through the pieces (``score_by_value`` off)."""
    taken = []

    def spy(*a, **k):
        got = score_by_value(*a, **k)
        taken.append(got is not None)
        return got
    monkeypatch.setattr(run, "score_by_value", spy)
    new = evaluate(its, data, year)
    monkeypatch.setattr(run, "score_by_value", lambda *a, **k: None)
    old = evaluate(its, data, year)
    return new, old, taken


def _same(new, old, its):
    for it in its:
        a = new[it.measure].agg.sort_index()
        b = old[it.measure].agg.sort_index()
        pd.testing.assert_frame_equal(a, b, check_dtype=False, check_index_type=False)
    ua = pd.concat(new.unscored, ignore_index=True)
    ub = pd.concat(old.unscored, ignore_index=True)
    pd.testing.assert_frame_equal(ua.reset_index(drop=True), ub.reset_index(drop=True), check_dtype=False)
    return ua


@pytest.fixture(scope="module")
def sorted_store(tmp_path_factory):
    return _store(tmp_path_factory.mktemp("byvalue"), _orders(3000, 5), True)


@pytest.mark.parametrize("types", [["fault_repair", "appointment"], ["billing_query", "new_connection_other"],
                                   TYPES, ["meter_fault"]])
def test_the_same_counts_and_unscored_as_the_pieces(monkeypatch, sorted_store, types):
    its = _items(types)
    new, old, taken = _both(monkeypatch, its, sorted_store)
    assert taken == [True]                     # the row groups by value were read
    u = _same(new, old, its)
    assert int(u["records"].sum()) > 0         # unknown windows, other order types: counted
    assert sum(int(new[it.measure].agg["records"].sum()) for it in its) > 0


def test_every_record_of_the_year_is_accounted_for(monkeypatch, sorted_store):
    its = _items(["fault_repair", "appointment"])
    new, _, _ = _both(monkeypatch, its, sorted_store)
    df = _orders(3000, 5)
    year = df["filed_at"].fillna(df["received_at"]).dt.year
    n_year = int((year == 2025).sum())
    taken = sum(int(new[it.measure].agg["records"].sum()) for it in its)
    left = int(pd.concat(new.unscored)["records"].sum())
    assert taken + left == n_year              # filed in 2025 from the 2026 partition included, 2024 filings not


def test_an_unsorted_store_or_a_row_group_without_one_value_reads_as_before(monkeypatch, tmp_path):
    its = _items(["fault_repair", "appointment"])
    for name, df, sorted_ in (("old", _orders(1500, 7), False), ("nulls", _orders(1500, 7, null_types=True), True)):
        data = _store(tmp_path / name, df, sorted_)
        new, old, taken = _both(monkeypatch, its, data)
        assert taken == [False]
        _same(new, old, its)


def test_unknown_windows_refused_as_on_the_pieces(monkeypatch, sorted_store):
    its = _items(["fault_repair"])
    from windoweval.engine import account

    def refuse(counts, known, kind, f):   # a workspace that refuses unknown window ids
        return account.refuse_unknown(counts, frozenset(WINS), kind, f)
    monkeypatch.setattr(run, "refuse_unknown", refuse)
    monkeypatch.setattr(run, "score_by_value", score_by_value)
    with pytest.raises(RecordsError) as e:
        evaluate(its, sorted_store, 2025)
    assert e.value.problems["value"].tolist() == ["PW99"]


@pytest.mark.parametrize("types", [["fault_repair", "appointment"], TYPES])
def test_dask_partitions_by_value_give_the_same_counts(monkeypatch, sorted_store, types):
    import windoweval.engine.dask as dk

    its = _items(types)
    monkeypatch.setattr(dk, "PARTITION_BYTES", 1)   # one partition per file: the counts of several added up
    taken = []
    real = dk._by_value

    def spy(*a, **k):
        got = real(*a, **k)
        taken.append(got is not None)
        return got
    monkeypatch.setattr(dk, "_by_value", spy)
    on_dask = evaluate(its, sorted_store, 2025, scheduler="sync")
    assert taken == [True]
    _same(on_dask, evaluate(its, sorted_store, 2025), its)


def test_records_without_a_window_id_are_counted_not_dropped():
    """pandas 3's ``astype(str)`` keeps a missing value missing: counted by value, such records vanished from
    ``unscored`` (every path).  A store's window id is required, but a frame handed to ``score`` may lack it."""
    from windoweval.engine.frame import unscored
    from windoweval.kernels import KERNELS

    it = Measure({"measure": "m", "records": "k", "where": {"t": "x"}}, ["A"], KERNELS["flag"], {"column": "ok"})
    df = pd.DataFrame({"window_id": ["A", None, "Z", None], "t": ["x", "x", "x", "y"]})
    for frame, w in ((df, None), (df.astype("category"), np.array([1, 5, 1, 2]))):
        u = unscored(frame, [it], "k", w)
        assert int(u["records"].sum()) == (3 if w is None else 8)
        assert (u["reason"] == "window").all()
