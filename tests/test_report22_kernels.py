"""Issue 14 (session 22): a build that fails or is stopped while a notebook runs stops its kernels before it removes
their folder.  Before, the build's runner waited 60 s for a kernel still busy and then left it running (its thread
was a daemon) while the temporary folder it worked in was removed; a scheduler saw the command end and a kernel
process live on, writing into a folder that no longer existed.

The build here: the tiny data, one notebook (a stand-in for the complaints' notebook that records its kernel's
process id and then sleeps), and a section computation that fails (or is stopped with Ctrl-C) once that notebook
runs.  Afterwards: no kernel process, no temporary folder, the previous report as it was, and all within seconds.
"""
from __future__ import annotations

import importlib
import time
from pathlib import Path

import nbformat
import psutil
import pytest

build_mod = importlib.import_module("windoweval.report.build")   # the module (the package names its function)


def _sleeping_notebook(folder: Path, pid_file: Path) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("year = 2024\ndata = None", metadata={"tags": ["parameters"]})
    body = nbformat.v4.new_code_cell(f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                                     "time.sleep(600)")
    nb.cells = [params, body]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir()
    nbformat.write(nb, str(folder / "complaint_callbacks.ipynb"))


def _previous_report(tmp_path: Path) -> tuple[Path, Path]:
    """The reports folder and, in it, a complete 2025 report (one ``index.html``) that a failed build must leave."""
    out = tmp_path / "reports"
    previous = out / "2025"
    previous.mkdir(parents=True)
    (previous / "index.html").write_text("the previous report", encoding="utf-8")
    return out, previous


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("stop", [RuntimeError("a section failed"), KeyboardInterrupt()], ids=["failed", "stopped"])
def test_a_build_failing_while_a_notebook_runs_stops_its_kernel(monkeypatch, tmp_path, stop):
    from windoweval import paths
    from windoweval.datadir import survey_source
    from windoweval.demo import tiny_data_dir

    pid_file = tmp_path / "kernel.pid"
    _sleeping_notebook(tmp_path / "notebooks", pid_file)
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path / "notebooks")

    def keep_sections(year, params, folder, survey, progress, names=None, covered=None, kept=None):
        kept("complaints")                     # the complaints' notebook is handed to the kernel and runs …
        t = time.monotonic()
        while not pid_file.exists() and time.monotonic() - t < 180:
            time.sleep(0.1)
        assert pid_file.exists(), "the notebook never ran"
        time.sleep(0.5)
        raise stop                             # … when the sections' computation fails (or is stopped)

    monkeypatch.setattr(build_mod, "_keep_sections", keep_sections)
    out, previous = _previous_report(tmp_path)

    d = tiny_data_dir()
    t = None
    with pytest.raises((build_mod.BuildError, KeyboardInterrupt)):
        try:
            build_mod.build(2025, data=d, out=out, progress=None, survey=survey_source("power_hall", d),
                            notebooks=["complaint_callbacks"])
        finally:
            t = time.monotonic()
    pid = int(pid_file.read_text())
    deadline = t + 10
    while _alive(pid) and time.monotonic() < deadline:     # a kernel being reaped
        time.sleep(0.1)
    assert not _alive(pid), "the kernel still runs after the build ended"
    assert sorted(p.name for p in out.iterdir()) == ["2025"]          # no temporary folder, no lock
    assert (previous / "index.html").read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]


def test_a_refused_year_stops_the_starting_kernel_without_a_traceback(tmp_path):
    """The kernel is stopped while it starts (the year is refused at once): no exit hook of nbclient's is left to
    print a traceback when the command ends (it did once the kernels were stopped at once, before the fix)."""
    import subprocess
    import sys

    code = ("from windoweval.demo import tiny_data_dir\nfrom windoweval.report import build\nd = tiny_data_dir()\n"
            "try:\n    build(2031, data=d, out=d / 'reports', progress=None)\n"
            "except Exception as e:\n    print(type(e).__name__, getattr(e, 'exit_code', None))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert p.stdout.split() == ["NoRecords", "3"]
    assert "Traceback" not in p.stderr and "Exception ignored" not in p.stderr, p.stderr[-2000:]
