"""A split shift (早班 08:30-12:00 14:00-17:30 in one 班次 cell) read on Dask as the pandas reader reads it (att37).

Before, the Dask reader (``windoweval score --scheduler``: an attendance CSV found by its own name, validated block by
block) mapped each block without making a record per span: every split cell was refused as "not a time range" with
the fix "write it as 09:00-17:00" (wrong: the pandas path reads it), and the blank shift_start it left was then said
to duplicate the next split row.  A row's spans lie in its block, so each block is split as the pandas reader splits
a file (``files._shift_halves``, vectorised), the daily report's per-span pairs read too.  Both tests failed before.
"""
from __future__ import annotations

import yaml

from tests._workspace import HALL, write_workspace
from tests.test_att37_span_pairs import MAPPING, REPORT


def _folder(tmp_path, body):
    d = write_workspace(tmp_path / "data", HALL, mapping_file="mapping.yaml")
    (d / "attendance.csv").write_text(body, encoding="utf-8")   # found by its own name: the Dask reader reads it
    m = {k: v for k, v in MAPPING["attendance"].items() if k != "file"}
    (d / "mapping.yaml").write_text(yaml.safe_dump({"attendance": m}, allow_unicode=True), encoding="utf-8")
    return d, m


def _dask(d, m, blocksize="64MB"):
    from windoweval.engine.dask import _Session, read_dask

    ddf = read_dask("attendance", d, 2025, mapping=m, blocksize=blocksize)
    return _Session("sync").compute(ddf)[0], ddf.npartitions


def test_split_shifts_and_their_pairs_are_read_on_dask_as_with_pandas(tmp_path):
    from windoweval.records.read import read_records

    d, m = _folder(tmp_path, REPORT)
    got, _ = _dask(d, m)
    want = read_records("attendance", d)
    assert len(got) == 6
    assert got.reset_index(drop=True).astype(str).equals(want.reset_index(drop=True)[list(got.columns)].astype(str))


def test_a_bad_split_cell_in_a_later_block_is_refused_at_its_row(tmp_path):
    import pytest

    from windoweval.records.contract import RecordsError

    head, *_ = REPORT.splitlines(keepends=True)
    rows = [f"张三,S{i:02d},城东营业厅,2025-03-{3 + i % 20:02d},早班 08:30-12:00 14:00-17:30,08:15,正常,12:02,正常,"
            "13:58,迟到,17:35,正常\n" for i in range(60)]
    bad = "张三,S99,城东营业厅,2025-03-03,早班 08:30-12:00 11:00-17:30,08:15,正常,12:02,正常,13:58,迟到,17:35,正常\n"
    d, m = _folder(tmp_path, head + "".join(rows) + bad)   # the bad row is the file's row 62
    from windoweval.engine.dask import _Session, read_dask

    ddf = read_dask("attendance", d, 2025, mapping=m, blocksize="2KB")
    assert ddf.npartitions > 1   # the bad row in a later block than the first
    with pytest.raises(RecordsError) as e:
        _Session("sync").compute(ddf)
    text = str(e.value)
    assert "第 62 行 row 62 | 列 column 班次" in text and "两段班次有重叠或不按先后" in text
    assert "不是“开始-结束”形式的时段" not in text and "重复" not in text   # neither "no range" nor a duplicate
