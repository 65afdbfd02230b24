"""``benchmarks/timeline.py`` (score48): each thread's phase, sampled, and the strip it prints — a thread busy in a
function the phase table names is seen in that phase, on a core; an idle one is not."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def test_a_busy_threads_phase_is_sampled(capsys):
    sys.path.insert(0, str(BENCH))
    try:
        import timeline
    finally:
        sys.path.remove(str(BENCH))
    stop = threading.Event()

    def _write_pieces():   # named as the writer's function: the phase "writer"
        x = 0
        while not stop.is_set():
            x += 1

    def idle():
        stop.wait()

    s = timeline.Sampler(0.01)
    threads = [threading.Thread(target=_write_pieces, name="w"), threading.Thread(target=idle, name="i")]
    for t in threads:
        t.start()
    time.sleep(0.4)
    stop.set()
    for t in threads:
        t.join()
    s.report(0.1)
    err = capsys.readouterr().err
    phases = {(x[1], x[3]) for x in s.samples}
    assert ("w", "writer") in phases
    cpu_w = [x[2] for x in s.samples if x[1] == "w"]
    cpu_i = [x[2] for x in s.samples if x[1] == "i"]
    assert cpu_w[-1] - cpu_w[0] > 0.05e9            # on a core
    assert cpu_i[-1] - cpu_i[0] < 0.05e9            # waiting
    assert "## strip" in err and "W" in err.split("## strip")[1]
