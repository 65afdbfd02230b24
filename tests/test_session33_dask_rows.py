"""The Dask reader of a CSV file names the file's row and reads the notes under the table as the pandas reader does
(session 33).

``dd.read_csv`` cuts a file into byte blocks and each partition was validated with its rows numbered from 2: a bad
row 2,002 in the file was refused as some row in the hundreds.  And the notes block under a table (制表人：…,
打印时间：…), which the pandas reader leaves out (``records check`` counts it), was refused on Dask as records with
their required values empty: the same export read with ``--scheduler`` was refused, without it scored.
"""
import os
import random

import pandas as pd
import pytest

from windoweval.engine import dask as wd
from windoweval.records import read_records
from windoweval.records.contract import RecordsError


def _orders(d, n=3000, bad=None, notes=False):
    src = pd.read_csv(os.path.join(os.path.dirname(wd.__file__), "..", "..", "data", "demo", "work_orders.csv"),
                      dtype=str, keep_default_na=False)
    rows = pd.concat([src] * (n // len(src) + 1), ignore_index=True).head(n)
    rows["order_id"] = [f"WO{i:07d}" for i in range(n)]
    if bad is not None:
        rows.loc[bad, "window_id"] = ""
    d.mkdir(exist_ok=True)
    for f in ("windoweval.toml", "calendar.csv", "mapping.yaml"):
        (d / f).write_bytes(open(os.path.join(os.path.dirname(wd.__file__), "..", "..", "data", "demo", f), "rb").read())
    text = rows.to_csv(index=False)
    if notes:
        text += "\n制表人：张三,\n打印时间：2025-01-05 10:00,\n"
    (d / "work_orders.csv").write_text(text, encoding="utf-8")
    return d


def test_a_refused_row_is_named_as_the_file_numbers_it(tmp_path):
    d = _orders(tmp_path / "data", bad=2000)
    ddf = wd.read_dask("work_orders", d, 2025, blocksize=20_000)
    assert ddf.npartitions > 5
    with pytest.raises(RecordsError) as e:
        ddf.compute()
    assert e.value.problems["row"].tolist() == [2002]          # row 2002: the header is row 1, record 0 row 2
    assert "第 2002 行" in str(e.value)


def test_the_first_partition_is_numbered_as_before(tmp_path):
    d = _orders(tmp_path / "data", bad=3)
    with pytest.raises(RecordsError) as e:
        wd.read_dask("work_orders", d, 2025, blocksize=20_000).compute()
    assert e.value.problems["row"].tolist() == [5]


def test_notes_under_the_table_are_read_as_the_pandas_reader_reads_them(tmp_path):
    d = _orders(tmp_path / "data", notes=True)
    for bs in ("64MB", 20_000):
        got = wd.read_dask("work_orders", d, None, blocksize=bs).compute()
        assert sorted(got["order_id"]) == sorted(read_records("work_orders", d)["order_id"])
        assert len(got) == 3000


def test_the_first_lines_are_those_dask_starts_its_partitions_with(tmp_path):
    import dask.dataframe as dd

    rnd = random.Random(33)
    for trial in range(12):
        f = tmp_path / f"w{trial}.csv"
        n = rnd.randint(50, 3000)
        f.write_text("a,b\n" + "".join(f"{i}," + "x" * rnd.randint(0, 40) + "\n" for i in range(n)))
        bs = rnd.choice([500, 1000, 1777, 4096, 10000])
        parts = dd.read_csv(str(f), blocksize=bs, dtype=str).partitions
        theirs = [int(p.compute()["a"].iloc[0]) + 2 for p in parts]
        assert [wd._first_line(str(f), bs, i) for i in range(len(theirs))] == theirs
