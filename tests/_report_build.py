"""One full report build on the demo data, shared by test_report.py and test_browser.py (built once a session).

With Chromium installed the build also prints the PDFs (``--pdf``), so that path is tested too.
"""
from __future__ import annotations

import atexit
import functools
import io
import shutil
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Build:
    out: Path          # the --out directory
    report: Path       # out / "2025"
    code: int          # the command's exit code
    seconds: float
    stdout: str
    stderr: str
    pdf: bool


@functools.lru_cache(maxsize=None)
def built_report() -> Build:
    from windoweval.browser import find_chromium
    from windoweval.cli import main

    out = Path(tempfile.mkdtemp(prefix="windoweval-report-test-"))
    atexit.register(shutil.rmtree, out, True)
    pdf = find_chromium() is not None
    so, se = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(["report", "--year", "2025", "--out", str(out), *(["--pdf"] if pdf else [])])
    return Build(out, out / "2025", code, time.monotonic() - t0, so.getvalue(), se.getvalue(), pdf)


def run_cli(*args: str) -> tuple[int, str, str]:
    """``windoweval *args`` in this process: (exit code, stdout, stderr)."""
    from windoweval.cli import main

    so, se = io.StringIO(), io.StringIO()
    with redirect_stdout(so), redirect_stderr(se):
        code = main(list(args))
    return code, so.getvalue(), se.getvalue()
