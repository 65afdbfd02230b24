"""hostile49: crash safety of the tables ``review``, ``complaints``, ``promises`` and ``waiting`` write (``--out``).

Covered before: ``score`` (tests/test_audit19_crash.py, test_audit22_crash.py), ``records import``
(tests/test_atomic_crash.py, test_audit31_raw_crash.py), ``survey import`` (tests/test_audit25_crash.py), the report's
swap.  Not covered: the four evaluation commands' CSVs, which go in place as one group
(``windoweval.cli.complaints._write`` through :func:`windoweval.atomic.publishing_files`).  Here

* the group of each command, with its own table names, is killed (SIGKILL) at each step of its publication
  (``WINDOWEVAL_KILL_AT``, :data:`windoweval.atomic.FILE_STEPS`): after what the next run does at start-up
  (:func:`windoweval.atomic.recover_files`) the folder holds the former run's files or this run's, whole, and a file
  of another command in the same folder is untouched;
* the real ``windoweval review`` is killed at random instants while it replaces a former run's tables (2025) with
  another year's (2024): every state a reader finds is one of the two runs' complete files.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from windoweval import atomic

CLI = [sys.executable, "-m", "windoweval.cli"]

#: each command's group and the tables it writes (windoweval/cli/complaints.py: _write's calls)
GROUPS = {
    "review": ["supervision_record", "demonstration_review", "demonstration_review_criteria"],
    "complaints": ["timeliness", "callbacks", "satisfaction", "breakdown", "open", "repeats"],
    "promises": ["promise_fulfilment", "promise_fulfilment_by_window"],
    "waiting": ["waiting"],
}

CHILD = """
import sys
import pandas as pd
from windoweval.cli.complaints import _write
group, out, run = sys.argv[1], sys.argv[2], sys.argv[3]
names = sys.argv[4:]
_write(out, {n: pd.DataFrame({"run": [run] * 3, "table": [n] * 3, "i": range(3)}) for n in names}, group)
"""


def _env(kill_at=None):
    env = {k: v for k, v in os.environ.items() if k not in ("WINDOWEVAL_KILL_AT", "WINDOWEVAL_ATOMIC_NO_EXCHANGE")}
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    return env


def _state(out: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _child(group, out, run, kill_at=None):
    return subprocess.run([sys.executable, "-c", CHILD, group, str(out), run, *GROUPS[group]], env=_env(kill_at),
                          capture_output=True, text=True, timeout=300)


#: every step for ``review``'s group; the others (the same publication, other names) at the step that moves half
KILLS = [("review", step) for step in atomic.FILE_STEPS] + \
    [(group, "files_half_moved") for group in GROUPS if group != "review"]


@pytest.mark.parametrize("group,step", KILLS)
def test_a_commands_tables_killed_at_each_step_are_one_runs(tmp_path, group, step):
    out = tmp_path / "out"
    r = _child(group, out, "former")
    assert r.returncode == 0, r.stderr[-2000:]
    (out / "other_command.csv").write_text("kept", encoding="utf-8")
    former = _state(out)
    r = _child(group, out, "new", kill_at=step)
    assert r.returncode == -signal.SIGKILL, (r.returncode, r.stderr[-2000:])
    if step == "files_staged":
        assert _state(out) == former            # nothing of this run in place before its journal
    atomic.recover_files(out)                   # the next run's start-up
    after_kill = _state(out)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert _child(group, out, "new").returncode == 0
    new = _state(out)                           # this run's files, whole (the next run writes the same)
    assert former != new and len(new) == len(GROUPS[group]) + 1 and new["other_command.csv"] == b"kept"
    assert after_kill in (former, new), step
    if step != "files_staged":
        assert after_kill == new                # the journal was written: the run is finished for it


def test_review_killed_at_random_instants_leaves_one_runs_tables(tmp_path):
    from windoweval.demo import ensure_demo

    data = tmp_path / "data"
    shutil.copytree(ensure_demo(), data, ignore=shutil.ignore_patterns(".*"))
    out = tmp_path / "out"

    def review(year, **kw):
        return [*CLI, "review", "--year", year, "--data", str(data), "--out", str(out)]

    t0 = time.monotonic()
    r = subprocess.run(review("2025"), env=_env(), capture_output=True, text=True, timeout=900)
    took = time.monotonic() - t0
    assert r.returncode == 0, r.stderr[-2000:]
    former = _state(out)
    assert sorted(former) == sorted(f"{n}.csv" for n in GROUPS["review"])
    seen, rng = [], random.Random(49)
    for _ in range(2):
        p = subprocess.Popen(review("2024"), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.1) * took)
        p.send_signal(signal.SIGKILL)
        p.wait()
        atomic.recover_files(out)
        seen.append(_state(out))
    r = subprocess.run(review("2024"), env=_env(), capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    new = _state(out)
    assert new != former
    for s in seen:
        assert s in (former, new), sorted(s)
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
