"""Hostile inputs of the eighth privacy audit.

* A CSV export whose body holds a value longer than the csv module's limit (131,072 characters: a quote never
  closed, a file pasted into a cell) was read whole (pyarrow and pandas have no limit; only a header that long was
  refused).  Now refused like the header and a survey delivery's cell: the file, the row, the column and its
  header, the length and the fix, exit 3.
* A Parquet file whose footer lies (its pages inflate to 40 MB, the footer says 1 KB; it holds 200,000 rows, the
  footer says 10) passed the footer's check: the first was read whole (the memory the pages' headers ask for), the
  second read as 10 rows, the rest dropped without a word.  Now each page's header is read (not its data) and a
  footer that says less than its pages, or other counts, is refused: as a delivery (exit 3) and in the store.
"""
from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import pytest

from _corpus import refused_import, shrink_limits
from windoweval.cli import main


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_an_export_value_past_the_csv_limit_is_refused_naming_row_and_column(tmp_path, encoding):
    from windoweval.records.io import ExportError, read_tables

    f = tmp_path / "complaints.csv"
    f.write_text("工单号,诉求内容\nC1,ok\nC2,\"" + "长" * 150_000 + "\"\nC3,ok\n", encoding=encoding)
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "complaints.csv" in msg
    assert "第 3 行" in msg and "row 3" in msg and "column 2 (诉求内容)" in msg and "150,000 characters" in msg
    assert "131,072" in msg and "export again" in msg and "重新导出" in msg


def test_a_value_at_the_limit_is_read(tmp_path):
    from windoweval.records.io import read_tables

    f = tmp_path / "complaints.csv"
    f.write_text("工单号,诉求内容\nC1,\"" + "x" * 131_072 + "\"\n", encoding="utf-8")
    assert read_tables(f)[0].frame.iloc[0, 1] == "x" * 131_072


def test_records_import_refuses_it_with_exit_3_and_no_traceback(tmp_path, capsys):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    src = d / "work_orders.csv"
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(",")
    cells = lines[2].split(",")
    cells[-1] = '"' + "x" * 200_000 + '"'
    f = tmp_path / "work_orders.csv"
    f.write_text("\n".join([lines[0], lines[1], ",".join(cells), *lines[3:]]) + "\n", encoding="utf-8")
    code = main(["records", "import", "work_orders", str(f), "--data", str(d)])
    text = "".join(capsys.readouterr())
    assert code == 3, text[-2000:]
    assert "Traceback" not in text and "row 3" in text and f"column {len(head)}" in text and "200,000" in text


# --- a Parquet file whose footer lies ------------------------------------------------------------------------------

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _lie(path, real: int, fake: int) -> int:
    """Every integer ``real`` of the file's footer (Thrift's compact protocol: a zigzag varint) made ``fake``, written
    as long as it was (a varint padded with continuation bytes, which every reader takes): the footer's length stays."""
    import struct

    b = bytearray(path.read_bytes())
    n = struct.unpack("<i", b[-8:-4])[0]
    start = len(b) - 8 - n
    old = _varint(real << 1)
    new = bytearray(_varint(fake << 1))
    assert len(new) <= len(old)
    while len(new) < len(old):
        new[-1] |= 0x80
        new.append(0)
    foot = bytes(b[start:-8])
    hits = foot.count(old)
    b[start:-8] = foot.replace(old, bytes(new))
    path.write_bytes(bytes(b))
    return hits


def _lying_sizes(f):
    """40 MB of text in a few hundred KB (plain, zstd), its footer saying the pages inflate to 1 KB."""
    n = 20_000
    pq.write_table(pa.table({"order_id": [f"WO{i}" for i in range(n)], "window_id": ["PW01" + "x" * 2_000] * n}), f,
                   use_dictionary=False, compression="zstd")
    md = pq.read_metadata(f)
    real = md.row_group(0).column(1).total_uncompressed_size
    assert _lie(f, real, 1_000) >= 1
    _lie(f, md.row_group(0).total_byte_size, 2_000)
    assert pq.read_metadata(f).row_group(0).column(1).total_uncompressed_size == 1_000
    return f


def _lying_rows(f):
    """200,000 rows, the footer saying 10: the reader reads 10 and drops the rest without a word."""
    n = 200_000
    pq.write_table(pa.table({"order_id": [f"WO{i}" for i in range(n)], "window_id": ["PW01"] * n}), f)
    assert _lie(f, n, 10) >= 2
    assert pq.read_metadata(f).num_rows == 10 and pq.read_table(f).num_rows == 10
    return f


@pytest.fixture
def small_limits(monkeypatch):
    from windoweval.safepath import PARQUET_LIMITS

    shrink_limits(monkeypatch, PARQUET_LIMITS)


@pytest.mark.parametrize("build,said", [(_lying_sizes, "while the footer says 1000 B"),
                                        (_lying_rows, "while the footer says 10 rows")], ids=["sizes", "rows"])
def test_a_parquet_footer_that_lies_is_refused_before_it_is_read(build, said, tmp_path, small_limits, monkeypatch):
    from windoweval.records.io import ExportError, read_tables

    f = build(tmp_path / "work_orders.parquet")
    monkeypatch.setattr(pd, "read_parquet", lambda *a, **k: pytest.fail("the lying file was read"))
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.exit_code == 3 and "work_orders.parquet" in msg and said in msg and "export it again" in msg


@pytest.mark.parametrize("build", [_lying_sizes, _lying_rows], ids=["sizes", "rows"])
def test_records_import_of_a_lying_parquet_delivery_exits_3(build, tmp_path, small_limits, capsys):
    text = refused_import(build(tmp_path / "work_orders.parquet"), tmp_path / "store", capsys)
    assert "while the footer says" in text


def test_a_store_file_whose_footer_lies_is_refused_on_reading(tmp_path, capsys):
    from windoweval.errors import InputError
    from windoweval.records import read_records

    store = tmp_path / "store"
    src = tmp_path / "work_orders.csv"
    src.write_text("order_id,window_id,order_type,received_at,arrived_at\n" + "".join(
        f"WO{i:04d},PW01,fault_repair,2025-06-01 18:00,2025-06-01 18:20\n" for i in range(300)), encoding="utf-8")
    assert main(["records", "import", "work_orders", str(src), "--data", str(store)]) == 0
    parts = sorted((store / "work_orders").rglob("*.parquet"))
    f = max(parts, key=lambda p: pq.read_metadata(p).num_rows)
    rows = pq.read_metadata(f).num_rows
    assert rows > 1 and _lie(f, rows, 1) >= 2
    with pytest.raises(InputError) as e:
        read_records("work_orders", store, year=None)
    msg = str(e.value)
    assert e.value.exit_code == 3 and f.name in msg and f"its pages hold {rows:,} values" in msg
