"""Readers and parsers of hostile files, round seven (twenty-fifth audit).

* :func:`windoweval.exports.read_missed` read ``<name>_missed.parquet`` and its repeats without the footer check every
  other reader makes (tests/test_audit22_readers.py): a footer saying 10 rows of 200,000 had 10 read without a word.
  It is now refused with the file and the fix (exit 3).
"""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from test_audit19_inputs import _lie
from windoweval.errors import InputError
from windoweval.exports import read_missed, write_missed


def _missed(tmp_path, n=200_000):
    frame = pd.DataFrame({"order_id": [f"WO{i}" for i in range(n)], "measure": "m", "window_id": "PW01"})
    write_missed([frame], tmp_path, "x")
    return tmp_path / "x_missed.parquet"


def test_read_missed_reads_a_sound_file(tmp_path):
    _missed(tmp_path, 5)
    assert read_missed(tmp_path, "x")["order_id"].tolist() == [f"WO{i}" for i in range(5)]


def test_read_missed_refuses_a_footer_that_lies_about_its_rows(tmp_path):
    f = _missed(tmp_path)
    n = pq.read_metadata(f).num_rows
    assert n == 200_000 and _lie(f, n, 10) >= 2 and pq.read_table(f).num_rows == 10   # 10 of 200,000 read silently
    with pytest.raises(InputError) as e:
        read_missed(tmp_path, "x")
    msg = str(e.value)
    assert e.value.exit_code == 3 and "x_missed.parquet" in msg and "while the footer says 10 rows" in msg
    assert "未达标记录文件" in msg and "run score again" in msg
