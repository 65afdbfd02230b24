"""Benchmark (c): the full annual report on the demo data against its floor.

* report: ``windoweval report --year 2025 --out <scratch>`` (the year's evaluation computed once and kept,
  every notebook presenting it on warm kernels, both languages, then the HTML pages, tables, workbook and
  summary);
* floor: the same number of empty notebooks (a parameters cell and nothing
  else) through papermill, with the report's kernel and options, one after
  the other: what running that many notebooks costs before they do anything.

Target: report <= 2x its floor (issue 14).  Each round runs the floor and the report one after the
other (side by side), so that the machine's load weighs on both; the load average is printed with them.

To measure a previous version side by side, run this file with that version first on ``PYTHONPATH``
(a ``git worktree`` of it): ``PYTHONPATH=/tmp/before python benchmarks/bench_report.py``.

    python benchmarks/bench_report.py [--year 2025] [--rounds 2]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def empty_notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("year = 2025\ndata = None")
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


CPU: dict[str, list] = {"report": [], "floor": []}


def floor(n: int, workdir: Path) -> float:
    """Seconds to run ``n`` empty notebooks through papermill as the report runs its notebooks (CPU seconds, this
    process and its kernels, in :data:`CPU`)."""
    import papermill

    from windoweval import report
    from windoweval.report.settings import KERNEL_ARGS

    kernel = report.ensure_kernel()
    src = workdir / "empty.ipynb"
    empty_notebook(src)
    t, c0 = time.perf_counter(), time.process_time() + _children_cpu()
    for i in range(n):
        papermill.execute_notebook(str(src), str(workdir / f"empty-{i}.ipynb"), parameters={"year": 2025},
                                   kernel_name=kernel, language="python", progress_bar=False, log_output=False,
                                   cwd=str(workdir), start_timeout=120, request_save_on_cell_execute=False,
                                   extra_arguments=KERNEL_ARGS)
    CPU["floor"].append(time.process_time() + _children_cpu() - c0)
    return time.perf_counter() - t


PHASES: list[list[str]] = []     # per build: the command's own lines for its sections and notebooks (wall seconds)


def build(year: int, out: Path) -> float:
    """Seconds for ``windoweval report`` (a fresh process, as a person or a scheduler runs it)."""
    exe = Path(sys.executable).parent / "windoweval"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "windoweval.cli"]
    t, c0 = time.perf_counter(), _children_cpu()
    p = subprocess.run([*cmd, "report", "--year", str(year), "--out", str(out)], capture_output=True, text=True)
    el = time.perf_counter() - t
    CPU["report"].append(_children_cpu() - c0)    # the command and the kernels it waited for
    if p.returncode != 0:
        raise RuntimeError(f"windoweval report failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}")
    PHASES.append([ln.strip() for ln in p.stderr.splitlines() if ln.strip().startswith(("· ", "✓ "))])
    return el


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--phases", action="store_true",
                    help="print each build's phases as the command says them (each section's and notebook's seconds)")
    a = ap.parse_args(argv)
    try:
        from windoweval import report
    except ImportError:
        print("windoweval report: not available yet (windoweval/report.py) - pending")
        return 0
    from windoweval.demo import ensure_demo

    ensure_demo()
    n = len(report.NOTEBOOKS)
    scratch = Path(a.scratch) / "report"
    scratch.mkdir(parents=True, exist_ok=True)
    print(f"# annual report on the demo data ({n} notebooks: {', '.join(report.NOTEBOOKS)}) vs {n} empty notebooks")
    print(f"# machine: {common.machine()}")
    print(f"# bytecode written, as an install does: {', '.join(common.byte_compile(None))}")
    builds, floors = [], []
    for r in range(a.rounds):
        with tempfile.TemporaryDirectory(dir=scratch) as w:
            floors.append(floor(n, Path(w)))
        with tempfile.TemporaryDirectory(dir=scratch) as w:
            builds.append(build(a.year, Path(w)))
        print(f"round {r + 1}: report {builds[-1]:6.1f} s   floor {floors[-1]:6.1f} s   "
              f"ratio {builds[-1] / floors[-1]:4.2f}x   | CPU report {CPU['report'][-1]:6.1f} s   floor "
              f"{CPU['floor'][-1]:5.1f} s   ratio {CPU['report'][-1] / CPU['floor'][-1]:4.2f}x   "
              f"load {os.getloadavg()[0]:.1f}")
        if a.phases:
            print("    phases: " + " | ".join(PHASES[-1]))
    b, f = statistics.median(builds), statistics.median(floors)
    ratios = [x / y for x, y in zip(builds, floors)]
    print(f"report median {b:6.1f} s | floor median {f:6.1f} s | ratio {b / f:4.2f}x "
          f"(rounds {min(ratios):.2f}–{max(ratios):.2f}x; target <= 2x) | windoweval from {Path(report.__file__).parents[1]}")
    cb, cf = statistics.median(CPU["report"]), statistics.median(CPU["floor"])
    print(f"CPU: report median {cb:6.1f} s | floor median {cf:6.1f} s | ratio {cb / cf:4.2f}x "
          f"(CPU seconds weigh less with the machine's load than wall time)")
    print("RESULT " + json.dumps({"notebooks": n, "report_s": builds, "floor_s": floors, "ratio": b / f,
                                  "report_cpu_s": CPU["report"], "floor_cpu_s": CPU["floor"], "cpu_ratio": cb / cf}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
