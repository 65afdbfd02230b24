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


# 6. a huge value in a CSV is refused from the mapped bytes before anything parses or copies it (bounded memory),
#    with its file line, column and the fix
_HUGE = textwrap.dedent("""
    import sys, tracemalloc
    from pathlib import Path
    import pyarrow as pa
    from windoweval.records.io import ExportError, read_tables
    f = Path(sys.argv[1])
    tracemalloc.start()
    try:
        read_tables(f)
        print("READ")
    except ExportError as e:
        print("REFUSED", e.exit_code, e.row, e.column)
        print("FIX", "export again" in str(e) and "重新导出" in str(e))
    print("PEAK", max(tracemalloc.get_traced_memory()[1], pa.default_memory_pool().max_memory()))
""")


def test_a_huge_line_is_refused_in_bounded_memory(tmp_path):
    f = tmp_path / "work_orders.csv"
    size = 96 << 20
    with open(f, "wb") as fh:
        fh.write("order_id,window_id,描述\nWO1,PW01,ok\nWO2,PW01,".encode())
        chunk = b"x" * (1 << 20)
        for _ in range(size >> 20):
            fh.write(chunk)
        fh.write(b"\nWO3,PW01,ok\n")
    got = subprocess.run([sys.executable, "-c", _HUGE, str(f)], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "TMPDIR": str(tmp_path)})
    out = got.stdout
    assert "REFUSED 3 3 3" in out, out + got.stderr          # file line 3, column 3 (描述)
    peak = int(out.split("PEAK ")[1])
    assert peak < size // 4, peak                           # never the value's 96 MiB (it was read whole before)
    assert "FIX True" in out
