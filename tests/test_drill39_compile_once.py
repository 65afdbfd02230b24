"""The masking rules are compiled once per process, even when two scoring threads first mask at the same moment.

``windoweval score`` judges two pieces at a time; the first piece of each thread masks the missed records' few-valued
columns, and each thread compiled every one of the masking rules (``functools.lru_cache`` lets two callers of a key
not yet cached both run the function): ~0.1 s of CPU spent twice (drill39).
"""
from __future__ import annotations

import re
import threading
import time
import types
import uuid

from windoweval import privacy


def test_two_threads_compile_a_rule_once(monkeypatch):
    calls = []
    real = re.compile

    def slow_compile(pattern, flags=0):
        calls.append(pattern)
        time.sleep(0.05)        # long enough for the other thread to ask for the same rule meanwhile
        return real(pattern, flags)

    monkeypatch.setattr(privacy, "re", types.SimpleNamespace(compile=slow_compile))
    pattern = "drill39-" + uuid.uuid4().hex      # never asked for before in this process
    start = threading.Barrier(2)
    got = []

    def ask():
        start.wait()
        got.append(privacy._compiled(pattern))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [pattern]
    assert got[0] is got[1] and got[0].pattern == pattern


def test_the_same_pattern_object_as_before():
    p = privacy._compiled(r"\d{11}")
    assert p is privacy._compiled(r"\d{11}") and p.search("x13812345678")
