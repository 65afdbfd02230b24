"""safety22: records files are opened once and their descriptor checked: a FIFO put in a file's place after a check
is refused (exit 3), never waited on."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")

# the check before the read is passed (as if the file was swapped for a FIFO right after it): the reader must refuse
_SWAPPED = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from windoweval.demo import tiny_data_dir
    from windoweval.records import files
    from windoweval.records.io import ExportError
    d = Path(tiny_data_dir())
    for f in d.glob("work_orders*"):
        f.unlink() if f.is_file() else None
    os.mkfifo(d / ("work_orders" + sys.argv[1]))
    files._readable = lambda f: None          # the stat happened before the swap
    try:
        files.load("work_orders", d)
    except ExportError as e:
        print("REFUSED", e.exit_code, str(e).splitlines()[0][-60:])
""")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls", ".txt"])
def test_fifo_swapped_in_after_the_check_is_refused_not_waited_on(suffix, tmp_path):
    try:
        got = subprocess.run([sys.executable, "-c", _SWAPPED, suffix], capture_output=True, text=True, timeout=40,
                             cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path)})
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading a FIFO named work_orders{suffix} hung")
    assert "REFUSED 3" in got.stdout, got.stdout + got.stderr     # a workbook's size check (0 bytes) may come first


def test_readable_refuses_a_fifo_without_blocking(tmp_path):
    from windoweval.records.files import _readable
    from windoweval.records.io import ExportError

    os.mkfifo(tmp_path / "work_orders.csv")
    with pytest.raises(ExportError) as e:
        _readable(tmp_path / "work_orders.csv")
    assert e.value.exit_code == 3
