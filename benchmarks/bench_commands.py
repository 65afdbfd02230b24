"""Benchmark (e): the commands as users run them, side by side with their floors.

Two parts, each run in fresh processes, alternately, ``--rounds`` times; peak
memory is each process's peak resident set (``os.wait4``'s ``ru_maxrss``):

``score``: 10 million work orders in the Parquet store (the generator of
:mod:`common`, as ``bench_time_limit.py`` uses it):

* the command: ``windoweval score --standard power_window --year 2025 --data STORE --out DIR``
  (whole process: start, scoring, console tables, results and missed records written);
* in-process ``score("power_window", year=2025, data=STORE)``: the call alone, timed inside
  its process (the floor the command is held to, target <= 1.5x);
* DuckDB: the time limits of the work orders in one SQL query (``bench_time_limit.duckdb_sql``),
  the memory reference (target: the command's peak <= 2x DuckDB's).

The command's scorecard must equal the in-process one (records, assessed, met per measure and
window), and its time limits DuckDB's counts.  ``--before SRC`` also runs the command from another
source tree (``git archive <commit> | tar -x -C SRC``: the package before a change) in the same
rounds, and checks that both write the same files.

``csv``: the demo organisation at ``--scale`` (100) times its size, as CSV files
(``windoweval demo --scale``):

* the command: ``windoweval score --year 2025 --data DIR --out OUT`` (every standard);
* reading and validating every CSV file of the directory (``read_records``, the workspace's mapping);
* pyarrow reading the same files (``pyarrow.csv.read_csv``, every column as text): the floor for
  reading and validating, target <= 2x.

    python benchmarks/bench_commands.py score [--rows 10000000] [--rounds 3] [--before SRC]
    python benchmarks/bench_commands.py csv [--scale 100] [--rounds 3] [--skip-command] [--before SRC]

In the ``csv`` part both children import the same libraries before their clocks (``_preimport``): the clocks
cover the work (finding, reading and, for the validation, mapping and validating the files), not interpreter
start or imports; each process's whole wall and CPU time (start and imports included, on both sides) is
reported beside them, with the ratios of both pair by pair.  With ``--before`` the two trees' reads must give the
same records, kind by kind and round by round: rows, columns and dtypes in order, and a digest of every row's
values in order (``fingerprint``: pandas' row hashes, taken after each kind's read and taken off its clock).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

ME = str(Path(__file__).resolve())


def run(argv: list[str], timeout: float = 3600) -> dict:
    """Run ``argv`` as a process; its wall time, CPU time and peak RSS (MiB); its last stdout line if JSON."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, etext = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if p.returncode != 0:
        raise RuntimeError(f"{argv} exited {p.returncode}:\n{text[-2000:]}\n{etext[-4000:]}")
    got = {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mib": ru.ru_maxrss / 1024}
    last = text.strip().splitlines()[-1] if text.strip() else ""
    if last.startswith("{"):
        got.update(json.loads(last))
    return got


def _counts(results) -> list:
    import pandas as pd

    # ``records`` is blank for a measure judged over units (hour slots, snapshots: its count is in ``units``)
    cols = ["measure", "window_id", "records", "n", "met"]
    return sorted(tuple(str(v) if i < 2 else (None if pd.isna(v) else int(v)) for i, v in enumerate(r))
                  for r in results[cols].itertuples(index=False))


# -- children ------------------------------------------------------------------


def child_score(data: str, standard: str | None, year: int, counts: str) -> dict:
    from windoweval.scoring import score

    t, c = time.perf_counter(), time.process_time()
    card = score(standard, year=year, data=data)
    took, cpu = time.perf_counter() - t, time.process_time() - c
    Path(counts).write_text(json.dumps(_counts(card.results)))
    return {"call_s": took, "call_cpu_s": cpu}


# Both CSV children import the same libraries before their clocks start (``_preimport``), so that each clock
# covers the same kind of work: finding the files and reading them (both), mapping and validating them (the
# validation only).  Interpreter start and library imports are outside both clocks; the parse of the contracts
# (both need them to know the kinds) is inside both.  Each child says which modules were first imported
# inside its clock (``late_imports``), so that a lazy import cannot hide there unseen.
_PREIMPORT = ("numpy", "pandas", "pyarrow", "pyarrow.csv", "pyarrow.compute", "yaml", "windoweval.records",
              "windoweval.records.io", "windoweval.records.csvfast", "windoweval.records.validate",
              "windoweval.records.mapping", "windoweval.records.workspace", "windoweval.records.files")


def _preimport() -> set:
    import importlib

    for m in _PREIMPORT:
        importlib.import_module(m)
    return set(sys.modules)


def _clocked(fn, setup=None) -> dict:
    import resource

    before = _preimport()
    if setup is not None:   # outside the clock, its imports too
        setup()
        before = set(sys.modules)
    ru = resource.getrusage(resource.RUSAGE_SELF)
    t, c = time.perf_counter(), time.process_time()
    rows = fn()
    got = {"call_s": time.perf_counter() - t, "call_cpu_s": time.process_time() - c, "rows": rows}
    ru2 = resource.getrusage(resource.RUSAGE_SELF)   # the kernel's share of the clock: system time, minor faults
    got |= {"call_sys_s": ru2.ru_stime - ru.ru_stime, "call_minflt": ru2.ru_minflt - ru.ru_minflt}
    return got | {"late_imports": sorted(m for m in set(sys.modules) - before if "." not in m or m.count(".") < 2)}


def _program_pool() -> None:
    """The memory pool the ``windoweval`` program sets for ``score`` (``cli._arrow_pool``), before the clock."""
    from windoweval.cli import _arrow_pool

    _arrow_pool()


def fingerprint(df) -> list:
    """What a kind's records are, for two source trees' reads to be compared (``--before``): its rows, its columns
    in order with the dtypes the engine sees, and a digest of every value row by row in order (pandas' hash of each
    row, index included: a value, a row's place or a missing value changed changes it)."""
    import hashlib

    import pandas as pd

    digest = hashlib.sha256()
    for at in range(0, len(df), 1 << 18):   # a piece at a time: the hashes' own memory stays under the read's peak
        digest.update(pd.util.hash_pandas_object(df.iloc[at:at + (1 << 18)], index=True).to_numpy().tobytes())
    return [len(df), [[str(c), str(t)] for c, t in df.dtypes.items()], digest.hexdigest()]


def child_validate(data: str, program_pool: bool = False) -> dict:
    import resource

    kinds: dict = {}
    aside = {"call_s": 0.0, "call_cpu_s": 0.0, "call_sys_s": 0.0, "call_minflt": 0}

    def work():
        from windoweval.records import contracts, find_file, read_records
        from windoweval.records.workspace import load_workspace

        mapping = load_workspace(data).mapping()   # read once, as a command reads it
        rows = 0
        for kind in contracts():
            km = mapping.get(kind) or {}
            f = find_file(kind, data, km)
            if f is not None and f.suffix == ".csv":
                df = read_records(kind, data, mapping=km)
                rows += len(df)
                # each kind's fingerprint, its time taken off the clock (the clock is the read's alone)
                ru, t, c = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter(), time.process_time()
                kinds[kind] = fingerprint(df)
                ru2 = resource.getrusage(resource.RUSAGE_SELF)
                aside["call_s"] += time.perf_counter() - t
                aside["call_cpu_s"] += time.process_time() - c
                aside["call_sys_s"] += ru2.ru_stime - ru.ru_stime
                aside["call_minflt"] += ru2.ru_minflt - ru.ru_minflt
                del df
        return rows
    got = _clocked(work, _program_pool if program_pool else None)
    return got | {k: got[k] - v for k, v in aside.items()} | {"kinds": kinds, "fingerprint_s": aside["call_s"]}


def same_records(a: list[dict], b: list[dict]) -> list[str]:
    """The kinds whose records differ between two sides' validate runs (round by round: rows, columns, dtypes or
    values), or whose fingerprint one side lacks; [] when every round read the same records on both."""
    differ: list[str] = []
    for x, y in zip(a, b, strict=True):
        ka, kb = x.get("kinds"), y.get("kinds")
        if not ka or not kb:
            return ["(no fingerprints)"]
        differ += [k for k in sorted(set(ka) | set(kb)) if ka.get(k) != kb.get(k) and k not in differ]
    return differ


def child_arrow(data: str) -> dict:
    def work():
        import pyarrow as pa
        import pyarrow.csv as pacsv

        from windoweval.records import contracts, find_file

        rows = 0
        for kind in contracts():
            f = find_file(kind, data)
            if f is not None and f.suffix == ".csv":
                with f.open(encoding="utf-8-sig") as fh:  # every column as text, as the validation reads them
                    head = fh.readline().rstrip("\r\n").split(",")
                types = {h: pa.string() for h in head}
                rows += pacsv.read_csv(f, convert_options=pacsv.ConvertOptions(column_types=types)).num_rows
        return rows
    return _clocked(work)


def child_duckdb(data: str) -> dict:
    import bench_time_limit as btl

    out = btl.child_duckdb(data, btl.UNITS["all"], 1, os.cpu_count() or 1)
    return {"call_s": out["times"][0], "rows": out["rows"]}


# -- the parts -------------------------------------------------------------------


def _summary(runs: list[dict], key: str) -> dict:
    v = [r[key] for r in runs]
    return {"median": statistics.median(v), "min": min(v), "max": max(v)}


def _fmt(s: dict, unit: str = "s") -> str:
    return f"{s['median']:.2f} {unit} ({s['min']:.2f}-{s['max']:.2f})"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _prepare(code: str) -> None:
    """Generate data in a process of its own: a child's peak memory (``ru_maxrss``) starts from its parent's
    at the fork, so the parent must stay small for the children's peaks to be their own."""
    subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(Path(ME).parent)!r}); {code}"],
                   check=True)


def _program(src: str | None = None) -> str:
    """The module that runs the ``windoweval`` program as its console script does (``python -m windoweval``:
    Arrow's pool chosen before pyarrow loads), or ``windoweval.cli`` for a source tree from before it had one."""
    if src is None:
        import importlib.util

        return "windoweval" if importlib.util.find_spec("windoweval.__main__") else "windoweval.cli"
    return "windoweval" if (Path(src) / "windoweval" / "__main__.py").exists() else "windoweval.cli"


def part_score(a) -> dict:
    data = Path(a.scratch) / f"work_orders_{a.rows}"
    _prepare(f"import common; common.make_work_orders({str(data)!r}, {a.rows}, {a.windows})")
    py = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="bench-score-"))
    cmd = [py, "-m", _program(), "score", "--standard", "power_window", "--year", str(common.YEAR),
           "--data", str(data), "--out", str(scratch / "out")]
    inproc = [py, ME, "--child", "score", "--data", str(data), "--counts", str(scratch / "counts.json")]
    duck = [py, ME, "--child", "duckdb", "--data", str(data)]
    # the same command from another source tree (an earlier version), in the same rounds: before / after
    src = str(Path(a.before).resolve()) if a.before else None
    before = ([py, "-c", f"import runpy, sys; sys.path.insert(0, {src!r}); "
               f"runpy.run_module({_program(src)!r}, run_name='__main__', alter_sys=True)",
               *cmd[3:-1], str(scratch / "out_before")] if a.before else None)
    runs: dict[str, list] = {"command": [], "score()": [], "duckdb": []} | ({"before": []} if before else {})
    loads = [_load()]
    for _ in range(a.rounds):
        if before:
            runs["before"].append(run(before))
        runs["command"].append(run(cmd))
        runs["score()"].append(run(inproc))
        runs["duckdb"].append(run(duck))
        loads.append(_load())
    same_files = _same_outputs(scratch / "out_before", scratch / "out") if before else None
    # the same scorecard from the command and from score(); the time limits as DuckDB counts them
    import pandas as pd

    res = pd.read_csv(scratch / "out" / "power_window_results.csv", dtype={"window_id": str, "measure": str})
    same = _counts(res) == [tuple(x) for x in json.loads((scratch / "counts.json").read_text())]
    cat = common.work_order_catalog(("minutes", "working_days"))
    otype = {m["measure"]: m["where"]["order_type"] for m in cat.measures("power_window")}
    tl = res[res["measure"].isin(list(otype)) & (res["records"] > 0)]
    ours = sorted((w, otype[m], int(r), int(n), int(k)) for m, w, r, n, k in
                  tl[["measure", "window_id", "records", "n", "met"]].itertuples(index=False))
    theirs = sorted(tuple(x) for x in runs["duckdb"][-1]["rows"])
    same_duck = ours == theirs
    n_missed = _missed_rows(scratch / "out", "power_window")
    shutil.rmtree(scratch, ignore_errors=True)
    wall = {k: _summary(v, "wall_s") for k, v in runs.items()}
    call = _summary(runs["score()"], "call_s")
    peak = {k: _summary(v, "peak_mib") for k, v in runs.items()}
    ratios = [c["wall_s"] / s["call_s"] for c, s in zip(runs["command"], runs["score()"])]
    mem = [c["peak_mib"] / d["peak_mib"] for c, d in zip(runs["command"], runs["duckdb"])]
    print(f"# score: {a.rows:,} work orders, {a.windows} windows; {a.rounds} rounds; load before/after each "
          f"round: {' | '.join(loads)}")
    print(f"  command `windoweval score --standard power_window`: {_fmt(wall['command'])} wall, "
          f"peak {_fmt(peak['command'], 'MiB')}; {n_missed:,} missed records written")
    print(f"  in-process score(): call {_fmt(call)}, its process {_fmt(wall['score()'])}, "
          f"peak {_fmt(peak['score()'], 'MiB')}")
    print(f"  DuckDB (the seven time limits): {_fmt(wall['duckdb'])} wall, peak {_fmt(peak['duckdb'], 'MiB')}")
    print(f"  command / score() call: {statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f}), "
          f"target <= 1.5x")
    print(f"  peak command / DuckDB: {statistics.median(mem):.2f}x ({min(mem):.2f}-{max(mem):.2f}), target <= 2x")
    # on a busy machine wall times stretch with the load; CPU seconds (user + system) much less: both, pair by pair
    cpu = [c["cpu_s"] / s["call_cpu_s"] for c, s in zip(runs["command"], runs["score()"]) if "call_cpu_s" in s]
    cpu_p = [c["cpu_s"] / s["cpu_s"] for c, s in zip(runs["command"], runs["score()"])]
    if cpu:
        print(f"  CPU: command {_fmt(_summary(runs['command'], 'cpu_s'))}, score() call "
              f"{_fmt(_summary(runs['score()'], 'call_cpu_s'))}, its process {_fmt(_summary(runs['score()'], 'cpu_s'))}; "
              f"command / score() call {_ratio_line(cpu)}, command / score()'s process {_ratio_line(cpu_p)}")
    print(f"  same scorecard as score(): {same}; same time-limit counts as DuckDB: {same_duck}")
    extra = {}
    if before:
        b_ratio = [c["wall_s"] / s["call_s"] for c, s in zip(runs["before"], runs["score()"])]
        b_mem = [c["peak_mib"] / d["peak_mib"] for c, d in zip(runs["before"], runs["duckdb"])]
        b_cpu = [c["cpu_s"] / s["call_cpu_s"] for c, s in zip(runs["before"], runs["score()"])]
        print(f"  before: CPU {_fmt(_summary(runs['before'], 'cpu_s'))}, / score() call CPU {_ratio_line(b_cpu)}; "
              f"after / before, pair by pair: wall {_ratio_line(_pairs(runs['command'], runs['before'], 'wall_s'))}, "
              f"CPU {_ratio_line(_pairs(runs['command'], runs['before'], 'cpu_s'))}, "
              f"peak {_ratio_line(_pairs(runs['command'], runs['before'], 'peak_mib'))}")
        print(f"  before ({a.before}): {_fmt(wall['before'])} wall, peak {_fmt(peak['before'], 'MiB')}; "
              f"/ score() call {statistics.median(b_ratio):.2f}x ({min(b_ratio):.2f}-{max(b_ratio):.2f}), "
              f"peak / DuckDB {statistics.median(b_mem):.2f}x ({min(b_mem):.2f}-{max(b_mem):.2f})")
        print(f"  the files written before and after are the same (Parquet rows, values, order; CSVs byte for byte): "
              f"{same_files}")
        extra = {"ratio_before_vs_call": b_ratio, "ratio_before_peak_vs_duckdb": b_mem, "same_files": same_files}
    return {"part": "score", "rows": a.rows, "runs": runs | {"duckdb": [{k: v for k, v in r.items() if k != "rows"}
                                                                       for r in runs["duckdb"]]},
            "ratio_command_vs_call": ratios, "ratio_peak_vs_duckdb": mem, "ratio_cpu_vs_call": cpu,
            "same": same and same_duck and same_files is not False,
            "missed_rows": n_missed, "load": loads} | extra


def _missed_rows(out: Path, name: str) -> int:
    """Every missed record written: the rows of ``<name>_missed.parquet`` and those its repeats stand for."""
    import pyarrow.parquet as pq

    missed = out / f"{name}_missed.parquet"
    if not missed.exists():
        return 0
    n = pq.ParquetFile(missed).metadata.num_rows
    repeats = out / f"{name}_missed_repeats.parquet"
    return n + (sum(pq.read_table(repeats, columns=["rows"]).column("rows").to_pylist()) if repeats.exists() else 0)


def _same_outputs(a: Path, b: Path) -> bool:
    """The two output folders of ``windoweval score`` hold the same files: each Parquet the same columns, types,
    rows and values in the same order (its row groups may differ), each CSV the same bytes.  The missed records are
    compared as :func:`windoweval.exports.read_missed` gives them back (one side may write the promise measure's
    repeats of the time limits' rows as references, ``<name>_missed_repeats.parquet``, the other in full)."""
    import pyarrow.parquet as pq

    from windoweval.exports import read_missed

    def listed(d: Path) -> list:
        return sorted(p.name for p in d.iterdir()
                      if not p.name.endswith(("_missed_repeats.parquet", "_missed_README.md")))

    names = listed(a)
    if names != listed(b):
        return False
    for n in names:
        if n.endswith("_missed.parquet"):
            stem = n[:-len("_missed.parquet")]
            ta, tb = read_missed(a, stem, arrow=True), read_missed(b, stem, arrow=True)
            if ta.schema.remove_metadata() != tb.schema.remove_metadata() or not ta.equals(tb):
                return False
        elif n.endswith(".parquet"):
            ta, tb = pq.read_table(a / n), pq.read_table(b / n)
            if ta.schema.remove_metadata() != tb.schema.remove_metadata() or not ta.equals(tb):
                return False
        elif (a / n).read_bytes() != (b / n).read_bytes():
            return False
    return True


def _pairs(num: list, den: list, key: str) -> list:
    return [x[key] / y[key] for x, y in zip(num, den)]


def _ratio_line(r: list) -> str:
    return f"{statistics.median(r):.2f}x ({min(r):.2f}-{max(r):.2f})"


def part_csv(a) -> dict:
    data = Path(a.scratch) / f"demo_x{a.scale}"
    if not (data / "windoweval.toml").exists():
        t = time.perf_counter()
        _prepare(f"from windoweval.demo import generate; generate({str(data)!r}, scale={a.scale})")
        print(f"# demo x{a.scale} written in {time.perf_counter() - t:.0f} s: {data}")
    py = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="bench-csv-"))
    cmd = [py, "-m", _program(), "score", "--year", str(common.YEAR), "--data", str(data),
           "--out", str(scratch / "out")]
    val = [py, ME, "--child", "validate", "--data", str(data)] + (["--program-pool"] if a.program_pool else [])
    arrow = [py, ME, "--child", "arrow", "--data", str(data)]
    # the same validation from another source tree (an earlier version), in the same rounds: before / after
    src = str(Path(a.before).resolve()) if a.before else None
    before = ([py, "-c", f"import runpy, sys; sys.path.insert(0, {src!r}); sys.argv = {val[1:]!r}; "
               f"runpy.run_path({ME!r}, run_name='__main__')"] if a.before else None)
    runs: dict[str, list] = {"command": [], "validate": [], "arrow": []} | ({"before": []} if before else {})
    loads = [_load()]
    for _ in range(a.rounds):
        if not a.skip_command:
            runs["command"].append(run(cmd))
        if before:
            runs["before"].append(run(before))
        runs["validate"].append(run(val))
        runs["arrow"].append(run(arrow))
        loads.append(_load())
    shutil.rmtree(scratch, ignore_errors=True)
    same = all(v["rows"] == r["rows"] for v, r in zip(runs["validate"], runs["arrow"]))
    differ: list = []
    if before:   # the same records as the other tree's: values, dtypes and order, kind by kind, every round
        differ = same_records(runs["validate"], runs["before"])
        same = same and not differ
    ratios = {k: _pairs(runs["validate"], runs["arrow"], k) for k in ("call_s", "call_cpu_s", "wall_s", "cpu_s")}
    print(f"# csv: the demo x{a.scale} ({runs['arrow'][-1]['rows']:,} CSV rows); {a.rounds} rounds; "
          f"load: {' | '.join(loads)}"
          + ("; read + validate with the program's memory pool (cli._arrow_pool)" if a.program_pool else ""))
    if runs["command"]:
        print(f"  command `windoweval score --year 2025` (every standard): {_fmt(_summary(runs['command'], 'wall_s'))}"
              f" wall, {_fmt(_summary(runs['command'], 'cpu_s'))} CPU, "
              f"peak {_fmt(_summary(runs['command'], 'peak_mib'), 'MiB')}")
    for k, label in (("validate", "read + validate every CSV"), ("before", f"before ({a.before})"),
                     ("arrow", "pyarrow reads them")):
        if runs.get(k):
            print(f"  {label}: clock {_fmt(_summary(runs[k], 'call_s'))} wall, {_fmt(_summary(runs[k], 'call_cpu_s'))}"
                  f" CPU (of which system {_fmt(_summary(runs[k], 'call_sys_s'))}, minor page faults "
                  f"{_summary(runs[k], 'call_minflt')['median']:,.0f}); whole process {_fmt(_summary(runs[k], 'wall_s'))} wall, {_fmt(_summary(runs[k], 'cpu_s'))}"
                  f" CPU, peak {_fmt(_summary(runs[k], 'peak_mib'), 'MiB')}; first imported inside the clock: "
                  f"{runs[k][-1].get('late_imports')}")
    print(f"  read + validate / pyarrow, pair by pair (target <= 2x): clock wall {_ratio_line(ratios['call_s'])}, "
          f"clock CPU {_ratio_line(ratios['call_cpu_s'])}; whole process wall {_ratio_line(ratios['wall_s'])}, "
          f"CPU {_ratio_line(ratios['cpu_s'])}; same rows: {same}"
          + (f" (the same records as before's, values, dtypes and order: {not differ}"
             + (f"; differing: {', '.join(differ)})" if differ else ")") if before else "")
          + f"; fingerprints taken off the clock: {_fmt(_summary(runs['validate'], 'fingerprint_s'))}")
    extra = {}
    if before:
        extra = {k: _pairs(runs["before"], runs["arrow"], k) for k in ("call_s", "call_cpu_s")}
        print(f"  before / pyarrow: clock wall {_ratio_line(extra['call_s'])}, "
              f"clock CPU {_ratio_line(extra['call_cpu_s'])}")
        extra = {"ratio_before_vs_arrow": extra}
    return {"part": "csv", "scale": a.scale, "program_pool": a.program_pool, "runs": runs, "ratio_validate_vs_arrow": ratios, "same": same,
            "load": loads} | extra


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("part", nargs="?", choices=["score", "csv"], default="score")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--windows", type=int, default=200)
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-command", action="store_true", help="csv: only reading and validating vs pyarrow")
    ap.add_argument("--before", help="score: also run the command from this source tree (an earlier version of the "
                                     "package), in the same rounds, and check it writes the same files; csv: also "
                                     "read and validate with that tree, in the same rounds")
    ap.add_argument("--program-pool", action="store_true",
                    help="csv: read and validate with the memory pool the `windoweval score` program sets "
                         "(cli._arrow_pool) instead of pyarrow's default; pyarrow's side keeps its default")
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--child", choices=["score", "validate", "arrow", "duckdb"], help=argparse.SUPPRESS)
    ap.add_argument("--data", help=argparse.SUPPRESS)
    ap.add_argument("--counts", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        fn = {"score": lambda: child_score(a.data, "power_window", common.YEAR, a.counts),
              "validate": lambda: child_validate(a.data, a.program_pool), "arrow": lambda: child_arrow(a.data),
              "duckdb": lambda: child_duckdb(a.data)}[a.child]
        print(json.dumps(fn()))
        return 0
    print(f"# machine: {common.machine()}")
    print(f"# bytecode written, as an install does: {', '.join(common.byte_compile(None, a.before))}")
    out = part_score(a) if a.part == "score" else part_csv(a)
    print("RESULT " + json.dumps(out))
    return 0 if out["same"] else 1


if __name__ == "__main__":
    sys.exit(main())
