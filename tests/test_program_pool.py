"""The ``windoweval`` program chooses Arrow's default memory pool before pyarrow loads (windoweval.program).

Arrow's C++ readers allocate from the default pool chosen when pyarrow is imported; ``pyarrow.set_memory_pool``
after that import reaches only pyarrow's own calls.  So ``import windoweval`` imports neither pandas nor pyarrow
(the public API on first use, PEP 562), and the console script sets ``ARROW_DEFAULT_MEMORY_POOL`` for ``score``
before it imports the command line, unless the user set it.  Each check runs in its own process.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pyarrow as pa
import pytest

#: run as the console script runs (``windoweval = "windoweval.program:main"``), then say the process's pool
#: (``score`` ends its process at once when done, ``os._exit``: the pool is said there too, session 20)
_PROGRAM = """
import json, os, sys
sys.argv = ["windoweval"] + json.loads(sys.argv[1])

def say(code):
    import pyarrow as pa
    print(json.dumps([code, pa.default_memory_pool().backend_name]), flush=True)

end = os._exit
os._exit = lambda code: (say(code), end(code))
from windoweval.program import main
say(main())
"""


def _program(argv: list[str], **env) -> tuple[int, str]:
    environ = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"} | env
    run = subprocess.run([sys.executable, "-c", _PROGRAM, json.dumps(argv)], capture_output=True, text=True,
                         env=environ, timeout=300)
    assert run.stdout.strip(), run.stderr
    code, pool = json.loads(run.stdout.strip().splitlines()[-1])
    return code, pool


def _has(pool: str) -> bool:
    try:
        getattr(pa, f"{pool}_memory_pool")()
    except (NotImplementedError, pa.ArrowException):
        return False
    return True


@pytest.mark.skipif(not _has("jemalloc"), reason="a pyarrow built without jemalloc")
def test_score_starts_with_jemalloc_as_arrows_default_pool(tmp_path):
    # a folder without records: refused (exit 3), yet the process has its pool by then
    code, pool = _program(["-q", "score", "--standard", "power_window", "--year", "2025",
                           "--data", str(tmp_path / "none"), "--out", str(tmp_path / "out")])
    assert code == 3
    assert pool == "jemalloc"


def test_another_command_keeps_arrows_default_pool():
    code, pool = _program(["standards", "show", "power_window.10.2.6"])
    assert code == 0
    assert pool == pa.default_memory_pool().backend_name   # this process's: the environment's choice or Arrow's


@pytest.mark.skipif(not _has("system"), reason="no system pool")
def test_the_users_own_pool_is_kept(tmp_path):
    code, pool = _program(["-q", "score", "--year", "2025", "--data", str(tmp_path / "none"),
                           "--out", str(tmp_path / "out")], ARROW_DEFAULT_MEMORY_POOL="system")
    assert (code, pool) == (3, "system")


def test_import_windoweval_imports_neither_pandas_nor_pyarrow():
    code = ("import sys, windoweval; print(sorted(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules)); "
            "import windoweval.program; print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:2] == ["[]", "[]"]


def test_the_public_api_is_there_on_first_use():
    code = ("import windoweval as we\n"
            "names = set(we.__all__)\n"
            "assert names <= set(dir(we)), names - set(dir(we))\n"
            "from windoweval.scoring import Scorecard\n"
            "assert we.Scorecard is Scorecard\n"
            "assert we.score.__wrapped__.__module__ == 'windoweval.evaluation'\n"
            "assert all(callable(getattr(we, n)) or n == 'KERNELS' for n in names)\n"
            "import windoweval.records.store\n"
            "from windoweval import *\n"
            "assert callable(import_records) and we.records.store.import_records is not None\n"
            "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


def test_an_unknown_name_is_an_attribute_error():
    import windoweval

    with pytest.raises(AttributeError):
        windoweval.no_such_name
