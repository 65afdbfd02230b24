"""Crash safety (issue 11): a SIGKILL at any step of replacing a dataset or a report leaves a complete version.

A child process replaces a directory (version N -> N+1) and kills itself (SIGKILL) at one of the
injected points of :data:`windoweval.atomic.STEPS` (``WINDOWEVAL_KILL_AT``), in both ways the module
swaps: the one-call exchange (Linux ``renameat2``) and the journal (two renames).  The parent then
reads what a reader would see: with the exchange, the target is complete (old or new) at once; with
the journal, after :func:`windoweval.atomic.recover` (what the next run does at start-up).  Temporary
folders are 0700 and gone after the next run.  Further kills at random instants of a loop of swaps,
and of a real ``windoweval records import``, check the same.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from _corpus import roster_delivery
from windoweval import atomic

N_FILES = 12
CHILD = textwrap.dedent("""
    import importlib.util, json, os, sys
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("atomic", {path!r})   # the module alone: a fast start
    atomic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(atomic)
    replacing_dir = atomic.replacing_dir
    target, version, loop = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for v in range(version, version + loop):
        with replacing_dir(target) as tmp:
            for i in range({n}):
                (tmp / f"part-{{i:02d}}.txt").write_text(f"v{{v}}\\n" * 200)
            (tmp / "manifest.json").write_text(json.dumps({{"version": v, "files": {n}}}))
        print(v, flush=True)
""").format(n=N_FILES, path=atomic.__file__)

KILLS = {"injected": 0, "consistent": 0}


def _run(target: Path, version: int, kill_at: str | None, exchange: bool, loop: int = 1):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("WINDOWEVAL_KILL_AT", None)
    env.pop("WINDOWEVAL_ATOMIC_NO_EXCHANGE", None)
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    if not exchange:
        env["WINDOWEVAL_ATOMIC_NO_EXCHANGE"] = "1"
    return subprocess.run([sys.executable, "-c", CHILD, str(target), str(version), str(loop)], env=env,
                          capture_output=True, text=True, timeout=120)


def _version(target: Path) -> int | None:
    """The complete version in ``target``, or None when it is missing; fails on a half version."""
    if not target.exists():
        return None
    m = json.loads((target / "manifest.json").read_text())
    parts = sorted(target.glob("part-*.txt"))
    assert len(parts) == m["files"] == N_FILES, f"half a version: {len(parts)} files, manifest {m}"
    for p in parts:
        assert p.read_text() == f"v{m['version']}\n" * 200, f"{p.name} is not version {m['version']}"
    return m["version"]


def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != name)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "journal"])
@pytest.mark.parametrize("step", atomic.STEPS)
def test_kill_at_every_step_leaves_a_complete_version(tmp_path, step, exchange):
    target = tmp_path / "dataset"
    assert _run(target, 1, None, exchange).returncode == 0
    assert _version(target) == 1
    r = _run(target, 2, step, exchange)
    killed = r.returncode == -signal.SIGKILL
    KILLS["injected"] += killed
    if exchange:
        # one system call: a reader never finds the target missing or half, before any recovery
        assert _version(target) in (1, 2)
    atomic.recover(target)                         # what the next run does first
    seen = _version(target)
    assert seen in (1, 2), f"killed at {step}: target {'missing' if seen is None else seen}"
    if killed and step in ("temp_made", "temp_written", "before_swap", "journal_written", "target_moved_aside"):
        assert seen == 1, f"killed at {step} before the new version went in: must read the old one"
    if killed and step in ("exchanged", "old_half_removed", "old_removed", "new_in_place", "journal_removed"):
        assert seen == 2
    assert _leftovers(tmp_path, "dataset") == [], "the next run removes what the killed one left"
    KILLS["consistent"] += killed
    # and the next replacement works
    assert _run(target, 3, None, exchange).returncode == 0 and _version(target) == 3


def test_every_step_is_reached(tmp_path):
    """Each injected point kills in one mode or the other (no step name that is never reached)."""
    reached = set()
    for exchange in (True, False):
        for step in atomic.STEPS:
            target = tmp_path / f"d-{exchange}-{step}"
            _run(target, 1, None, exchange)
            if _run(target, 2, step, exchange).returncode == -signal.SIGKILL:
                reached.add(step)
    assert reached == set(atomic.STEPS)


def test_temporary_folder_is_private_while_written(tmp_path):
    target = tmp_path / "data"
    with atomic.replacing_dir(target) as tmp:
        assert tmp.stat().st_mode & 0o077 == 0
    assert target.stat().st_mode & 0o777 == 0o755
    t = atomic.make_temp_dir(tmp_path / "2025", "building")
    assert t.stat().st_mode & 0o777 == 0o700


def test_recover_restores_an_old_copy_left_by_a_former_release(tmp_path):
    old = tmp_path / ".data.old-999999999-123456"
    old.mkdir()
    (old / "x").write_text("old")
    atomic.recover(tmp_path / "data")
    assert (tmp_path / "data" / "x").read_text() == "old" and _leftovers(tmp_path, "data") == []


def test_recover_leaves_a_live_process_folder_alone(tmp_path):
    live = atomic.make_temp_dir(tmp_path / "data")
    atomic.recover(tmp_path / "data")
    assert live.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "journal"])
def test_kills_at_random_instants(tmp_path, exchange):
    """A loop of swaps killed at 12 random instants: after recovery a complete version is always there."""
    rng = random.Random(11)
    target = tmp_path / "dataset"
    assert _run(target, 1, None, exchange).returncode == 0
    version = 2
    env = {**os.environ}
    env.pop("WINDOWEVAL_KILL_AT", None)
    if exchange:
        env.pop("WINDOWEVAL_ATOMIC_NO_EXCHANGE", None)
    else:
        env["WINDOWEVAL_ATOMIC_NO_EXCHANGE"] = "1"
    for _ in range(12):
        p = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(version), "400"], env=env,
                             stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == str(version)   # the loop runs: kill it somewhere inside
        time.sleep(rng.uniform(0.0, 0.25))
        p.kill()
        p.wait()
        p.stdout.close()
        KILLS["injected"] += 1
        if exchange:
            assert _version(target) is not None
        atomic.recover(target)
        v = _version(target)
        assert v is not None and v >= version
        assert _leftovers(tmp_path, "dataset") == []
        KILLS["consistent"] += 1
        version = v + 1


@pytest.mark.parametrize("exchange, step", [(True, s) for s in ("temp_written", "before_swap", "exchanged",
                                                                  "old_half_removed", "done")]
                         + [(False, s) for s in ("journal_written", "target_moved_aside", "new_in_place")],
                         ids=lambda v: str(v))
def test_killed_records_import_leaves_the_store_readable(tmp_path, exchange, step):
    """The real command: ``windoweval records import`` killed at a step; the dataset reads whole (old or new).

    In the journal mode the next command's start-up (``cli._recover``) restores the dataset first.
    """
    import argparse

    from windoweval.cli import _recover

    import pyarrow.parquet as pq

    store = tmp_path / "store"
    def delivery(n):
        return roster_delivery(tmp_path, n)
    cmd = [sys.executable, "-m", "windoweval.cli", "records", "import", "staff_roster"]
    env = {k: v for k, v in os.environ.items() if k not in ("WINDOWEVAL_KILL_AT", "WINDOWEVAL_ATOMIC_NO_EXCHANGE")}
    if not exchange:
        env["WINDOWEVAL_ATOMIC_NO_EXCHANGE"] = "1"
    assert subprocess.run(cmd + [str(delivery(3)), "--data", str(store)], env=env, capture_output=True).returncode == 0
    r = subprocess.run(cmd + [str(delivery(5)), "--data", str(store)], env={**env, "WINDOWEVAL_KILL_AT": step},
                       capture_output=True)
    KILLS["injected"] += r.returncode == -signal.SIGKILL
    assert r.returncode in (0, -signal.SIGKILL)
    _recover(argparse.Namespace(data=str(store)))      # what the next windoweval command does first
    rows = pq.read_table(store / "staff_roster").num_rows
    assert rows in (3, 5)
    assert subprocess.run(cmd + [str(delivery(7)), "--data", str(store)], env=env,
                          capture_output=True).returncode == 0
    assert pq.read_table(store / "staff_roster").num_rows == 7
    assert sorted(p.name for p in store.iterdir() if p.name.startswith(".staff_roster")) == []
    KILLS["consistent"] += r.returncode == -signal.SIGKILL


def test_zz_report_figures(capsys):
    """Prints the figures for the issue's notes (kills injected / consistent)."""
    with capsys.disabled():
        print(f"\n[crash] kills injected: {KILLS['injected']}, consistent: {KILLS['consistent']}")
    assert KILLS["injected"] == KILLS["consistent"]
