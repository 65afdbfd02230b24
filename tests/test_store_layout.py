"""The store's layout (issue 14, item 3): files sorted by order type, one row group per type, and scans that
take each row group's statistics as its guarantee.  The same rows must come out whatever the layout:
a file written before (every order type in one row group) and a sorted one; a read filtered by order
type and year and pyarrow's plain filter; the records no measure took counted per distinct row and
row by row.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from windoweval.engine.account import add_up, tally
from windoweval.engine.local import distinct_rows
from windoweval.engine.plan import Item
from windoweval.kernels import KERNELS
from windoweval.records import contracts
from windoweval.records.store import (MARKER, _schema, contract_signature, count_distinct, iter_validated,
                                      read_validated, write_part)

TYPES = ["fault_repair", "appointment", "billing_query", "new_connection_other", None]


def _orders(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rec = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, n), unit="s")
    filed = rec - pd.to_timedelta(rng.integers(1, 30, n), unit="D")
    t = rng.choice(len(TYPES), n)
    return pd.DataFrame({
        "order_id": [f"W{i}" for i in range(n)],
        "window_id": rng.choice(["PW01", "PW02", "PW99", None], n),
        "order_type": [TYPES[i] for i in t],
        "received_at": rec.astype("datetime64[ns]"),
        "filed_at": pd.Series(filed.astype("datetime64[ns]")).where(t == 3),  # filed only for one type
        "completed_at": (rec + pd.Timedelta(hours=5)).astype("datetime64[ns]"),
    })


def _store(root, df: pd.DataFrame, sorted_: bool):
    """A work-order dataset by year (the clock start): sorted files as the store writes them, or one row group."""
    c = contracts()["work_orders"]
    full = df.copy()
    for col, spec in c.columns.items():
        if col not in full:
            full[col] = (pd.Series(pd.NaT, index=full.index, dtype="datetime64[ns]") if spec["type"] in ("datetime", "date")
                         else pd.Series(None, index=full.index, dtype=object))
    full = full[list(c.columns)]
    ds = root / "work_orders"
    for y, part in full.groupby(full["received_at"].dt.year):
        d = ds / f"year={y}"
        d.mkdir(parents=True)
        table = pa.Table.from_pandas(part, schema=_schema(c), preserve_index=False)
        if sorted_:
            write_part(table, d / "part-0.parquet", c)
        else:
            pq.write_table(table, d / "part-0.parquet")
    (ds / MARKER).write_text('{"kind": "work_orders", "contract": "%s", "by_year": true, "by_month": false}'
                             % contract_signature("work_orders"))
    return ds


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    df = _orders(4000, 3)
    # some clock starts in 2026, filed in 2025: they sit in the 2026 partition and belong to 2025
    df.loc[df.index[:40], "received_at"] = pd.Timestamp("2026-01-02 09:00")
    df.loc[df.index[:40], "order_type"] = "new_connection_other"
    df.loc[df.index[:40], "filed_at"] = pd.Timestamp("2025-12-20 09:00")
    root = tmp_path_factory.mktemp("layout")
    return df, _store(root / "old", df, False), _store(root / "new", df, True)


def test_a_sorted_file_has_one_order_type_per_row_group(stores):
    _, _, new = stores
    f = pq.ParquetFile(next(new.rglob("*.parquet")))
    col = f.schema_arrow.get_field_index("order_type")
    stats = [f.metadata.row_group(i).column(col).statistics for i in range(f.metadata.num_row_groups)]
    assert f.metadata.num_row_groups == len(TYPES)
    assert all((s.has_min_max and s.min == s.max and s.null_count == 0) or not s.has_min_max for s in stats)


@pytest.mark.parametrize("rows", [None, [("order_type", "in", ["appointment", "new_connection_other"])],
                                  [("order_type", "in", ["fault_repair"])]])
@pytest.mark.parametrize("year", [2025, 2026])
def test_the_same_rows_from_either_layout_and_pyarrows_own_filter(stores, rows, year):
    df, old, new = stores
    cols = ["order_id", "window_id", "order_type", "filed_at"]

    def ids(frame):
        return sorted(frame["order_id"])

    a = read_validated("work_orders", old, year=year, columns=cols, categorical=["order_type"], rows=rows)
    b = read_validated("work_orders", new, year=year, columns=cols, categorical=["order_type"], rows=rows)
    c = sorted(x for p in iter_validated("work_orders", new, year=year, columns=cols, rows=rows, batch_rows=500)
               for x in p["order_id"])
    # what the contract says: the filing year, else the clock start's; the order types asked for
    per = df["filed_at"].fillna(df["received_at"]).dt.year == year
    if rows:
        per &= df["order_type"].isin(rows[0][2])
    want = sorted(df.loc[per, "order_id"])
    assert ids(a) == ids(b) == c == want
    # within one order type, the sorted file keeps the records' order
    got = b.sort_values("order_type", kind="stable", key=lambda s: s.astype(str))
    ref = a.sort_values("order_type", kind="stable", key=lambda s: s.astype(str))
    assert got["order_id"].tolist() == ref["order_id"].tolist()
    # and pyarrow's plain row-by-row filter gives the same rows
    from windoweval.records.store import _Scan

    s = _Scan("work_orders", new, year, cols, None, rows)
    plain = pads.dataset(str(new), format="parquet", partitioning="hive").to_table(columns=cols, filter=s.filters)
    assert sorted(plain["order_id"].to_pylist()) == want


@pytest.mark.parametrize("which", ["old", "new"])
def test_count_distinct_counts_every_record_once(stores, which):
    df, old, new = stores
    ds = old if which == "old" else new
    rows, n = count_distinct("work_orders", ds, 2025, ["window_id", "order_type"])
    got = rows.astype(object).where(rows.notna(), "-").assign(n=n).groupby(["window_id", "order_type"])["n"].sum()
    frame = read_validated("work_orders", ds, year=2025, columns=["window_id", "order_type"])
    want = frame.astype(object).where(frame.notna(), "-").groupby(["window_id", "order_type"]).size()
    assert got.sort_index().to_dict() == want.sort_index().to_dict()
    assert int(n.sum()) == len(frame)


def test_the_records_no_measure_took_counted_per_distinct_row_as_row_by_row():
    rng = np.random.default_rng(1)
    its = [Item({"measure": "m", "records": "k", "where": {"t": "x", "u": "k"}}, ["A"], KERNELS["flag"], {"column": "ok"}),
           Item({"measure": "m2", "records": "k", "where": {"t": ["y", "x"]}}, ["A", "B"], KERNELS["flag"], {"column": "ok"})]
    for trial in range(200):
        n = int(rng.integers(0, 60))
        df = pd.DataFrame({"window_id": rng.choice(["A", "B", "Z", None], n), "t": rng.choice(["x", "y", "q", None], n),
                           "u": rng.choice(["k", None], n)})
        if trial % 2:
            df = df.astype("category")
        items = its[: 1 + trial % 2]
        a = add_up([tally(df, items, "k")])
        d, w = distinct_rows(df)
        b = add_up([tally(d, items, "k", weights=w)])
        pd.testing.assert_frame_equal(a[0], b[0])
        pd.testing.assert_series_equal(a[1], b[1])
