"""``windoweval score`` ends its process at once when it is done (session 20): its files are in place by then, its
output flushed, the temporary folders of the missed records it put aside removed; the interpreter's teardown of
pandas, pyarrow and every frame the scorecard holds (~0.2 s at 10 million work orders) is spared, as ``windoweval
report`` spares it.  A caller of :func:`windoweval.cli.main` in its own process is never ended, and a scorecard's
folders are let go on asking (:meth:`windoweval.scoring.Scorecard.release`)."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from windoweval.cli import main
from windoweval.scoring import score

#: The program as the console script starts it, with an exit handler of its own that says when the interpreter ran
#: its teardown (never, when the process ends at once).
_PROGRAM = ("import atexit, sys; atexit.register(lambda: sys.stdout.write('TEARDOWN-RAN\\n')); "
            "sys.argv = ['windoweval', *sys.argv[1:]]; from windoweval.program import main; sys.exit(main())")


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def _run(tmp_path: Path, *argv: str) -> tuple[subprocess.CompletedProcess, Path]:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONIOENCODING": "utf-8"}
    got = subprocess.run([sys.executable, "-c", _PROGRAM, *argv], capture_output=True, text=True, env=env,
                         timeout=600)
    return got, tmp


def _folders(tmp: Path) -> list:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("windoweval-missed-"))


def test_the_command_ends_at_once_with_its_files_in_place(store, tmp_path):
    out = tmp_path / "out"
    got, tmp = _run(tmp_path, "score", "--standard", "power_window", "--year", "2025", "--data", str(store),
                    "--out", str(out))
    assert got.returncode == 0, got.stderr
    assert "TEARDOWN-RAN" not in got.stdout      # the process ended at once (before: the teardown ran)
    assert "已写入 / written" in got.stdout       # every line printed reached the pipe
    assert (out / "power_window_results.csv").is_file() and (out / "power_window_missed.parquet").is_file()
    assert _folders(tmp) == []                   # the missed records' temporary folders removed before the end


def test_a_refused_year_ends_at_once_with_its_exit_code(store, tmp_path):
    got, tmp = _run(tmp_path, "score", "--standard", "power_window", "--year", "2019", "--data", str(store),
                    "--out", str(tmp_path / "out"))
    assert got.returncode == 3, got.stderr       # README's table: input refused
    assert "2019" in got.stderr and "Traceback" not in got.stderr
    assert "TEARDOWN-RAN" not in got.stdout
    assert _folders(tmp) == []                   # scored, then refused: the folders it put aside removed


def test_with_a_scheduler_the_process_ends_as_usual(store, tmp_path):
    """A Dask cluster closes at the interpreter's exit: not ended at once (as ``windoweval report``)."""
    got, _ = _run(tmp_path, "score", "--standard", "power_window", "--year", "2025", "--data", str(store),
                  "--out", str(tmp_path / "out"), "--scheduler", "sync")
    assert got.returncode == 0, got.stderr
    assert "TEARDOWN-RAN" in got.stdout


def test_a_caller_in_its_own_process_is_not_ended(store, tmp_path):
    so = io.StringIO()
    with redirect_stdout(so), redirect_stderr(so):
        code = main(["score", "--standard", "power_window", "--year", "2025", "--data", str(store),
                     "--out", str(tmp_path / "out")])
    assert code == 0, so.getvalue()


def test_release_removes_the_folders_a_scorecard_put_aside(store):
    card = score("power_window", 2025, data=store, keep_missed=True)
    kept = [p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None]
    assert kept and all(k.dir is not None and Path(k.dir).is_dir() for k in kept)
    dirs = [k.dir for k in kept]
    card.release()
    assert not any(Path(d).exists() for d in dirs)
    card.release()   # twice: nothing more to do
    # the scorecard still answers: its drill-down reads the records again
    assert len(card.drilldown("power_window.10.2.5")) == int(
        card.results.query("measure == 'power_window.10.2.5'").eval("n - met").sum())


#: The libraries ``windoweval score`` never needs: the report's (plots, notebooks, templates), the survey's
#: statistics, Dask without ``--scheduler``.  Each costs the command's start 0.1-1 s when imported.
_HEAVY = ("plotly", "statsmodels", "scipy", "jinja2", "nbformat", "nbconvert", "nbclient", "jupyter_client",
          "papermill", "dask", "distributed", "openpyxl", "pyreadstat", "matplotlib", "duckdb")

_MODULES = ("import json, os, sys; sys.argv = ['windoweval', *sys.argv[1:]]\n"
            "def say(code):\n"
            "    heavy = sorted({m.split('.')[0] for m in sys.modules} & set(json.loads(os.environ['HEAVY'])))\n"
            "    print('HEAVY ' + json.dumps(heavy), flush=True)\n"
            "end = os._exit\n"
            "os._exit = lambda code: (say(code), end(code))\n"
            "from windoweval.program import main\n"
            "code = main(); say(code); sys.exit(code)\n")


def test_the_command_imports_none_of_the_reports_or_surveys_libraries(store, tmp_path):
    import json

    env = {**os.environ, "HEAVY": json.dumps(_HEAVY), "PYTHONIOENCODING": "utf-8"}
    got = subprocess.run([sys.executable, "-c", _MODULES, "score", "--standard", "power_window", "--year", "2025",
                          "--data", str(store), "--out", str(tmp_path / "out")], capture_output=True, text=True,
                         env=env, timeout=600)
    assert got.returncode == 0, got.stderr
    said = [line for line in got.stdout.splitlines() if line.startswith("HEAVY ")]
    assert said and json.loads(said[0][len("HEAVY "):]) == []
