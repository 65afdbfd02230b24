"""Review rev20b of session 20's two overlaps (csv20: the repeated-header search beside the validation; score20:
``windoweval score`` ending at once, the people's CSV beside the Parquet file)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


#: ``windoweval score`` as the console script runs it, a SIGTERM (a scheduler's timeout) sent to itself just after
#: the missed records' folder was put aside and closed, while ``score()`` still works (its card not yet returned)
_STOPPED_WHILE_SCORING = """
import os, signal, sys
sys.argv = ['windoweval', *sys.argv[1:]]
from windoweval.engine import missed_pass
close = missed_pass.KeptPass.close
def stop(self):
    close(self)
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(100):   # the handler runs between two bytecodes: here
        pass
missed_pass.KeptPass.close = stop
from windoweval.program import main
sys.exit(main())
"""


def test_a_stop_while_scoring_leaves_no_temporary_folder(store, tmp_path):
    """Checked (passes on main): ``score`` stopped (SIGTERM) after ``score()`` put the missed records aside but before
    it returned the card (no card to release, and os._exit runs no finalizer at the end): the folder is still removed
    (the pass is freed, and its finalizer run, as the stop unwinds), exit 4."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8"}
    got = subprocess.run([sys.executable, "-c", _STOPPED_WHILE_SCORING, "score", "--standard", "power_window",
                          "--year", "2025", "--data", str(store), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, env=env, timeout=600)
    assert got.returncode == 4, got.stderr          # README: stopped by a signal
    assert "SIGTERM" in got.stderr
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith("windoweval-missed-")) == []


# ---- csv20: the repeated-header search done first (a few rows, one core) ------------------------------------------

def _complaints(tmp_path):
    f = tmp_path / "complaints.csv"
    rows = [f"C{i},95598,complaint,PW0{i % 3 + 1},2025-03-{1 + i % 28:02d} 10:00\n" for i in range(50)]
    f.write_text("工单编号,受理渠道,诉求类型,窗口编号,受理时间\n" + "".join(rows), encoding="utf-8")
    return f


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_a_stop_during_the_search_done_first_is_raised_at_once(tmp_path, monkeypatch, stop):
    """Seen: done on the caller's thread (below PARALLEL_ROWS, or one core), ``files._alongside`` caught every
    BaseException to raise it later, so a Ctrl-C or a scheduler's SIGTERM (cli.Stopped) during the search was held
    while the whole validation ran (and the signal handlers, ignoring every signal after the first, left nothing
    else to end it but SIGKILL).  A stop is raised where it comes; an error of the search is still raised where it is
    waited for (test_csv20_overlap)."""
    from windoweval.records import files, totals

    called = []

    def search(*a, **k):
        raise stop()

    def validate(*a, **k):
        called.append(True)
        raise AssertionError("validated after the stop")

    monkeypatch.setattr(files, "_PARALLEL_ROWS", 10 ** 12, raising=False)   # done first, on this thread
    monkeypatch.setattr(totals, "repeated_headers", search)
    monkeypatch.setattr(files, "validate", validate)
    with pytest.raises(stop):
        files.load_files("complaints", [_complaints(tmp_path)])
    assert called == []
    with pytest.raises(stop):
        files._alongside(search, big=False)


def test_a_stop_during_the_validation_is_not_replaced_by_the_searchs_error(tmp_path, monkeypatch):
    """Seen: the validation stopped (Ctrl-C, cli.Stopped) while the search ran beside it: the ``finally`` that waits
    for the search raised the search's error instead, so a stop was reported as that error (a bug: exit 5, not 4)."""
    from windoweval.records import files, totals

    def search(*a, **k):
        raise ValueError("scan failed")

    def validate(*a, **k):
        raise KeyboardInterrupt()

    monkeypatch.setattr(files, "_PARALLEL_ROWS", 1, raising=False)   # on a thread of its own
    monkeypatch.setattr(totals, "repeated_headers", search)
    monkeypatch.setattr(files, "validate", validate)
    with pytest.raises(KeyboardInterrupt):
        files.load_files("complaints", [_complaints(tmp_path)])


# ---- score20: the process ended at once ----------------------------------------------------------------------------

_STOPPED_AT_THE_END = """
import logging, os, signal, sys
sys.argv = ['windoweval', *sys.argv[1:]]
shutdown = logging.shutdown
def late(*a, **k):
    os.kill(os.getpid(), signal.SIGTERM)   # a scheduler's timeout as the command ends, its files in place
    for _ in range(100):   # the handler runs between two bytecodes: here
        pass
    shutdown(*a, **k)
logging.shutdown = late
from windoweval.program import main
sys.exit(main())
"""


def test_a_stop_once_the_command_is_done_keeps_its_exit_code(store, tmp_path):
    """Seen: a SIGTERM after ``score`` was done (its files published, 已写入 printed) but before ``os._exit``
    (cli._exit_now flushing the log and the streams) raised cli.Stopped out of ``main``: a traceback, exit 1 (no code
    of README's table), the interpreter's teardown run after all.  Nothing is left to unwind then: the stop signals
    are ignored from there, the command's own code kept."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    out = tmp_path / "out"
    got = subprocess.run([sys.executable, "-c", _STOPPED_AT_THE_END, "score", "--standard", "power_window",
                          "--year", "2025", "--data", str(store), "--out", str(out)],
                         capture_output=True, text=True, env=env, timeout=600)
    assert got.returncode == 0, got.stderr
    assert "Traceback" not in got.stderr
    assert "已写入 / written" in got.stdout and (out / "power_window_results.csv").is_file()
    refused = subprocess.run([sys.executable, "-c", _STOPPED_AT_THE_END, "score", "--standard", "power_window",
                              "--year", "2019", "--data", str(store), "--out", str(tmp_path / "out2")],
                             capture_output=True, text=True, env=env, timeout=600)
    assert refused.returncode == 3 and "Traceback" not in refused.stderr, refused.stderr
