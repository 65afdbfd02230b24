"""Hostile inputs of the fifth privacy audit that ended in a wrong reading or echoed a file nobody delivered.

* a records file that is a symbolic link to a file outside the data directory (``work_orders.csv -> /etc/passwd``)
  was read, and its lines echoed in the refusal (``第 24 行: ':/var/lib/postgresql:/bin/bash'``);
* a NUL byte in a cell was read into the value (``PW\\x0001``: an unknown window, exit 0).

Each is now refused (exit 3) naming the file, the row, the column and the fix, in Chinese and English.
"""
from __future__ import annotations

import os
import shutil

import pytest

from windoweval.cli import main


@pytest.fixture
def data(tmp_path):
    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    return d


@pytest.mark.parametrize("cmd", [["records", "check"], ["score", "--year", "2025"]])
def test_a_link_to_a_file_outside_the_data_directory_is_not_read(data, tmp_path, capsys, cmd):
    secret = tmp_path / "outside" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nwww:x:33:33:SECRET-LINE:/var/www:/bin/sh\n", encoding="utf-8")
    (data / "work_orders.csv").unlink()
    os.symlink(secret, data / "work_orders.csv")
    out = ["--out", str(tmp_path / "out")] if cmd[0] == "score" else []
    code = main([*cmd, "--data", str(data), *out])
    text = "".join(capsys.readouterr())
    assert code == 3, text
    assert "work_orders.csv" in text and "符号链接" in text and "symbolic link" in text and "copy the export" in text
    assert "SECRET-LINE" not in text and "/bin/bash" not in text and "Traceback" not in text


def test_a_link_inside_the_data_directory_is_still_read(data, capsys):
    real = data / "exports" / "wo.csv"
    real.parent.mkdir()
    shutil.move(data / "work_orders.csv", real)
    os.symlink(real, data / "work_orders.csv")
    assert main(["records", "check", "--data", str(data)]) == 0, "".join(capsys.readouterr())


def test_a_nul_far_down_a_utf8_file_names_its_row_and_column(tmp_path):
    from windoweval.records.io import ExportError, read_tables

    head = "工单号,窗口编号,工单类型,受理时间,到达现场时间\n"
    rows = "".join(f"W{i},PW01,fault_repair,2025-03-01 08:00,\n" for i in range(5000))
    f = tmp_path / "work_orders.csv"
    f.write_bytes((head + rows + "W9,PW01,fault_repair,2025-03-01\x0008:00,\n").encode("utf-8"))
    with pytest.raises(ExportError) as e:
        read_tables(f)
    msg = str(e.value)
    assert e.value.row == 5002 and e.value.column == "D", msg
    assert "第 5002 行" in msg and "row 5002" in msg and "NUL" in msg and "UTF-8" in msg


def test_a_huge_cell_in_a_date_column_is_refused_quickly(tmp_path):
    """A 3 MB cell in a date column: dateutil's tokenizer took minutes per megabyte (over 5 minutes for a 30 MB
    field, the command never ended); now a text longer than any date is no date, and the refusal names the cell."""
    import subprocess
    import sys
    from pathlib import Path

    from windoweval.demo import tiny_data_dir

    d = tmp_path / "data"
    shutil.copytree(tiny_data_dir(), d)
    f = d / "work_orders.csv"
    head = f.read_text(encoding="utf-8").splitlines()[0]
    n = head.count(",")
    f.write_text(head + "\n" + "W9," + ",".join(["x" * 3_000_000] * n) + "\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    p = subprocess.run([sys.executable, "-m", "windoweval.cli", "records", "check", "--data", str(d)], cwd=tmp_path,
                       capture_output=True, text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(root)})
    out = p.stdout + p.stderr
    assert p.returncode == 3, out[-3000:]
    assert "第 2 行" in out and "row 2" in out and "Traceback" not in out and len(out) < 20_000
