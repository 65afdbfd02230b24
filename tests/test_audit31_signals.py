"""A scheduler's timeout (SIGTERM) or Ctrl-C (SIGINT) during ``windoweval report`` (thirty-first audit).

Seen before: SIGTERM ended the process at once (Python's default): exit 143, which the README's table does not name,
the half-built ``<out>/.<year>.building-*`` folder and the ``.<year>.lock`` file left beside the report until the next
run.  The command line now turns SIGTERM, SIGHUP and SIGINT into an exception in the main thread
(:class:`windoweval.cli.Stopped`): every ``finally`` runs (the build folder removed, the kernels shut down, the lock
let go), and the command exits 4 (the build failed, the previous report untouched) saying so in both languages.

The report is built once; a second build is stopped while its notebooks run (a kernel process alive); the first
report is there byte for byte, nothing is left beside it, and no kernel process outlives the command.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _workspace import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from windoweval.demo import tiny_data_dir

    from _workspace import run_cli

    root = tmp_path_factory.mktemp("signals")
    data, out = tiny_data_dir(), root / "reports"
    r = run_cli("report", "--year", "2025", "--data", str(data), "--out", str(out), cwd=root, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return root, data, out


def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _children(pid: int) -> list[int]:
    r = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in r.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    r = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
    return bool(r.stdout.strip()) and not r.stdout.strip().startswith("Z")


def _as_in_a_terminal():
    # a suite started in the background (nohup, `cmd &` in a script) hands its children SIGINT ignored, and the command
    # rightly keeps an ignored signal ignored (cli._stop_on_signals); the command is started here as from a terminal
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_report_stopped_while_its_notebooks_run(sig, built):
    root, data, out = built
    err = root / f"stderr-{sig.name}.txt"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("WINDOWEVAL_KILL_AT", None)
    # the signal is sent once the first notebook has started in a kernel; on the tiny data the five notebooks take
    # well under a second, and under load (the suite's other worker) the build could end between the last look and
    # the signal (a full run of session 26: exit 0, "done"), which tests nothing: such a try is made again (three
    # at most; a command that ignored the signal would end so every time, and fail)
    for attempt in range(3):
        before = _snapshot(out / "2025")
        with open(err, "w") as fe:
            p = subprocess.Popen([sys.executable, "-m", "windoweval.cli", "report", "--year", "2025", "--data",
                                  str(data), "--out", str(out)], cwd=root, env=env, stdout=subprocess.DEVNULL,
                                 stderr=fe, stdin=subprocess.DEVNULL, preexec_fn=_as_in_a_terminal)
        kernels: list[int] = []
        t0 = time.monotonic()
        while not (kernels and "[1/" in err.read_text(encoding="utf-8")):
            assert p.poll() is None, err.read_text(encoding="utf-8")[-3000:]
            assert time.monotonic() - t0 < 600
            kernels = _children(p.pid) or kernels
            time.sleep(0.05)
        p.send_signal(sig)
        rc = p.wait(timeout=120)
        said = err.read_text(encoding="utf-8")
        if not (rc == 0 and "完成 / done" in said and attempt < 2):
            break
    assert rc == 4, (rc, said[-3000:])
    assert f"已中止({sig.name})" in said and f"stopped ({sig.name})" in said and "untouched" in said
    assert "Traceback" not in said
    assert _snapshot(out / "2025") == before
    left = sorted(x.name for x in out.iterdir() if x.name.startswith("."))
    assert left == [], left                     # no building folder, no lock file
    t0 = time.monotonic()
    while any(_alive(k) for k in kernels) and time.monotonic() - t0 < 15:
        time.sleep(0.2)
    assert not [k for k in kernels if _alive(k)], kernels
