"""A Parquet export whose id columns are numbers stored as floats (noticed by review rev18).

A nullable integer column (an order id, a customer id with a blank beside it) that pandas or a database writes to
Parquet is stored as float64: 1001 becomes 1001.0.  The records read it as text "1001.0", which matches no id
written "1001" (a monthly CSV of the same kind, the complaints' customer ids for repeat complaints).  Right: a float
column whose every value is a whole number is read as those integers' text; a column holding a fraction is left as
written.  2 tests fail before."""
import pytest
from pathlib import Path

import numpy as np
import pandas as pd

from windoweval.demo import tiny_data_dir
from windoweval.records.files import load


def _parquet(d: Path, ids, customers) -> None:
    wo = pd.read_csv(d / "work_orders.csv", dtype=str)
    (d / "work_orders.csv").unlink()
    wo["order_id"] = ids
    wo["customer_id"] = customers
    for c in ("received_at", "arrived_at"):
        wo[c] = pd.to_datetime(wo[c])
    wo.to_parquet(d / "work_orders.parquet", index=False)


def test_whole_number_ids_stored_as_floats_read_as_written_in_the_source_system():
    d = Path(tiny_data_dir())
    _parquet(d, [1001.0, 1002.0], [5001.0, np.nan])
    f = load("work_orders", d).frame
    assert f["order_id"].tolist() == ["1001", "1002"]
    assert f["customer_id"].iloc[0] == "5001" and pd.isna(f["customer_id"].iloc[1])


def test_a_parquet_beside_a_csv_of_its_kind_gives_one_id_form(tmp_path):
    """Parquet (float ids) and a monthly CSV (text ids) read as one kind through mapping.yaml's ``file:``."""
    d = Path(tiny_data_dir())
    csv = pd.read_csv(d / "work_orders.csv", dtype=str)
    _parquet(d, [1001.0, 1002.0], [5001.0, 5002.0])
    csv.assign(order_id=["1003", "1004"], customer_id=["5001", "5003"]).to_csv(d / "work_orders_12.csv", index=False)
    (d / "mapping.yaml").write_text("work_orders:\n  file: [work_orders.parquet, work_orders_12.csv]\n",
                                    encoding="utf-8")
    toml = (d / "windoweval.toml").read_text(encoding="utf-8")
    (d / "windoweval.toml").write_text('mapping_file = "mapping.yaml"\n' + toml, encoding="utf-8")
    f = load("work_orders", d).frame
    assert sorted(f["order_id"]) == ["1001", "1002", "1003", "1004"], f["order_id"].tolist()
    assert (f["customer_id"] == "5001").sum() == 2, f["customer_id"].tolist()


def test_a_column_holding_a_fraction_is_left_as_written():
    """The guard: 1001.5 is no id a system writes as an integer.  Since session 43 (reading43: ids written 100000.0
    are read as the integer, one with a fraction is no id) it is refused with its row and the fix, where it was kept
    as the text ``1001.5`` beside ``1002.0``, an id matched by nothing."""
    from windoweval.records.contract import RecordsError

    d = Path(tiny_data_dir())
    _parquet(d, [1001.5, 1002.0], [5001.0, 5002.0])
    with pytest.raises(RecordsError) as e:
        load("work_orders", d)
    assert "1001.5" in str(e.value) and "order_id" in str(e.value)
