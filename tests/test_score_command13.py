"""The ``score`` command, thirteenth round (issue 14): Arrow's pool chosen before pyarrow loads by every way in,
and the pieces of the read that also puts the missed records aside.

* ``python -m windoweval.cli score`` chose jemalloc only after pyarrow had loaded (``cli._arrow_pool``), which reaches
  pyarrow's own calls and not the Parquet scan's or the compute kernels' (benchmarks/README.md, eleventh and twelfth
  rounds); now it sets ``ARROW_DEFAULT_MEMORY_POOL`` before, as the console script does.  Seen from inside the
  child: a watcher on its import system notes the variable at the moment pyarrow is first imported.
* While the missed records are put aside (``keep_missed``), the pieces hold every column: they are half the
  scoring pieces (``engine.run.KEPT_PIECE_SHARE``), for the command's peak; the scorecard and the records put aside
  do not depend on it.
"""
from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from _workspace import run_cli
from windoweval.scoring import score

#: put first on the child's path: notes ARROW_DEFAULT_MEMORY_POOL when pyarrow is first imported, and at the exit
#: (the interpreter's, or ``os._exit``: ``score`` ends at once) Arrow's default pool as pyarrow reports it, in the
#: file $C13_POOL_OUT
_SITECUSTOMIZE = '''
import atexit, json, os, sys
_seen = {}

class _Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "pyarrow" and "at_import" not in _seen:
            _seen["at_import"] = os.environ.get("ARROW_DEFAULT_MEMORY_POOL")
        return None

sys.meta_path.insert(0, _Watch())

def _say():
    if "pyarrow" in sys.modules:
        import pyarrow as pa
        _seen["pool"] = pa.default_memory_pool().backend_name
    with open(os.environ["C13_POOL_OUT"], "w") as f:
        json.dump(_seen, f)

atexit.register(_say)
_end = os._exit   # `windoweval score` ends its process at once (session 20): said there too


def _exit(code):
    _say()
    _end(code)


os._exit = _exit
'''


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except (NotImplementedError, pa.ArrowException):
        return False
    return True


def _pools(tmp_path, module: str, *args, **env) -> tuple[int, dict]:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    out = tmp_path / "pool.json"
    out.unlink(missing_ok=True)   # an earlier child's, never read as this one's
    run = run_cli(*args, cwd=tmp_path, module=module, path=[site],
                  env={"C13_POOL_OUT": str(out), "ARROW_DEFAULT_MEMORY_POOL": None} | env)
    assert out.exists(), run.stderr
    return run.returncode, json.loads(out.read_text(encoding="utf-8"))


def _score_args(tmp_path):
    # a folder without records: refused (exit 3), after the command line is read and pyarrow imported
    return ["-q", "score", "--standard", "power_window", "--year", "2025", "--data", str(tmp_path / "none"),
            "--out", str(tmp_path / "out")]


@pytest.mark.skipif(not _has_jemalloc(), reason="a pyarrow built without jemalloc")
@pytest.mark.parametrize("module", ["windoweval.cli", "windoweval"])
def test_score_chooses_jemalloc_before_pyarrow_loads(tmp_path, module):
    code, seen = _pools(tmp_path, module, *_score_args(tmp_path))
    assert code == 3
    assert seen == {"at_import": "jemalloc", "pool": "jemalloc"}


@pytest.mark.parametrize("module", ["windoweval.cli", "windoweval"])
def test_another_command_and_the_users_pool_are_kept(tmp_path, module):
    code, seen = _pools(tmp_path, module, "standards", "show", "power_window.10.2.6")
    assert code == 0
    assert seen.get("at_import") is None      # Arrow's own default for a command not in pools.POOLS
    code, seen = _pools(tmp_path, module, *_score_args(tmp_path), ARROW_DEFAULT_MEMORY_POOL="system")
    assert code == 3
    assert seen == {"at_import": "system", "pool": "system"}


def test_the_kept_pieces_are_half_the_scoring_pieces(work_orders_store, monkeypatch):
    import windoweval.engine.run as run
    import windoweval.records.store as store

    monkeypatch.setattr(run, "PIECE_ROWS", 600)
    sizes = []
    real = store.iter_validated

    def spy(*a, **k):
        if "batch_rows" in k:
            sizes.append(k["batch_rows"])
        return real(*a, **k)

    monkeypatch.setattr(store, "iter_validated", spy)
    plain = score("power_window", 2025, data=work_orders_store)
    assert sizes == [600]
    kept = score("power_window", 2025, data=work_orders_store, keep_missed=True)
    assert sizes == [600, 600 // run.KEPT_PIECE_SHARE] and run.KEPT_PIECE_SHARE > 1
    pd.testing.assert_frame_equal(plain.results, kept.results)
    pd.testing.assert_frame_equal(plain.windows, kept.windows)
