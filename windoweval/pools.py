"""Arrow's memory pool for the ``windoweval`` program's process, chosen before pyarrow loads.

Arrow's C++ code (the Parquet scan, the compute kernels, the CSV reader) allocates from Arrow's *default* pool,
which Arrow chooses once, when pyarrow is first imported, from ``ARROW_DEFAULT_MEMORY_POOL``; setting a pool
later (``pyarrow.set_memory_pool``) changes only what pyarrow's own Python calls are given.  This module imports
nothing but the standard library, so that each entry point of the program can call :func:`choose_pool` before
anything imports pandas or pyarrow: the console script (:mod:`windoweval.program`, ``python -m windoweval``) and
``python -m windoweval.cli`` (at the top of :mod:`windoweval.cli`, which Python imports before its ``__main__``).
A pool the user chose in the environment is kept; a caller of :func:`windoweval.cli.main` in its own process is
never touched.
"""
from __future__ import annotations

import contextlib
import os
import sys

#: The Arrow pool each command's process starts with (``ARROW_DEFAULT_MEMORY_POOL``); a command not listed keeps
#: Arrow's default.  ``score`` reads a store piece by piece and frees the same sizes of buffers piece after piece:
#: with jemalloc as the default pool from the start its peak at 10 million work orders is ~0.85x of the peak with
#: the default pool (mimalloc) or with jemalloc set only after pyarrow loads (benchmarks/README.md, twelfth round).
POOLS = {"score": "jemalloc"}

#: The global options that come before the command (``windoweval -q -v score …``), none taking a value.
_GLOBAL_FLAGS = ("-q", "--quiet", "-v", "--verbose", "-vv", "-vvv", "--version", "-h", "--help")


def command_of(argv: list[str]) -> str | None:
    """The command a command line names (its first word after the global options), None when it names none.

    Examples
    --------
    >>> command_of(["-q", "score", "--standard", "power_window", "--year", "2025"])
    'score'
    >>> command_of(["--version"]) is None
    True
    """
    for a in argv:
        if a in _GLOBAL_FLAGS or (a.startswith("-v") and set(a[1:]) == {"v"}):
            continue
        return None if a.startswith("-") else a
    return None


def arrow_pool(argv: list[str], environ=None, platform: str | None = None) -> str | None:
    """The Arrow memory pool the program's process starts with for ``argv`` (:data:`POOLS`), None for Arrow's own
    default; a pool set in ``environ`` (``ARROW_DEFAULT_MEMORY_POOL``, the user's) is kept as it is.  Only on Linux
    (``platform``, ``sys.platform`` by default): pyarrow's wheels for Windows and macOS are built without jemalloc,
    and Arrow would print a warning for a pool it lacks.

    Examples
    --------
    >>> arrow_pool(["score", "--year", "2025"], environ={}, platform="linux")
    'jemalloc'
    >>> arrow_pool(["score", "--year", "2025"], environ={"ARROW_DEFAULT_MEMORY_POOL": "system"})
    'system'
    >>> arrow_pool(["records", "check"], environ={}) is None
    True
    >>> arrow_pool(["score", "--year", "2025"], environ={}, platform="win32") is None
    True
    """
    environ = os.environ if environ is None else environ
    if environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return environ["ARROW_DEFAULT_MEMORY_POOL"]
    if not (sys.platform if platform is None else platform).startswith("linux"):
        return None
    return POOLS.get(command_of(argv) or "")


def choose_pool(argv: list[str], environ=None) -> str | None:
    """Set ``ARROW_DEFAULT_MEMORY_POOL`` in ``environ`` (``os.environ`` by default) to the pool
    :func:`arrow_pool` gives for the command line ``argv`` (without the program's name), if pyarrow is not loaded
    yet (once it is, its default pool is chosen: nothing to set).  Returns the pool set, or None.

    Examples
    --------
    >>> user = {"ARROW_DEFAULT_MEMORY_POOL": "system"}      # the user's choice is kept as it is
    >>> choose_pool(["score", "--year", "2025"], environ=user), user["ARROW_DEFAULT_MEMORY_POOL"]
    (None, 'system')
    >>> choose_pool(["records", "check"], environ={}) is None   # a command not in POOLS: Arrow's own default
    True
    """
    environ = os.environ if environ is None else environ
    if "pyarrow" in sys.modules:
        return None
    pool = arrow_pool(argv, environ)
    if pool and environ.get("ARROW_DEFAULT_MEMORY_POOL") != pool:
        environ["ARROW_DEFAULT_MEMORY_POOL"] = pool
        return pool
    return None


@contextlib.contextmanager
def gc_frozen():
    """The objects alive on entry kept out of the cyclic garbage collector's sight until the exit (``gc.freeze``,
    then ``gc.unfreeze``), for a command's own work: the libraries it imported (pandas, pyarrow, numpy, pydantic, the
    catalog: hundreds of thousands of objects) are walked by every full collection, and scoring's pandas work
    triggers several (``windoweval score`` at 10 million work orders: ~0.3 s of the collector's CPU, half of it
    walking them; drill39).  Objects are still freed by reference counting as ever; only a reference cycle among the
    frozen ones waits for the exit.  Left as it is when the process froze objects itself (its freeze is its own to
    undo).  The report's build (:func:`windoweval.report.build.build`) and ``windoweval score`` both run inside it.

    Examples
    --------
    >>> import gc
    >>> with gc_frozen():
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    import gc

    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def on_two_threads(mine, other, name: str = "windoweval-other"):
    """``other()`` on a thread of its own while the caller runs ``mine()``: ``(mine's result, other's result)``, both
    done on return, and what either raised raised here (the caller's first).  For work that leaves the interpreter
    (Arrow's and numpy's kernels), so that the second core works beside the first.

    Examples
    --------
    >>> on_two_threads(lambda: sum(range(10)), lambda: max(range(10)))
    (45, 9)
    """
    import threading

    box: dict = {}

    def run():
        try:
            box["got"] = other()
        except BaseException as e:   # noqa: BLE001 - raised below, on the caller's thread
            box["err"] = e

    t = threading.Thread(target=run, name=name, daemon=True)
    t.start()
    try:
        got = mine()
    finally:
        t.join()
    if "err" in box:
        raise box["err"]
    return got, box["got"]
