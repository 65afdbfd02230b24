"""A command's resident memory by phase: run ``windoweval ARGS`` in this process with a sampler thread.

Every 50 ms the sampler reads the resident set (``/proc/self/statm``, Linux) and the main thread's
``windoweval`` frames; at the end it prints the peak with the frames it was reached in, then one line per
``--every`` seconds (the resident set and the innermost frames), and writes every sample to ``--json``.
Used in issue 14's fifth round to find the `score` command's 10 GiB peak at 100x the demo (the validation of
a typed yes/no column written out as text).

    python benchmarks/rss_phases.py [--json OUT.json] [--every 5] -- score --year 2025 --data DIR --out OUT
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", help="write every sample (seconds, MiB, frames) here")
    ap.add_argument("--every", type=float, default=5.0, help="seconds between the printed lines")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="the windoweval command line (after --)")
    a = ap.parse_args(argv)
    args = a.args[1:] if a.args[:1] == ["--"] else a.args
    samples: list = []
    main_id = threading.main_thread().ident
    done = threading.Event()

    def sample():
        while not done.is_set():
            fr, stack = sys._current_frames().get(main_id), []
            while fr is not None:
                if "windoweval" in fr.f_code.co_filename:
                    stack.append(f"{os.path.basename(fr.f_code.co_filename)}:{fr.f_code.co_name}:{fr.f_lineno}")
                fr = fr.f_back
            samples.append((time.perf_counter(), _rss_mib(), stack[::-1]))
            time.sleep(0.05)

    t = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    t.start()
    from windoweval.cli import main as cli_main

    try:
        code = cli_main(args)
    except SystemExit as e:
        code = e.code
    done.set()
    t.join()
    when, peak, where = max(samples, key=lambda s: s[1])
    print(f"PEAK {peak:.0f} MiB at {when - t0:.1f} s: {' > '.join(where)}")
    last = None
    for when, mib, where in samples:
        if last is None or when - last >= a.every:
            last = when
            print(f"{when - t0:7.1f} s {mib:8.0f} MiB  {' > '.join(where[-5:])}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump([(w - t0, m, s) for w, m, s in samples], f)
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
