"""score19: the years a validated store dataset covers come from its files' metadata (``windoweval score``'s year
check after scoring read every year's dates again: ~0.6 s of CPU at 10 million work orders, on the command's serial
path); the years are those the records read whole give.  years45: they are the years of the one rule
(:func:`windoweval.evaluation.kind_year_counts`, the store's :func:`~windoweval.records.store.year_counts`: its
partitions, the filing column's statistics), no longer the clock-start column's statistics alone
(``store.period_years``, removed)."""
from __future__ import annotations

import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from _workspace import HALL, write_workspace

import windoweval.evaluation as evaluation
import windoweval.records.store as store
from windoweval.records import contracts
from windoweval.records.store import import_records, read_validated

HEAD = {"order_id": "工单号", "window_id": "窗口编号", "order_type": "工单类型", "received_at": "受理时间"}


def _store(tmp_path, received: list[str]):
    """A data folder with a workspace and a validated store dataset of work orders received at ``received``."""
    data = write_workspace(tmp_path / "data", HALL)
    csv = tmp_path / "w.csv"
    pd.DataFrame({HEAD["order_id"]: [f"W{i}" for i in range(len(received))],
                  HEAD["window_id"]: ["PW01"] * len(received),
                  HEAD["order_type"]: ["fault_repair"] * len(received),
                  HEAD["received_at"]: received}).to_csv(csv, index=False)
    ds = import_records("work_orders", csv, data)
    return data, ds


def _read_years(ds) -> list[int]:
    """The years of the records read whole, by the year filter's rule."""
    return sorted(contracts()["work_orders"].year_counts(read_validated("work_orders", ds)))


def _no_read(*a, **k):
    raise AssertionError("the records were read")


@pytest.mark.parametrize("received", [
    ["2025-01-02 08:00", "2025-12-31 23:59"],
    ["2024-12-31 23:59", "2025-01-01 00:00", "2025-06-30 12:00"],   # across New Year: both years
    ["2024-03-01 08:00", "2025-11-30 08:00"],
    ["2021-05-01 08:00", "2025-05-01 08:00"],   # far apart: the partitions say which years lie between
])
def test_store_years_from_metadata(tmp_path, monkeypatch, received):
    data, ds = _store(tmp_path, received)
    want = _read_years(ds)
    monkeypatch.setattr(store, "iter_validated", _no_read)
    monkeypatch.setattr(store, "read_validated", _no_read)
    import windoweval.records as records
    monkeypatch.setattr(records, "read_records", _no_read)
    assert evaluation.years_covered(data)["work_orders"] == want
    assert evaluation.check_year(want[-1], data)["work_orders"] == want
    with pytest.raises(evaluation.NoRecords):
        evaluation.check_year(want[-1] + 1, data)


def test_file_without_statistics(tmp_path):
    """A store file written without statistics: its years from its partitions, the same as the records read."""
    data, ds = _store(tmp_path, ["2024-12-31 23:59", "2025-01-01 00:00"])
    for f in pads.dataset(str(ds), format="parquet", partitioning="hive").files:
        t = pq.read_table(f)
        pq.write_table(t, f, write_statistics=False)
    assert evaluation.years_covered(data)["work_orders"] == [2024, 2025] == _read_years(ds)
