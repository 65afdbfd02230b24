"""A forked child compiles its masking rules even when a parent thread held the compile lock at the fork (review39:
``privacy._compiled``'s lock, held by a scoring thread while a process forks, was never released in the child)."""
import os
import sys
import threading

import pytest

from windoweval import privacy


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="fork")
def test_a_child_forked_while_the_lock_is_held_still_compiles():
    held, release = threading.Event(), threading.Event()

    def holder():
        with privacy._COMPILING:
            held.set()
            release.wait(30)

    t = threading.Thread(target=holder)
    t.start()
    held.wait(10)
    try:
        pid = os.fork()
        if pid == 0:   # the child: compile a pattern no one compiled yet, with a time limit
            import signal
            signal.alarm(10)
            ok = privacy._compiled(r"fork-test-\d{3}").match("fork-test-123") is not None
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        release.set()
        t.join()
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
