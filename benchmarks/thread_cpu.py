"""Where the ``score`` command's CPU goes: each chosen function's thread CPU (``time.thread_time``, inclusive, summed
over its calls and threads), its calls and its wall time, and the process's user and system CPU.

Run by hand, never in the test suite (score46)::

    python benchmarks/thread_cpu.py score --standard power_window --year 2025 --data STORE --out DIR
    python benchmarks/thread_cpu.py --call STORE          # the in-process score() call, for its side

Thread CPU is what a busy machine stretches least (wall time on two cores shared with other work is not), so two
versions are compared by it, run after run, alternating.  The functions are wrapped before the program starts, so
the process's peak here is not the bench's (``bench_commands.py score``): compare peaks there.
"""
from __future__ import annotations

import collections
import functools
import importlib
import os
import resource
import sys
import threading
import time

#: (module, function or Class.method) measured.
TARGETS = [
    ("windoweval.engine.frame", "evaluate_frame"),
    ("windoweval.engine.pieces", "from_store_pieces"),
    ("windoweval.engine.pieces", "_gather_piece"),
    ("windoweval.engine.missed_pass", "_drill_arrow"),
    ("windoweval.engine.missed_pass", "_records_arrow"),
    ("windoweval.engine.missed_pass", "_masked_but"),
    ("windoweval.engine.missed_pass", "_repeats"),
    ("windoweval.engine.missed_pass", "_read_ipc"),
    ("windoweval.engine.missed_pass", "SharedPass.put"),
    ("windoweval.exports", "write_missed"),
    ("windoweval.exports", "write_csv"),
    ("windoweval.scoring", "score"),
    ("windoweval.cli.scoring", "_print_tables"),
    ("windoweval.cli.scoring", "_score_rest"),
]

_CPU: dict = collections.defaultdict(float)
_WALL: dict = collections.defaultdict(float)
_CALLS: dict = collections.defaultdict(int)
_LOCK = threading.Lock()


def _wrap(fn, name: str):
    @functools.wraps(fn)
    def timed(*a, **k):
        c, w = time.thread_time(), time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            with _LOCK:
                _CPU[name] += time.thread_time() - c
                _WALL[name] += time.perf_counter() - w
                _CALLS[name] += 1
    return timed


def _install() -> None:
    for mod, attr in TARGETS:
        m = importlib.import_module(mod)
        if "." in attr:
            cls, meth = attr.split(".")
            setattr(getattr(m, cls), meth, _wrap(getattr(getattr(m, cls), meth), attr))
            continue
        fn = getattr(m, attr)
        timed = _wrap(fn, attr)
        for other in list(sys.modules.values()):   # the modules that imported it by name too
            if getattr(other, "__name__", "").startswith("windoweval") and getattr(other, attr, None) is fn:
                setattr(other, attr, timed)


def _report() -> None:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(f"# process: user {ru.ru_utime:.2f} s, system {ru.ru_stime:.2f} s, peak {ru.ru_maxrss / 1024:.0f} MiB; "
          f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    for name in sorted(_CPU, key=lambda n: -_CPU[n]):
        print(f"  {name:28s} thread CPU {_CPU[name]:7.3f} s  calls {_CALLS[name]:5d}  wall {_WALL[name]:8.3f} s",
              file=sys.stderr)
    sys.stderr.flush()


def main(argv: list[str]) -> int:
    import windoweval.cli.scoring  # noqa: F401  (every module measured imported before it is wrapped)
    import windoweval.engine.missed_pass  # noqa: F401
    import windoweval.engine.pieces  # noqa: F401
    import windoweval.exports  # noqa: F401

    _install()
    if argv[:1] == ["--call"]:
        import windoweval.scoring as scoring

        t = time.perf_counter()
        scoring.score("power_window", year=2025, data=argv[1])
        print(f"# score() call: {time.perf_counter() - t:.2f} s wall", file=sys.stderr)
        _report()
        return 0
    import windoweval.program as program

    exit_now = os._exit

    def said_then_exit(code):   # the program ends at once when done (cli._exit_now): say the figures first
        _report()
        exit_now(code)

    os._exit = said_then_exit
    sys.argv = ["windoweval", *argv]
    code = program.main()
    _report()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
