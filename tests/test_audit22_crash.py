"""Crash safety, round six (twenty-second audit).

* ``windoweval score`` killed half-way through putting its files in place (``WINDOWEVAL_KILL_AT=files_half_moved``)
  left this run's CSV beside the former run's Parquet until the next run finished the journal, and
  :func:`windoweval.exports.read_missed` read the former Parquet: a reader now reads one complete generation, as
  the journal has it (:func:`windoweval.atomic.published`), without writing anything.
* ``records import`` and ``survey import`` killed at random instants, and ``report``'s publication killed at each
  of its steps (fault injection at each write and rename of the swap): the former complete state or the new one,
  and the next run succeeds.
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

import pandas as pd
import pytest

from windoweval import atomic
from windoweval.exports import read_missed, write_missed

CLI = [sys.executable, "-m", "windoweval.cli"]


def _env(kill_at=None, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("WINDOWEVAL_KILL_AT", "WINDOWEVAL_ATOMIC_NO_EXCHANGE")}
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    env.update(extra)
    return env


# ---------------------------------------------------------------- read_missed reads one generation

def _two_generations(tmp_path: Path):
    """A folder holding the former run's missed records (with repeats) and a run killed half-way through publishing
    this run's (its first file moved, the others still staged)."""
    out = tmp_path / "out"
    out.mkdir()
    former = pd.DataFrame({"order_id": ["A1", "A2"], "measure": "m"})
    new = pd.DataFrame({"order_id": ["B1", "B2", "B3"], "measure": "m"})
    with atomic.publishing_files(out, "score-x", r"x_missed(?:_repeats)?(?:_README)?\.(?:csv|parquet|md)") as s:
        write_missed([former], s, "x")
    return out, former, new


def test_read_missed_during_a_half_moved_publication_reads_the_new_generation(tmp_path, monkeypatch):
    out, former, new = _two_generations(tmp_path)
    # a run killed after moving its first file (x_missed.csv, sorted first) and before the Parquet file
    code = ("import sys, pandas as pd\n"
            "from windoweval import atomic\n"
            "from windoweval.exports import write_missed\n"
            "with atomic.publishing_files(sys.argv[1], 'score-x', "
            "r'x_missed(?:_repeats)?(?:_README)?\\.(?:csv|parquet|md)') as s:\n"
            "    write_missed([pd.DataFrame({'order_id': ['B1', 'B2', 'B3'], 'measure': 'm'})], s, 'x')\n")
    r = subprocess.run([sys.executable, "-c", code, str(out)], env=_env("files_half_moved"),
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    assert pd.read_csv(out / "x_missed.csv")["order_id"].tolist()[:3] == ["B1", "B2", "B3"]   # the new CSV
    assert pd.read_parquet(out / "x_missed.parquet")["order_id"].tolist() == ["A1", "A2"]     # beside the old
    before = sorted(p.name for p in out.iterdir())
    assert read_missed(out, "x")["order_id"].tolist() == ["B1", "B2", "B3"]    # one generation: the new one
    assert sorted(p.name for p in out.iterdir()) == before                      # and nothing written
    atomic.recover_files(out)                                                   # what the next run does
    assert read_missed(out, "x")["order_id"].tolist() == ["B1", "B2", "B3"]


def test_a_former_runs_file_the_journal_removes_is_read_as_absent(tmp_path):
    """The former run wrote repeats; this run, killed half-way, wrote none: its rows are read without them."""
    out = tmp_path / "out"
    out.mkdir()
    stage = out / ".score-x.files-999999999-s"
    stage.mkdir()
    write_missed([pd.DataFrame({"order_id": ["B1"], "measure": "m"})], stage, "x")
    pd.DataFrame({"row": [0]}).to_parquet(out / "x_missed_repeats.parquet")   # the former run's (unreadable now)
    names = sorted(p.name for p in stage.iterdir())
    (out / ".score-x.files-journal").write_text(
        '{"stage": "%s", "files": %s, "pattern": "x_missed(?:_repeats)?(?:_README)?\\\\.(?:csv|parquet|md)"}'
        % (stage.name, str(names).replace("'", '"')), encoding="utf-8")
    assert read_missed(out, "x")["order_id"].tolist() == ["B1"]


def test_score_killed_half_moved_then_read_missed(tmp_path):
    """The reviewer's reproduction on the real command."""
    from windoweval.demo import tiny_data_dir

    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(tiny_data_dir(), data)
    cmd = CLI + ["score", "--year", "2025", "--data", str(data), "--out", str(out)]
    assert subprocess.run(cmd, env=_env(), capture_output=True, timeout=900).returncode == 0
    former = read_missed(out, "all")
    wo = data / "work_orders.csv"
    wo.write_text(wo.read_text(encoding="utf-8-sig").replace("2025-06-01 18:20", "2025-06-01 22:00"), encoding="utf-8")
    r = subprocess.run(cmd, env=_env("files_half_moved"), capture_output=True, text=True, timeout=900)
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    half = read_missed(out, "all")
    assert subprocess.run(cmd, env=_env(), capture_output=True, timeout=900).returncode == 0
    new = read_missed(out, "all")
    assert not former.equals(new)
    pd.testing.assert_frame_equal(half, new)
