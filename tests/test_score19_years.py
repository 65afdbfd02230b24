"""score19: the years a validated store dataset covers come from its row groups' statistics (``windoweval score``'s
year check after scoring read every year's dates again: ~0.6 s of CPU at 10 million work orders, on the command's
serial path); the years are those the column read gives, and the column is still read where the statistics cannot
say (values more than a year apart, a file written without statistics)."""
from __future__ import annotations

import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from _workspace import HALL, write_workspace

import windoweval.evaluation as evaluation
from windoweval.records.read import _years_of
from windoweval.records.store import import_records

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


def _read_years(data, ds) -> list[int]:
    """What the check read before: the period column itself, piece by piece."""
    return sorted({y for s in evaluation._period_pieces("work_orders", "received_at", data, None) for y in _years_of(s)})


def _no_read(*a, **k):
    raise AssertionError("the period column was read")


@pytest.mark.parametrize("received", [
    ["2025-01-02 08:00", "2025-12-31 23:59"],
    ["2024-12-31 23:59", "2025-01-01 00:00", "2025-06-30 12:00"],   # across New Year: both years
    ["2024-03-01 08:00", "2025-11-30 08:00"],
])
def test_store_years_from_statistics(tmp_path, monkeypatch, received):
    data, ds = _store(tmp_path, received)
    want = _read_years(data, ds)
    monkeypatch.setattr(evaluation, "_period_pieces", _no_read)   # on main, the column is read: this fails
    assert evaluation.years_covered(data)["work_orders"] == want
    assert evaluation.check_year(want[-1], data)["work_orders"] == want
    with pytest.raises(evaluation.NoRecords):
        evaluation.check_year(want[-1] + 1, data)


def test_years_far_apart_are_read(tmp_path):
    """2021 and 2025: the statistics cannot tell whether 2022-2024 hold records; the column is read."""
    data, ds = _store(tmp_path, ["2021-05-01 08:00", "2025-05-01 08:00"])
    from windoweval.records.store import period_years

    assert period_years("work_orders", ds, "received_at") is None
    assert evaluation.years_covered(data)["work_orders"] == [2021, 2025] == _read_years(data, ds)


def test_file_without_statistics_is_read(tmp_path, monkeypatch):
    """A store file written without statistics: no years from them; the column read gives them."""
    data, ds = _store(tmp_path, ["2024-12-31 23:59", "2025-01-01 00:00"])
    from windoweval.records.store import period_years

    for f in pads.dataset(str(ds), format="parquet", partitioning="hive").files:
        t = pq.read_table(f)
        pq.write_table(t, f, write_statistics=False)
    assert period_years("work_orders", ds, "received_at") is None
    calls = []
    real = evaluation._period_pieces

    def counted(*a, **k):
        calls.append(a)
        yield from real(*a, **k)
    monkeypatch.setattr(evaluation, "_period_pieces", counted)
    assert evaluation.years_covered(data)["work_orders"] == [2024, 2025]
    assert calls
