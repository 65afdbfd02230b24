"""A CSV holding one 200 MB line without a line break (newuser48, hostile): refused with its file, row, column,
size and fix, in bounded time and memory.  Before, the refusal's row was found by copying the mapped file and
counting every byte's line break as int64 (``io._record_starts``): ~4.9 GB peak for 200 MB, on a 2-core machine
shared with others.
"""
from __future__ import annotations

import mmap
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np

from windoweval.records import io

WS = '''name = "长行 / long line"

[[windows]]
id = "PW01"
name = "城东营业厅"
kind = "power_hall"
'''
HEAD = "工单号,窗口编号,工单类型,受理时间,到达现场时间\n"


def test_record_starts_memory_follows_breaks_not_size(tmp_path):
    f = tmp_path / "a.csv"
    size = 32 << 20
    with open(f, "wb") as fh:
        fh.write(b'id,note\n"R1","a\nb"\nR2,')
        fh.write(b"x" * size)
    with open(f, "rb") as fh:
        m = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        tracemalloc.start()
        try:
            starts = io._record_starts(m)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            m.close()
    # records: the header (line 1), R1 (line 2, its quoted value spans to line 3), R2 (line 4)
    assert starts.tolist() == [1, 2, 4]
    # a piece's comparison (16 MB) at most, not the file's size in booleans nor eight times it in a running count
    assert peak < size, f"peak {peak:,} bytes for a {size:,}-byte line"


def test_record_starts_as_before_on_small_files():
    # the same answers as file_lines' examples: quotes, \r\n, a lone \r, a BOM (the break ending the file starts
    # a last, empty record, as before)
    assert io._record_starts(b'a,b\n1,"x\ny\nz"\n2,w\n').tolist() == [1, 2, 5, 6]
    assert io._record_starts(b'a,b\r\n1,"x\r\ny"\r\n2,w').tolist() == [1, 2, 4]
    assert io._record_starts(b'a,b\r1,x\r2,w').tolist() == [1, 2, 3]
    assert io._record_starts(b'\xef\xbb\xbf"a",b\n1,2').tolist() == [1, 2]
    # only empty quoted values ("" each: runs of two quotes): no break inside quotes (IndexError before)
    assert io._record_starts(b'a,b\n1,""\n2,""').tolist() == [1, 2, 3]
    assert io._record_starts(b"").tolist() == [1]
    assert isinstance(io._record_starts(b"a\n"), np.ndarray)


def test_200_mb_line_refused_streamed(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    (d / "windoweval.toml").write_text(WS, encoding="utf-8")
    with open(d / "work_orders.csv", "wb") as fh:
        fh.write(HEAD.encode("utf-8"))
        chunk = b"x" * (1 << 20)
        for _ in range(200):
            fh.write(chunk)
    # a parent of its own, so that its children's peak is this command's alone
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.run([sys.executable, '-m', 'windoweval.cli', 'records', 'check', '--data', sys.argv[1]],"
             " capture_output=True, text=True, errors='replace', timeout=240, stdin=subprocess.DEVNULL)\n"
             "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) + '\\n' + str(p.returncode)"
             " + '\\n' + p.stdout + p.stderr)\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-c", probe, str(d)], capture_output=True, text=True, errors="replace",
                       timeout=300, env=env)
    peak_kb, code, out = p.stdout.split("\n", 2)
    assert "Traceback" not in out, out[-3000:]
    assert int(code) == 3, out[-3000:]
    for part in ("work_orders.csv", "第 2 行", "row 2", "列 1", "column 1", "209,715,200", "重新导出", "export again"):
        assert part in out, (part, out[-3000:])
    # the file is mapped, not loaded: its pages (200 MB) and the program (~150-300 MB), not several copies
    assert int(peak_kb) < 1_200_000, f"peak {int(peak_kb):,} KB"
