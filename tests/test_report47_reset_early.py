"""Issue 14 (session 47, report47): the namespace a notebook leaves is cleared right after it, while the next one
may still be awaited, not when the next one is handed over.  The annual notebook waits for the year's evaluation,
the last section the build computes: its kernel was idle meanwhile, and then cleared the namespace (``%reset -f``,
two garbage collections) on the build's path.  The same executions in the same order; each notebook still starts
on a clean namespace, and the last one is not followed by a reset nobody needs."""
from __future__ import annotations

import time

import nbformat

from windoweval.report import ensure_kernel
from windoweval.report import run as run_mod
from windoweval.report.settings import KERNEL_ARGS


def _nb(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


class _Fake:
    """A kernel that records what the runner asks of it."""
    events: list = []

    def __init__(self, *a, **kw):
        pass

    def start(self, stop=None):
        self.events.append("start")

    def run(self, nb):
        self.events.append(f"run {nb.metadata['label']}")

    def reset(self):
        self.events.append("reset")

    def kill(self):
        pass

    def close(self):
        self.events.append("close")


def _labelled(label):
    nb = _nb("pass")
    nb.metadata["label"] = label
    return (label, nb, None)


def _wait(cond, seconds=10.0):
    end = time.monotonic() + seconds
    while not cond() and time.monotonic() < end:
        time.sleep(0.01)
    return cond()


def test_the_runner_clears_the_namespace_while_the_next_notebook_is_awaited(monkeypatch, tmp_path):
    monkeypatch.setattr(run_mod, "Kernel", _Fake)
    _Fake.events = []
    runner = run_mod.Runner("windoweval", tmp_path, 1)
    try:
        runner.run([_labelled("complaints")], more=True)           # more may follow: the annual section is computing
        assert runner.done.get(timeout=10)[0] == "complaints"
        # before the next notebook is handed over, the kernel has cleared what the first one left
        assert _wait(lambda: "reset" in _Fake.events), _Fake.events
        runner.run([_labelled("annual")], more=False)              # the last one: nothing follows it
        assert runner.done.get(timeout=10)[0] == "annual"
    finally:
        runner.close()
    assert _Fake.events == ["start", "run complaints", "reset", "run annual", "close"]


def test_a_kernel_reset_ahead_is_not_reset_again(tmp_path):
    k = run_mod.Kernel(ensure_kernel(), tmp_path, extra_arguments=KERNEL_ARGS, timeout=120)
    executed = []
    execute = k._execute

    def counted(nb):
        executed.append(nb.cells[0].source)
        return execute(nb)

    k._execute = counted
    try:
        k.start(warm_up="x = 'warm'")
        k.run(_nb("y = 1"))
        k.reset()
        k.reset()                          # nothing ran since: no second reset
        del executed[:]
        two = k.run(_nb("print(globals().get('y', 'reset'))"))
        k.run(_nb("z = 2"))                # not reset ahead: run() resets first, as before
    finally:
        k.close()
    assert [o.text for o in two.cells[0].outputs] == ["reset\n"]
    assert executed == ["print(globals().get('y', 'reset'))", "%reset -f", "z = 2"]
