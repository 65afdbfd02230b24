"""safety23: a Parquet export read from the descriptor its checks read, and a missing export refused by the
library's own error (file, fix in Chinese and English, exit 3), not FileNotFoundError."""
from __future__ import annotations

import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import windoweval.safepath as safepath
from windoweval.errors import InputError
from windoweval.records.io import ExportError, read_tables


def _swapping(monkeypatch, f, other):
    """parquet_problem as it is, then ``other`` moved into ``f``'s place: a file swapped between check and read."""
    real = safepath.parquet_problem

    def check(*a, **k):
        got = real(*a, **k)
        os.replace(other, f)
        return got
    monkeypatch.setattr(safepath, "parquet_problem", check)


def test_parquet_read_is_the_file_checked(tmp_path, monkeypatch):
    f, other = tmp_path / "work_orders.parquet", tmp_path / "other.parquet"
    pq.write_table(pa.table({"order_id": ["WO1", "WO2"]}), f)
    pq.write_table(pa.table({"order_id": ["SWAPPED"] * 5}), other)
    _swapping(monkeypatch, f, other)
    t = read_tables(f)[0]
    assert t.frame[0].tolist() == ["WO1", "WO2"]     # the checked file's rows, not the swapped-in file's


def test_parquet_fast_path_reads_the_file_checked(tmp_path, monkeypatch):
    from windoweval.demo import tiny_data_dir
    from windoweval.records.files import load

    d = tiny_data_dir()
    src = load("work_orders", d).frame
    (d / "work_orders.csv").unlink()
    f = d / "work_orders.parquet"
    src.astype(str).to_parquet(f, index=False)
    bad = src.astype(str).copy()
    bad["order_id"] = "SWAPPED" + bad.index.astype(str)
    bad.to_parquet(tmp_path / "other.parquet", index=False)
    _swapping(monkeypatch, f, tmp_path / "other.parquet")
    got = load("work_orders", d, read_cols=["order_id", "window_id"])
    assert not got.frame["order_id"].astype(str).str.startswith("SWAPPED").any()


@pytest.mark.parametrize("name", ["nope.csv", "nope.xlsx", "nope.xls", "nope.parquet", "nope.txt"])
def test_missing_file_is_the_librarys_error(tmp_path, name):
    f = tmp_path / name
    with pytest.raises(ExportError) as e:
        read_tables(f)
    err = e.value
    assert isinstance(err, InputError) and err.exit_code == 3
    assert not isinstance(err, FileNotFoundError)
    text = str(err)
    assert name in text and "找不到" in text and "not found" in text and "路径" in text and "path" in text
