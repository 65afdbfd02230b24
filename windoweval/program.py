"""The ``windoweval`` program as the console script starts it: Arrow's memory pool chosen, then the command line.

Arrow's C++ code (the Parquet scan, the compute kernels, the CSV reader) allocates from Arrow's *default* pool,
which Arrow chooses once, when pyarrow is first imported, from ``ARROW_DEFAULT_MEMORY_POOL``; setting a pool
later (``pyarrow.set_memory_pool``) changes only what pyarrow's own Python calls are given.  This module imports
neither pandas nor pyarrow (nor does ``import windoweval``: its API is imported on first use), so that it can set
the variable for a command that asks for it (:data:`POOLS`, :mod:`windoweval.pools`) before :mod:`windoweval.cli`
imports them.  A pool the user chose in the environment is kept; a caller of :func:`windoweval.cli.main` in its own
process is never touched.  ``python -m windoweval.cli`` chooses it the same way (at the top of
:mod:`windoweval.cli`).
"""
from __future__ import annotations

import sys

from .pools import POOLS, arrow_pool, choose_pool, command_of  # noqa: F401  (the program's names, as before)


def main() -> int:
    """The console script ``windoweval``: the process's Arrow pool set in its environment (:func:`arrow_pool`),
    then :func:`windoweval.cli.main` on ``sys.argv``; returns its exit code.

    Examples
    --------
    >>> import subprocess, sys
    >>> run = subprocess.run([sys.executable, "-m", "windoweval", "--version"], capture_output=True, text=True)
    >>> run.returncode, run.stdout.split()[0]
    (0, 'windoweval')
    """
    choose_pool(sys.argv[1:])    # once pyarrow is loaded its default pool is chosen: nothing is set then
    from .cli import main as cli_main

    return cli_main()
