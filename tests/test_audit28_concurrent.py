"""Two commands at once on the same workspace (twenty-eighth audit).

Fixed here (failing on the code before): two ``records import`` of one kind at once (the 2024 and the 2025 work
orders started together) each built the new dataset on the stored one as it was before either, then swapped it in;
the one swapped in last dropped the partitions of the other, and both said they had imported their records.  An
import now holds the kind's lock in the store (``.<kind>.import.lock``) from reading the stored dataset to its swap;
the second waits and builds on the first.

The first import is slowed inside its build (a child process whose ``_marker`` read, after the stored partitions are
linked in and before the swap, waits), and the second is started while it waits.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd

from _workspace import ROOT, write_workspace

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import windoweval.records.store as S

    src, store, flag = sys.argv[1], sys.argv[2], sys.argv[3]
    real = S._marker

    def slow(d):
        if flag != "-" and sys._getframe(1).f_code.co_name == "_write_dataset":
            Path(flag).write_text("building")
            time.sleep(4)
        return real(d)

    S._marker = slow
    S.import_records("work_orders", src, store)
""")


def _orders(path: Path, year: int, n: int = 5) -> Path:
    pd.DataFrame({"order_id": [f"WO{year}{i:03d}" for i in range(n)], "window_id": "PW01",
                  "order_type": "fault_repair", "received_at": f"{year}-03-05 09:00",
                  "completed_at": f"{year}-03-05 09:40"}).to_csv(path, index=False)
    return path


def _child(src, store, flag):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("WINDOWEVAL_KILL_AT", None)
    return subprocess.Popen([sys.executable, "-c", CHILD, str(src), str(store), str(flag)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_imports_of_a_kind_at_once_keep_both_deliveries(tmp_path):
    from windoweval.records import read_records
    from windoweval.records.store import list_deliveries

    store = write_workspace(tmp_path / "store")
    a, b = _orders(tmp_path / "wo2024.csv", 2024), _orders(tmp_path / "wo2025.csv", 2025)
    flag = tmp_path / "building"
    first = _child(a, store, flag)
    t0 = time.monotonic()
    while not flag.exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() - t0 < 120
        time.sleep(0.05)
    second = _child(b, store, "-")
    for p in (first, second):
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    got = {y: sorted(read_records("work_orders", store, year=y)["order_id"]) for y in (2024, 2025)}
    assert got == {2024: [f"WO2024{i:03d}" for i in range(5)], 2025: [f"WO2025{i:03d}" for i in range(5)]}
    assert sorted(list_deliveries(store, kind="work_orders")["file_name"]) == ["wo2024.csv", "wo2025.csv"]
