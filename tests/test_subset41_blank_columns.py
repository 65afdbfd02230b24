"""subset41: a column the row groups' statistics say is missing on every row (the arrival of a connection, a status
column never filled) is not read for the time limits judged on arrays (``engine.byvalue._blank``), and the counts are
those of the pieces, whether a column is blank in every row group of a task, in some, or in none."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from test_engine_byvalue import _both, _orders, _same, _store  # noqa: F401  (the store and the two paths)

from windoweval.calendar import WorkCalendar
from windoweval.kernels import Measure

WINS = ["PW01", "PW02", "PW03"]


def _steps_items(types):
    spec = {
        "fault_repair": {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes",
                         "horizon": "2025-12-31 23:59:59", "not_after": "completed_at", "status": "order_status"},
        "billing_query": {"start": "received_at", "end": "completed_at", "limit": 1, "unit": "working_days",
                          "calendar": WorkCalendar(), "horizon": "2025-12-31 23:59:59", "not_before": "arrived_at",
                          "status": "order_status", "withdrawn_ends": True},
        "new_connection_other": {"start": "received_at", "end": "completed_at", "limit": 5, "unit": "working_days",
                                 "calendar": WorkCalendar(), "not_before": "arrived_at", "status": "order_status",
                                 "unstarted": "open", "horizon": "2025-12-31 23:59:59"},
    }
    return [Measure.of({"measure": f"m.{t}", "records": "work_orders", "kernel": "time_limit",
                        "where": {"order_type": t}}, WINS if i % 2 == 0 else WINS[:2], spec[t])
            for i, t in enumerate(types)]


@pytest.fixture(scope="module")
def blank_store(tmp_path_factory):
    df = _orders(3000, 11)
    wd = df["order_type"].isin(["billing_query", "new_connection_other"])
    df.loc[wd, "arrived_at"] = pd.NaT                         # no arrival for the working-day types: blank
    fr = df["order_type"].eq("fault_repair")
    df.loc[fr & (df["received_at"].dt.month <= 3), "completed_at"] = pd.NaT   # a later step blank in some months
    # a few arrivals in June's connections: that row group's column is read, the others' not
    june = df["order_type"].eq("billing_query") & (df["received_at"].dt.month == 6)
    df.loc[june[june].index[:3], "arrived_at"] = df.loc[june[june].index[:3], "received_at"] + pd.Timedelta(hours=5)
    return _store(tmp_path_factory.mktemp("blank41"), df, True)


@pytest.mark.parametrize("task_rows", [1, None])   # one row group a task, or the default (a task of many)
@pytest.mark.parametrize("types", [["fault_repair"], ["billing_query", "new_connection_other"],
                                   ["fault_repair", "billing_query", "new_connection_other"]])
def test_blank_columns_unread_and_the_counts_the_pieces(monkeypatch, blank_store, types, task_rows):
    import windoweval.engine.byvalue as bv

    if task_rows:
        monkeypatch.setattr(bv, "TASK_ROWS", task_rows)
    its = _steps_items(types)
    read = []
    real = pq.ParquetFile.read_row_groups

    def spy(self, row_groups, columns=None, **k):
        read.append((self.metadata, tuple(row_groups), tuple(columns or ())))
        return real(self, row_groups, columns=columns, **k)
    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", spy)
    new, old, taken = _both(monkeypatch, its, blank_store)
    assert taken == [True]
    _same(new, old, its)
    assert sum(int(new[it.measure].agg["n"].sum()) for it in its) > 0
    # which columns were read for the row groups measures read as they are (a connection filed in another year is
    # read through the filtered scan: not seen here)
    per_type: dict = {}
    for md, rgs, cols in read:
        names = md.schema.names
        for i in rgs:
            st = md.row_group(i).column(names.index("order_type")).statistics
            per_type.setdefault(st.min, []).append(set(cols))
    assert set(types) - {"new_connection_other"} <= set(per_type)
    for t in types:
        assert all("order_status" not in c for c in per_type.get(t, []))       # never filled: never read
    if not task_rows:
        return    # a task of every month: a column blank in some of its row groups only is read
    if "billing_query" in types:
        # blank in every row group but June's, which reads it
        assert any("arrived_at" in c for c in per_type["billing_query"])
        assert any("arrived_at" not in c for c in per_type["billing_query"])
    if "fault_repair" in types:
        assert any("completed_at" not in c for c in per_type["fault_repair"])
        assert any("completed_at" in c for c in per_type["fault_repair"])
