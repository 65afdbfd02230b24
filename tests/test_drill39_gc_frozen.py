"""``windoweval score`` scores with what its process imported kept out of the garbage collector's full collections
(``gc.freeze``): at 10 million work orders the collector spent ~0.3 s of CPU, half of it walking pandas', pyarrow's
and the catalog's objects again at every full collection (drill39).  Nothing else changes: the freeze is undone when
the command ends, and a process that froze objects itself keeps its own freeze."""
from __future__ import annotations

import argparse
import gc

import pytest

from windoweval.cli import scoring as cli_scoring
from windoweval.pools import gc_frozen


def _args():
    return argparse.Namespace(scheduler=None)


def test_score_runs_with_the_imports_frozen(monkeypatch):
    seen = []

    def fake(args, held):
        import sys
        seen.append((gc.get_freeze_count(), "windoweval.scoring" in sys.modules, "windoweval.exports" in sys.modules))
        return 0

    monkeypatch.setattr(cli_scoring, "_score", fake)
    if gc.get_freeze_count():
        pytest.skip("this test process froze objects itself")
    assert cli_scoring.cmd_score(_args()) == 0
    count, scoring_in, exports_in = seen[0]
    assert count > 10_000 and scoring_in and exports_in   # the modules it scores and writes with, frozen too
    assert gc.get_freeze_count() == 0                      # undone when the command ends


def test_undone_when_the_command_fails(monkeypatch):
    def boom(args, held):
        assert gc.get_freeze_count() > 0
        raise RuntimeError("x")

    monkeypatch.setattr(cli_scoring, "_score", boom)
    if gc.get_freeze_count():
        pytest.skip("this test process froze objects itself")
    try:
        cli_scoring.cmd_score(_args())
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0


def test_a_process_freeze_is_its_own(monkeypatch):
    calls = []
    real_freeze, real_unfreeze = gc.freeze, gc.unfreeze
    gc.freeze()
    try:
        monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
        monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
        with gc_frozen():
            assert gc.get_freeze_count() > 0
        assert calls == [] and gc.get_freeze_count() > 0    # neither frozen again nor undone: the process's own
    finally:
        monkeypatch.undo()
        assert gc.freeze is real_freeze and gc.unfreeze is real_unfreeze
        gc.unfreeze()
