"""The names of the threads a test's code starts (csv47's two-thread cuts: ``pools.on_two_threads``)."""
from __future__ import annotations

import threading


def threads_started(monkeypatch) -> list:
    """A list that gets the name of every thread started from now on (``threading.Thread.start`` wrapped)."""
    started: list = []
    real = threading.Thread.start

    def start(self):
        started.append(self.name)
        return real(self)

    monkeypatch.setattr(threading.Thread, "start", start)
    return started
