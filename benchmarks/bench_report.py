"""Benchmark (c): the full annual report on the demo data against its floor.

* report: ``windoweval report --year 2025 --out <scratch>`` (the year's evaluation computed once and kept,
  every notebook presenting it on warm kernels, both languages, then the HTML pages, tables, workbook and
  summary);
* floor: the same number of empty notebooks (a parameters cell and nothing
  else) through papermill, with the report's kernel and options, one after
  the other: what running that many notebooks costs before they do anything.

Target: report <= 2x its floor (issue 14).  Each round runs the floor and the report one after the
other (side by side), so that the machine's load weighs on both; the load average is printed with them.

``--before SRC`` also builds the report with another source tree (``git archive <commit> | tar -x -C SRC``: the
package before a change) in the same rounds, the two builds one after the other and their order alternated round by
round, so that the load weighs on both alike; it prints the pairs (wall, CPU) and each build's phases, and says
whether the two trees built the same report: every file of the last round's two folders compared byte for byte, the
index's build time (``生成时间 …`` / ``Built …``) aside.  The before tree's ``windoweval`` is put first on
``PYTHONPATH`` of its command, so its kernels import it too; its demo data is its own (``SRC/data/demo``).

    python benchmarks/bench_report.py [--year 2025] [--rounds 2] [--phases] [--before SRC]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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


def _env(src: str | None) -> dict | None:
    """The environment of a build from source tree ``src`` (None: this one): ``src`` first on ``PYTHONPATH``, which
    the command's kernels inherit."""
    if src is None:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([src, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    return env


def build(year: int, out: Path, src: str | None = None, cpu: list | None = None, phases: list | None = None) -> float:
    """Seconds for ``windoweval report`` (a fresh process, as a person or a scheduler runs it), with the package of
    source tree ``src`` (None: the one imported here); its CPU seconds appended to ``cpu`` (default ``CPU["report"]``)
    and its phases to ``phases`` (default :data:`PHASES`)."""
    exe = Path(sys.executable).parent / "windoweval"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "windoweval.cli"]
    t, c0 = time.perf_counter(), _children_cpu()
    p = subprocess.run([*cmd, "report", "--year", str(year), "--out", str(out)], capture_output=True, text=True,
                       env=_env(src))
    el = time.perf_counter() - t
    (CPU["report"] if cpu is None else cpu).append(_children_cpu() - c0)    # the command and the kernels it waited for
    if p.returncode != 0:
        raise RuntimeError(f"windoweval report failed ({p.returncode}):\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}")
    (PHASES if phases is None else phases).append(
        [ln.strip() for ln in p.stderr.splitlines() if ln.strip().startswith(("· ", "✓ "))])
    return el


#: The index's build time, the one part of a report that differs between two builds of the same data.
_BUILT = re.compile(r"(生成时间|Built) \d{4}-\d{2}-\d{2} \d{2}:\d{2}".encode())


def differing_files(a: Path, b: Path) -> list[str]:
    """The files of report folder ``a`` and ``b`` that differ (relative paths, sorted; a file in one folder only
    counts), compared byte for byte with the index's build time (生成时间 … / Built …) aside.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     a, b = Path(d, "a"), Path(d, "b")
    ...     for f, x, y in [("index.html", "生成时间 2026-12-07 11:52;Built 2026-12-07 11:52", "生成时间 2026-12-07 11:53;"
    ...                      "Built 2026-12-07 11:53"), ("t.csv", "1", "2"), ("same.json", "{}", "{}")]:
    ...         for p, v in ((a / f, x), (b / f, y)):
    ...             p.parent.mkdir(exist_ok=True); _ = p.write_text(v, encoding="utf-8")
    ...     _ = (a / "only.html").write_text("x")
    ...     differing_files(a, b)
    ['only.html', 't.csv']
    """
    def files(d: Path) -> dict:
        return {str(p.relative_to(d)): p for p in d.rglob("*") if p.is_file()}

    fa, fb = files(a), files(b)
    out = []
    for name in sorted(set(fa) | set(fb)):
        if name not in fa or name not in fb:
            out.append(name)
            continue
        x, y = fa[name].read_bytes(), fb[name].read_bytes()
        if x != y and _BUILT.sub(rb"\1 -", x) != _BUILT.sub(rb"\1 -", y):
            out.append(name)
    return out


def _prepare_tree(src: str) -> None:
    """The demo data of source tree ``src`` (its own ``data/demo``), generated as its first build would."""
    subprocess.run([sys.executable, "-c", "from windoweval.demo import ensure_demo; ensure_demo()"], check=True,
                   env=_env(src), cwd=tempfile.gettempdir())


def _pairs(after: list, before: list) -> str:
    r = [x / y for x, y in zip(after, before)]
    return f"{statistics.median(r):.3f}x ({min(r):.3f}-{max(r):.3f})"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--phases", action="store_true",
                    help="print each build's phases as the command says them (each section's and notebook's seconds)")
    ap.add_argument("--before", metavar="SRC",
                    help="also build with the package of source tree SRC (git archive <commit> | tar -x -C SRC) in "
                         "the same rounds, alternated, and compare the two reports")
    a = ap.parse_args(argv)
    src = str(Path(a.before).resolve()) if a.before else None
    if src and not (Path(src) / "windoweval" / "__init__.py").is_file():
        ap.error(f"--before {a.before}: no windoweval package in that folder")
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
    print(f"# bytecode written, as an install does: {', '.join(common.byte_compile(None, *([src] if src else [])))}")
    if src:
        _prepare_tree(src)
        print(f"# before: {src} (its builds alternate with this tree's, the first of each round in turn)")
    builds, floors = [], []
    befores: list[float] = []
    cpu_before: list[float] = []
    phases_before: list[list[str]] = []
    last = {"after": scratch / "last_after", "before": scratch / "last_before"}   # the last round's two reports
    for r in range(a.rounds):
        with tempfile.TemporaryDirectory(dir=scratch) as w:
            floors.append(floor(n, Path(w)))
        sides = ["after", "before"] if src else ["after"]
        for side in (sides if r % 2 == 0 else sides[::-1]):
            shutil.rmtree(last[side], ignore_errors=True)
            if side == "after":
                builds.append(build(a.year, last[side]))
            else:
                befores.append(build(a.year, last[side], src=src, cpu=cpu_before, phases=phases_before))
        print(f"round {r + 1}: report {builds[-1]:6.1f} s   floor {floors[-1]:6.1f} s   "
              f"ratio {builds[-1] / floors[-1]:4.2f}x   | CPU report {CPU['report'][-1]:6.1f} s   floor "
              f"{CPU['floor'][-1]:5.1f} s   ratio {CPU['report'][-1] / CPU['floor'][-1]:4.2f}x   "
              f"load {os.getloadavg()[0]:.1f}")
        if src:
            print(f"         before {befores[-1]:6.1f} s   ratio {befores[-1] / floors[-1]:4.2f}x   | CPU before "
                  f"{cpu_before[-1]:6.1f} s   ratio {cpu_before[-1] / CPU['floor'][-1]:4.2f}x   "
                  f"after / before: wall {builds[-1] / befores[-1]:.3f}x, CPU {CPU['report'][-1] / cpu_before[-1]:.3f}x "
                  f"({'before first' if r % 2 else 'after first'})")
        if a.phases:
            print("    phases: " + " | ".join(PHASES[-1]))
            if src:
                print("    before: " + " | ".join(phases_before[-1]))
    b, f = statistics.median(builds), statistics.median(floors)
    ratios = [x / y for x, y in zip(builds, floors)]
    print(f"report median {b:6.1f} s | floor median {f:6.1f} s | ratio {b / f:4.2f}x "
          f"(rounds {min(ratios):.2f}–{max(ratios):.2f}x; target <= 2x) | windoweval from {Path(report.__file__).parents[1]}")
    cb, cf = statistics.median(CPU["report"]), statistics.median(CPU["floor"])
    print(f"CPU: report median {cb:6.1f} s | floor median {cf:6.1f} s | ratio {cb / cf:4.2f}x "
          f"(CPU seconds weigh less with the machine's load than wall time)")
    extra = {}
    if src:
        differ = differing_files(last["before"] / str(a.year), last["after"] / str(a.year))
        print(f"before: report median {statistics.median(befores):6.1f} s | ratio "
              f"{statistics.median(befores) / f:4.2f}x | CPU median {statistics.median(cpu_before):6.1f} s | ratio "
              f"{statistics.median(cpu_before) / cf:4.2f}x | after / before, pair by pair: wall {_pairs(builds, befores)}, "
              f"CPU {_pairs(CPU['report'], cpu_before)}")
        print("the two trees built the same report (every file, the build time aside)" if not differ else
              f"the two reports differ in {len(differ)} file(s): {', '.join(differ)} "
              f"(compare {last['before']} and {last['after']})")
        extra = {"before": src, "before_s": befores, "before_cpu_s": cpu_before, "differing_files": differ}
    print("RESULT " + json.dumps({"notebooks": n, "report_s": builds, "floor_s": floors, "ratio": b / f,
                                  "report_cpu_s": CPU["report"], "floor_cpu_s": CPU["floor"], "cpu_ratio": cb / cf,
                                  **extra}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
