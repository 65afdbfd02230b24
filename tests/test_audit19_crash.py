"""Crash safety of ``windoweval score``'s files (eighth audit): a kill at any instruction leaves one run's files.

``score`` wrote its files one after another into the output folder (scorecards, missed records as Parquet and
CSV, unscored records, records to review), each in place: a run killed between two of them left this run's
scorecards beside the former run's missed records (a mixture nobody can tell), and one killed inside a write left
half a CSV.  A file the former run wrote and this one did not (no missed records any more) stayed, too.  They are
now written aside and put in place as one group (:func:`windoweval.atomic.publishing_files`): the run is killed
(SIGKILL) at each step of that (``WINDOWEVAL_KILL_AT``) and at random instants; after what the next run does at
start-up, the folder holds the former run's files or this run's, whole, and the next run succeeds.

Already covered elsewhere: ``records import`` (tests/test_atomic_crash.py: the real command killed at each step of
its swap), the swap itself killed at random instants (same file), ``survey import`` killed between moving its files
and its manifest (tests/test_survey_store.py).  ``report`` swaps its folder with the same ``replacing_dir``; the
real build killed at random instants is not run here (a build takes minutes).
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

import pyarrow.parquet as pq
import pytest

from windoweval import atomic

CMD = [sys.executable, "-m", "windoweval.cli", "score"]


def _env(kill_at=None):
    env = {k: v for k, v in os.environ.items() if k not in ("WINDOWEVAL_KILL_AT", "WINDOWEVAL_ATOMIC_NO_EXCHANGE")}
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    return env


def _state(out: Path) -> dict:
    """The group's files in ``out`` (``all_*``): name -> bytes (a CSV, a README) or rows (a Parquet file)."""
    got = {}
    for p in sorted(out.iterdir()):
        if p.name.startswith("all_") and p.is_file():
            got[p.name] = pq.read_table(p).to_pylist() if p.suffix == ".parquet" else p.read_bytes()
    return got


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The two runs' complete files, each run to its end: the former on the records as they were ("2025"), this run
    on the records corrected (a repair reached in 20 minutes now reached in 4 hours: "2024")."""
    from windoweval.demo import tiny_data_dir

    root = tmp_path_factory.mktemp("score")
    former, data = root / "former", root / "data"
    shutil.copytree(tiny_data_dir(), former)
    shutil.copytree(tiny_data_dir(), data)
    wo = data / "work_orders.csv"
    wo.write_text(wo.read_text(encoding="utf-8-sig").replace("2025-06-01 18:20", "2025-06-01 22:00"), encoding="utf-8")
    done = {}
    for key, d in (("2025", former), ("2024", data)):
        out = root / f"out{key}"
        r = subprocess.run(CMD + ["--year", "2025", "--data", str(d), "--out", str(out)], env=_env(),
                           capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, r.stderr[-2000:]
        done[key] = _state(out)
    assert done["2025"] != done["2024"] and "all_results.csv" in done["2024"]
    return root, data, done


def _former(root: Path, name: str) -> Path:
    out = root / name
    shutil.copytree(root / "out2025", out)
    return out


@pytest.mark.parametrize("step", atomic.FILE_STEPS)
def test_score_killed_at_each_step_leaves_one_runs_files(runs, step):
    root, data, done = runs
    out = _former(root, f"kill-{step}")
    r = subprocess.run(CMD + ["--year", "2025", "--data", str(data), "--out", str(out)], env=_env(step),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == -signal.SIGKILL, r.stderr[-2000:]
    if step in ("files_staged", "files_journal_written"):
        assert _state(out) == done["2025"]          # nothing of this run is in place yet
    atomic.recover_files(out)                        # what the next run does at start-up
    assert _state(out) in (done["2025"], done["2024"]), step
    if step != "files_staged":
        assert _state(out) == done["2024"]          # the journal was written: the run is finished for it
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    r = subprocess.run(CMD + ["--year", "2025", "--data", str(data), "--out", str(out)], env=_env(),
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0 and _state(out) == done["2024"]


def test_score_killed_at_random_instants_leaves_one_runs_files(runs):
    root, data, done = runs
    rng = random.Random(19)
    out = _former(root, "kill-random")
    for _ in range(3):
        p = subprocess.Popen(CMD + ["--year", "2025", "--data", str(data), "--out", str(out)], env=_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 6.0))
        p.send_signal(signal.SIGKILL)
        p.wait()
        atomic.recover_files(out)
        assert _state(out) in (done["2025"], done["2024"])


def test_files_a_former_run_wrote_and_this_one_did_not_are_gone(tmp_path):
    """Without a kill too: a former run's missed records do not stay beside scorecards that have none."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "all_missed.csv").write_text("former")
    (out / "all_missed_README.md").write_text("former")
    (out / "power_window_results.csv").write_text("another standard's")
    with atomic.publishing_files(out, "score-all", r"all_(?:results|windows|missed(?:_README)?)\.(?:csv|md)") as s:
        (s / "all_results.csv").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == ["all_results.csv", "power_window_results.csv"]


def test_an_error_while_writing_leaves_the_former_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "all_results.csv").write_text("former")
    with pytest.raises(RuntimeError), atomic.publishing_files(out, "score-all", r"all_.*\.csv") as s:
        (s / "all_results.csv").write_text("half")
        raise RuntimeError("disk full")
    assert [(p.name, p.read_text()) for p in out.iterdir()] == [("all_results.csv", "former")]
