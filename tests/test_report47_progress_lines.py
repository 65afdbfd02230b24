"""``windoweval report``'s progress lines stay whole (session 47, report47): the kernel's thread says which notebook
starts (``[1/5] annual_evaluation …``) while the build's thread says what it computed (``✓ kept/: 15.1 s``); each
line went out through ``print``, the text and its line end written apart, so the two could run into one line
(``bench_report.py --phases`` lost the ``kept/`` phase in two builds of three at load 13-14)."""
from __future__ import annotations

import sys
import threading
import time

from windoweval.cli import report as cli_report


class _SlowStderr:
    """A stderr whose every write lets the other thread run (as a busy machine does)."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, s):
        self.parts.append(s)
        time.sleep(0.002)
        return len(s)

    def flush(self):
        pass


def test_lines_said_by_two_threads_at_once_stay_whole(monkeypatch):
    err = _SlowStderr()
    monkeypatch.setattr(sys, "stderr", err)
    kept = [f"    ✓ kept/: {i}.0 s" for i in range(40)]
    started = [f"[{i}/5] annual_evaluation (年度窗口服务评价) …" for i in range(40)]
    threads = [threading.Thread(target=lambda ms=ms: [cli_report.progress(m) for m in ms]) for ms in (kept, started)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = "".join(err.parts).splitlines()
    assert sorted(lines) == sorted(kept + started)
