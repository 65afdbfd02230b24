"""Crash safety of ``survey import`` at each of its steps (twenty-fifth audit).

``survey import`` had no ``WINDOWEVAL_KILL_AT`` point (``score``, ``records import`` and ``report`` are killed at each
of theirs: tests/test_audit19_crash.py, tests/test_atomic_crash.py, tests/test_audit22_crash.py); it was killed at
random instants only.  Its steps (:data:`windoweval.survey.store.SURVEY_STEPS`: staged, raw file moved in, folder
moved in, manifest written aside, manifest replaced) are now points of its own, and the real command is killed at
each: the store lists and reads the former surveys, or the new one too, whole; the next import succeeds and leaves
no temporary or unreferenced file behind.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from windoweval.survey.store import SURVEY_STEPS

CLI = [sys.executable, "-m", "windoweval.cli"]


def _env(kill_at=None):
    import os

    env = {k: v for k, v in os.environ.items() if k != "WINDOWEVAL_KILL_AT"}
    if kill_at:
        env["WINDOWEVAL_KILL_AT"] = kill_at
    return env


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory):
    from windoweval.demo import survey as demo

    d = tmp_path_factory.mktemp("deliveries")
    demo.generate_delivery("power_hall", 2024, ["PW01", "PW02"], n_per_window=10).to_csv(d / "first.csv", index=False)
    new = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=20)
    new.to_csv(d / "new.csv", index=False)
    return d, len(new)


def _left_behind(store):
    """Temporary entries, and raw files or import folders the manifest does not name."""
    from windoweval.survey.store import store_root

    store = store_root(store)
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    named = {r[k] for s in manifest["surveys"].values() for r in s["deliveries"] for k in ("raw", "dir")}
    tmp = [p.name for p in store.glob(".tmp-*")]
    files = [p.relative_to(store).as_posix() for p in [*store.glob("raw/*"), *store.glob("imports/*/*")]]
    return tmp + [f for f in files if f not in named]


@pytest.mark.parametrize("step", SURVEY_STEPS)
def test_survey_import_killed_at_each_step(step, deliveries, tmp_path):
    from windoweval.survey import store as S

    d, n_new = deliveries
    store = tmp_path / "store"
    cmd = CLI + ["survey", "import", "--instrument", "power_hall", "--store", str(store)]
    r = subprocess.run(cmd + [str(d / "first.csv"), "--year", "2024"], env=_env(), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    before = S.list_surveys(store_dir=store)["survey"].tolist()
    r = subprocess.run(cmd + [str(d / "new.csv"), "--year", "2025"], env=_env(step), capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == -signal.SIGKILL, (step, r.stderr[-2000:])
    now = S.list_surveys(store_dir=store)["survey"].tolist()
    assert now == (before + ["power_hall_2025"] if step == "survey_committed" else before), (step, now)
    for s in now:
        assert len(S.load_responses(s, store_dir=store)) > 0
    r = subprocess.run(cmd + [str(d / "new.csv"), "--year", "2025"], env=_env(), capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert len(S.load_responses("power_hall_2025", store_dir=store)) == n_new
    assert _left_behind(store) == [], step
