"""``windoweval score`` writes its missed records in a process of its own (issue 14, item 1; session 43).

After ``score()`` returns, the missed records' writer (the pieces put aside read back, aligned and masked, the people's
CSV) held the GIL beside the main thread's tables and scorecards, so that phase ran on about one core.  The program
itself now forks the writer (``cli.scoring._Forked``): the same files, the console's text the same, its error raised
in the command as before (a bug: exit 5; a full disk: exit 4 with its message), a stop waits for it, and nothing of
it runs or is left once the command ends.  A caller of ``main(argv)`` in its own process (a notebook, these tests'
other files) keeps the thread.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _workspace import score_in_process

#: The program as the console script starts it; ``exports.write_missed`` wrapped to say which process runs it (and, on
#: asking, to fail, to find the disk full, or to take long).
_PROGRAM = """
import os, sys, time
import windoweval.exports as ex
real, mode, said = ex.write_missed, os.environ.get("T43_MODE", ""), os.environ["T43_PIDS"]
def write_missed(*a, **k):
    with open(said, "a") as fh:
        fh.write(f"writer {os.getpid()}\\n")
    if mode == "fail":
        raise RuntimeError("the writer broke")
    if mode == "full":
        raise OSError(28, "No space left on device", str(a[1]))
    if mode == "slow":
        open(said + ".writing", "w").close()
        time.sleep(60)
    return real(*a, **k)
ex.write_missed = write_missed
with open(said, "a") as fh:
    fh.write(f"main {os.getpid()}\\n")
sys.argv = ["windoweval", *sys.argv[1:]]
from windoweval.program import main
sys.exit(main())
"""


@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (``tests/conftest.py``)."""
    return work_orders_store


def _argv(store, out) -> list:
    return ["score", "--standard", "power_window", "--year", "2025", "--data", str(store), "--out", str(out)]


def _env(tmp_path: Path, mode: str = "") -> dict:
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8", "T43_MODE": mode,
            "T43_PIDS": str(tmp_path / "pids.txt")}


def _pids(tmp_path: Path) -> dict:
    got = {}
    for line in (tmp_path / "pids.txt").read_text().splitlines():
        who, pid = line.split()
        got.setdefault(who, []).append(int(pid))
    return got


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _same_files(a: Path, b: Path) -> None:
    from windoweval.exports import read_missed

    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for n in names:
        if n.endswith("_missed.parquet"):
            ta = read_missed(a, n[:-len("_missed.parquet")], arrow=True)
            tb = read_missed(b, n[:-len("_missed.parquet")], arrow=True)
            assert ta.schema == tb.schema and ta.equals(tb), n
        else:
            assert (a / n).read_bytes() == (b / n).read_bytes(), n


def _console(text: str, out: Path) -> str:
    return text.replace(str(out), "OUT")


def test_the_program_writes_the_missed_records_in_a_process_of_its_own(store, tmp_path):
    """The writer runs in another process than the command's (before: the same, on a thread); the files and the
    console's text are those of the command run in process (on the thread)."""
    out = tmp_path / "out"
    got = subprocess.run([sys.executable, "-c", _PROGRAM, *_argv(store, out)], capture_output=True, text=True,
                         env=_env(tmp_path), timeout=600)
    assert got.returncode == 0, got.stderr
    pids = _pids(tmp_path)
    assert len(pids["writer"]) == 1 and pids["writer"] != pids["main"], pids
    assert not _alive(pids["writer"][0])
    assert not [p for p in (tmp_path / "tmp").iterdir() if p.name.startswith("windoweval-missed-")]
    code, text = score_in_process(store, tmp_path / "in_process")
    assert code == 0, text
    _same_files(out, tmp_path / "in_process")
    assert (out / "power_window_missed.parquet").is_file()
    assert _console(got.stdout, out) == _console(text, tmp_path / "in_process")


def test_a_failing_forked_writer_is_a_bug_and_publishes_nothing(store, tmp_path):
    """The child's error is raised in the command: exit 5 with its text (the child's traceback as a note), none of
    the lines after the writer said, no file put in place, no staging folder left."""
    out = tmp_path / "out"
    got = subprocess.run([sys.executable, "-c", _PROGRAM, *_argv(store, out)], capture_output=True, text=True,
                         env=_env(tmp_path, "fail"), timeout=600)
    assert got.returncode == 5, (got.returncode, got.stderr[-3000:])
    assert "the writer broke" in got.stderr
    assert "未达标记录 / records that missed" not in got.stdout
    assert not out.exists() or not list(out.iterdir())
    pids = _pids(tmp_path)
    assert pids["writer"] != pids["main"]


def test_a_full_disk_in_the_forked_writer_says_so(store, tmp_path):
    """An OSError of the child keeps its errno: a full disk is exit 4 with the machine's reason, never a traceback."""
    out = tmp_path / "out"
    got = subprocess.run([sys.executable, "-c", _PROGRAM, *_argv(store, out)], capture_output=True, text=True,
                         env=_env(tmp_path, "full"), timeout=600)
    assert got.returncode == 4, (got.returncode, got.stderr[-3000:])
    assert "磁盘空间不足" in got.stderr and "the disk is full" in got.stderr
    assert "Traceback" not in got.stderr
    assert not out.exists() or not list(out.iterdir())
    pids = _pids(tmp_path)
    assert pids["writer"] != pids["main"]


def test_a_stop_while_the_forked_writer_writes(store, tmp_path):
    """SIGTERM to the command while its child writes: the child is stopped and waited for (by its id), the command
    ends with exit 4, nothing is left in the output folder, the child does not outlive it."""
    out = tmp_path / "out"
    env = _env(tmp_path, "slow")
    p = subprocess.Popen([sys.executable, "-c", _PROGRAM, *_argv(store, out)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    marker = Path(env["T43_PIDS"] + ".writing")
    t0 = time.monotonic()
    while not marker.exists() and p.poll() is None and time.monotonic() - t0 < 300:
        time.sleep(0.05)
    assert marker.exists(), p.communicate(timeout=60)
    time.sleep(0.3)
    p.send_signal(signal.SIGTERM)
    so, se = p.communicate(timeout=60)
    assert p.returncode == 4, (p.returncode, se[-3000:])
    assert "已中止(SIGTERM)" in se and "Traceback" not in se
    pids = _pids(tmp_path)
    assert pids["writer"] != pids["main"]
    assert not _alive(pids["writer"][0]), "the writer outlived the command"
    assert not out.exists() or not list(out.iterdir()), sorted(p.name for p in out.iterdir())
    assert not [q for q in (tmp_path / "tmp").iterdir() if q.name.startswith("windoweval-missed-")]
