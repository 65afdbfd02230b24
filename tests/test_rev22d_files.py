"""rev22d: the huge-field refusal before parsing (safety22) took a semicolon export's long row of several values,
each within the limit, for one value past it, and refused a valid file; and a FIFO named .xlsx is refused as not a
regular file."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from windoweval.records.io import read_tables


def test_semicolon_row_of_long_values_each_within_the_limit_is_read(tmp_path):
    f = tmp_path / "a.csv"
    v = "投诉内容很长，" * 14000           # 98,000 characters (under 131,072), 294,000 bytes, no ASCII comma
    f.write_text("id;note;extra\nR1;" + v + ";" + v + "\nR2;ok;ok\n", encoding="utf-8")
    t = read_tables(f)[0]
    assert t.sep == ";"
    assert t.headers == ["id", "note", "extra"] and len(t.frame) == 2
    assert t.frame.iloc[0, 1] == v and t.frame.iloc[0, 2] == v


_FIFO = """
import os, sys
from pathlib import Path
from windoweval.records.io import read_tables, ExportError
f = Path(sys.argv[2]) / ("w" + sys.argv[1])
os.mkfifo(f)
try:
    read_tables(f)
except ExportError as e:
    print("REFUSED", e.exit_code, "not a regular file" in str(e))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".parquet"])
def test_fifo_named_as_a_workbook_or_parquet_is_refused_as_not_regular(suffix, tmp_path):
    try:
        got = subprocess.run([sys.executable, "-c", _FIFO, suffix, str(tmp_path)], capture_output=True, text=True,
                             timeout=40)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading a FIFO named w{suffix} hung")
    assert "REFUSED 3 True" in got.stdout, got.stdout + got.stderr
