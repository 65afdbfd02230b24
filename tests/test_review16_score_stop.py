"""Review of the fifteenth round (rev16c): a stop signal while the score command waits for its missed-records
writer thread (merge command14, 659d497; right on e2960dd)."""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from _workspace import score_in_process



@pytest.fixture(scope="module")
def store(work_orders_store):
    """The demo's work orders imported into a store (tests/conftest.py's work_orders_store)."""
    return work_orders_store


def _cmd(store, out) -> tuple[int, str]:
    return score_in_process(store, out)


def _stopped_cmd(store, out):
    """The command with the program's signal handling (cli._stop_on_signals: SIGTERM raises cli.Stopped in the main
    thread); e2960dd has none: there SIGTERM raises KeyboardInterrupt here (taken as exit 4)."""
    import windoweval.cli as cli

    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        if hasattr(cli, "_stop_on_signals"):
            for s in saved:
                signal.signal(s, signal.SIG_DFL if s != signal.SIGINT else signal.default_int_handler)
            cli._stop_on_signals()
        else:
            signal.signal(signal.SIGTERM, interrupt)
        try:
            return _cmd(store, out)
        except KeyboardInterrupt:
            return 4, "KeyboardInterrupt"
    finally:
        for s, h in saved.items():
            signal.signal(s, h)


def _main_thread_in(names: set) -> bool:
    f = sys._current_frames().get(threading.main_thread().ident)
    while f is not None:
        if f.f_code.co_name in names and f.f_code.co_filename.endswith(os.path.join("cli", "scoring.py")):
            return True
        f = f.f_back
    return False


def test_sigterm_while_the_command_waits_for_the_missed_writer(store, tmp_path, monkeypatch):
    """Wrong (windoweval/cli/scoring.py:109-110): SIGTERM/SIGINT (cli.Stopped, or KeyboardInterrupt in a notebook)
    arriving while the main thread waits in ``writing.result()`` -- the usual place, since the missed records take
    longer than the tables -- is outside the ``try`` that waits for the writer: ``publishing_files`` removes the stage
    at once and ``main()`` returns 4 while the ``windoweval-missed`` thread is still writing.  It keeps running after
    the return and writes into the removed stage, which ``write_missed``'s ``out.mkdir`` / ``write_csv``'s parent
    mkdir re-create: a hidden ``.score-power_window.files-<pid>-*`` folder with this run's missed records is left in
    the output folder (the process is alive, so ``recover_files`` does not take it).
    Right (e2960dd, and the branch's own rule "the writer is waited for before its stage is let go"): when the
    command returns, nothing of the stopped run is running or left in the output folder."""
    import windoweval.cli as cli
    import windoweval.exports as ex

    real = ex.write_missed
    state = {}

    def writing(frames, out, *a, **k):
        if threading.current_thread() is not threading.main_thread():
            t0 = time.monotonic()
            while not _main_thread_in({"result", "wait"}) and time.monotonic() - t0 < 20:
                time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)   # the scheduler's timeout; cli.Stopped raised in the main thread
        time.sleep(0.5)
        try:
            return real(frames, out, *a, **k)
        finally:
            state["ended"] = time.monotonic()
            state["stage_there_at_end"] = Path(out).exists()

    monkeypatch.setattr(ex, "write_missed", writing)
    code, text = _stopped_cmd(store, tmp_path / "out")
    returned = time.monotonic()
    # the validation pool (records/validate.py _workers) lives as long as the process, idle between reads: it is not
    # work of the stopped run
    from windoweval.records.validate import _WORKER
    running = [t.name for t in threading.enumerate()
               if t.name.startswith("windoweval-") and not t.name.startswith(_WORKER)]
    time.sleep(3)
    assert code == 4, text
    left = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "out").rglob("*"))
    assert left == [], "files of the stopped run left in the output folder"
    assert running == []
    assert state.get("ended", float("-inf")) <= returned, "the missed records were still written after the return"
