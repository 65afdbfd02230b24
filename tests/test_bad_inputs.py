"""The bad-input corpus (issues 10 and 11): every case through the real command line, none ends in a traceback.

One folder per case, ``tests/bad_inputs/<area>/<case>/case.yaml`` plus the input files beside it::

    args: [records, check, --data, "{case}"]     # argv after `windoweval`; {case} = a temp copy of the case folder
    exit: 3                                        # expected exit code (README table)
    stderr_contains: ["行", "row"]                 # fragments expected in stdout+stderr
    note: what is wrong with this input
    absent: [pwned]                                # optional: files that must not exist afterwards (in {case})

Each case runs ``python -m windoweval.cli *args`` in a subprocess, in a temporary copy of its folder
(also the working directory; a case names its --out, --store or --data inside {case}, so nothing touches the project's
own data or reports).  A case fails on a traceback or exit 5, on another exit code than the one it
expects, on a missing fragment, or on a file it says must not appear.  ``test_zz_figures`` prints the
figures for the issue (tried / refused clearly).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.parent for p in ROOT.glob("*/*/case.yaml"))
FIGURES = {"tried": 0, "clear": 0, "by_area": {}}


def _load(case: Path) -> dict:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    assert isinstance(spec, dict) and isinstance(spec.get("args"), list) and "exit" in spec, \
        f"{case}/case.yaml: needs args (a list) and exit"
    assert spec.get("note"), f"{case}/case.yaml: say what is wrong with this input (note)"
    return spec


def test_corpus_is_there():
    assert len(CASES) >= 30, f"{len(CASES)} cases"
    for case in CASES:
        _load(case)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.name}" for c in CASES])
def test_bad_input(case, tmp_path):
    spec = _load(case)
    work = tmp_path / case.name
    shutil.copytree(case, work)
    args = [str(a).replace("{case}", str(work)) for a in spec["args"]]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    env.pop("WINDOWEVAL_KILL_AT", None)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[1]), env.get("PYTHONPATH", "")])
    p = subprocess.run([sys.executable, "-m", "windoweval.cli", *args], cwd=work, env=env, capture_output=True,
                       text=True, errors="replace", timeout=int(spec.get("timeout", 300)), stdin=subprocess.DEVNULL)
    out = p.stdout + p.stderr
    area = case.parent.name
    FIGURES["tried"] += 1
    FIGURES["by_area"].setdefault(area, [0, 0])[0] += 1
    where = f"{area}/{case.name} ({spec['note']}): windoweval {' '.join(args)}\n--- output ---\n{out[-3000:]}"
    assert "Traceback (most recent call last)" not in out, "a traceback: " + where
    assert p.returncode != 5, "exit 5 (internal error): " + where
    assert p.returncode == spec["exit"], f"exit {p.returncode}, expected {spec['exit']}: " + where
    missing = [f for f in spec.get("stderr_contains") or [] if str(f).replace("{case}", str(work)) not in out]
    assert not missing, f"missing {missing}: " + where
    present = [f for f in spec.get("absent") or [] if (work / f).exists()]
    assert not present, f"{present} must not exist: " + where
    FIGURES["clear"] += 1
    FIGURES["by_area"][area][1] += 1


def test_zz_figures(capsys):
    with capsys.disabled():
        areas = ", ".join(f"{a} {t}/{c}" for a, (t, c) in sorted(FIGURES["by_area"].items()))
        print(f"\n[bad inputs] tried: {FIGURES['tried']}, refused clearly: {FIGURES['clear']} ({areas})")
