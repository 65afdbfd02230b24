"""Two runs writing into one folder at once (thirty-first audit).

Seen before: two ``windoweval score`` runs into one ``--out`` both exited 0 and the folder held files of both (each
published its group through the same journal, one overwriting the other's half-way); ``complaints``, ``promises``,
``review`` and ``waiting`` wrote their CSVs one by one into the folder, with no lock at all.

Decided: a command that writes a group of files into a folder (``score``, ``complaints``, ``promises``, ``review``,
``waiting``) holds the folder's lock (an exclusive ``flock`` of the folder itself, the lock ``records import`` holds on
its store) from its start-up recovery to its last file; a second run says on stderr that it waits, in both
languages, waits, then puts its own group in whole.  ``report`` refuses instead (exit 4: a build takes minutes, and a
scheduler's second build of the same year piling up behind the first helps nobody); ``records import`` and
``survey import`` wait, as before.

Each command is started while the test holds the folder's lock: it must say that it waits, write nothing until the
lock is released, then finish with exit 0 and its files.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _workspace import ROOT

COMMANDS = ("score", "complaints", "promises", "review", "waiting")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from windoweval.demo import generate

    return generate(tmp_path_factory.mktemp("org") / "data", year=2025)


def _start(args, cwd, err: Path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "250",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("WINDOWEVAL_KILL_AT", None)
    return subprocess.Popen([sys.executable, "-m", "windoweval.cli", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(err, "w"), stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_second_writer_waits_for_the_folder(command, data, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("another tool's file")
    err = tmp_path / "stderr.txt"
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        p = _start([command, "--year", "2025", "--data", str(data), "--out", str(out)], tmp_path, err)
        t0 = time.monotonic()
        while "waiting for it to finish" not in err.read_text(encoding="utf-8"):
            assert p.poll() is None, (f"{command} ended (exit {p.returncode}) while another run held its folder",
                                      err.read_text(encoding="utf-8")[-2000:], sorted(x.name for x in out.iterdir()))
            assert time.monotonic() - t0 < 300
            time.sleep(0.1)
        said = err.read_text(encoding="utf-8")
        assert "等待其完成" in said and "另一个 windoweval 进程正在写入此目录" in said
        time.sleep(0.5)
        assert sorted(x.name for x in out.iterdir() if not x.name.startswith(".")) == ["kept.txt"]
    finally:
        os.close(fd)
    assert p.wait(timeout=300) == 0, err.read_text(encoding="utf-8")[-2000:]
    names = sorted(x.name for x in out.iterdir())
    assert "kept.txt" in names and any(n.endswith(".csv") for n in names), names
    assert not [n for n in names if n.startswith(".")], names      # no staging folder, journal or lock file left


def test_a_second_report_of_the_year_is_refused(data, tmp_path):
    """``report`` refuses while another build of the year holds ``<out>/.<year>.lock``: exit 4, both languages."""
    out = tmp_path / "reports"
    out.mkdir()
    with open(out / ".2025.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        err = tmp_path / "stderr.txt"
        p = _start(["report", "--year", "2025", "--data", str(data), "--out", str(out)], tmp_path, err)
        rc = p.wait(timeout=600)
    said = err.read_text(encoding="utf-8")
    assert rc == 4, said[-2000:]
    assert "正在由另一进程生成" in said and "another build of the 2025 report is running" in said
    assert "Traceback" not in said
    assert not (out / "2025").exists()


def test_the_lock_is_held_once_by_its_holder(tmp_path):
    """``publishing_files`` recovers the folder under the lock it then holds: the same process takes it again
    without waiting for itself, and closing the last hold releases it for others."""
    from windoweval.atomic import folder_lock, publishing_files

    with folder_lock(tmp_path):
        with publishing_files(tmp_path, "x", r"x_.*\.csv") as stage:
            (stage / "x_a.csv").write_text("a")
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)      # free again
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x_a.csv"]
