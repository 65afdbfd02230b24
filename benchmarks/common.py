"""Shared helpers for the benchmarks: synthetic work orders at scale, peak memory, timing.

Not part of the package and not run by the test suite.  The generator writes
the ``work_orders`` contract as a Parquet dataset partitioned by
``year=/month=`` (the layout :func:`windoweval.records.store.import_records` writes),
in chunks, so 100 million rows never sit in memory at once.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from windoweval.records import store
from windoweval.calendar import WorkCalendar
from windoweval.records import contracts

YEAR = 2025
#: order type -> (share, limit kind, limit) as in power_window 10.2.x
ORDER_TYPES = {
    "new_connection_resident": (0.20, "wd", 5),
    "new_connection_other": (0.05, "wd", 5),
    "billing_query": (0.10, "wd", 1),
    "fault_repair": (0.35, "min", 45),
    "meter_fault": (0.10, "wd", 2),
    "appointment": (0.15, "min", 60),
    "supply_restoration": (0.05, "wd", 1),
}
WORK_ORDER_MEASURES = [  # the power_window measures that read work_orders
    "power_window.10.2.2#resident", "power_window.10.2.2#other", "power_window.10.2.4",
    "power_window.10.2.5", "power_window.10.2.7", "power_window.10.2.8", "power_window.10.2.9#work_orders",
]


def window_ids(n_windows: int) -> list[str]:
    return [f"PW{i:04d}" for i in range(1, n_windows + 1)]


def write_workspace(root: Path, n_windows: int) -> None:
    """A windoweval.toml with ``n_windows`` power halls."""
    root.mkdir(parents=True, exist_ok=True)
    wins = "\n".join(f'[[windows]]\nid = "{w}"\nname = "营业厅{w}"\nkind = "power_hall"\n' for w in window_ids(n_windows))
    (root / "windoweval.toml").write_text(f'name = "bench"\n\n{wins}', encoding="utf-8")


def _chunk(rng, n, start_id, wins, cal) -> pd.DataFrame:
    types = np.array(list(ORDER_TYPES))
    share = np.array([v[0] for v in ORDER_TYPES.values()])
    t = rng.choice(len(types), size=n, p=share / share.sum())
    first = np.datetime64(f"{YEAR}-01-01", "D")
    last = np.datetime64(f"{YEAR + 1}-01-01", "D")  # to 31 December: some orders are still open at the year's end
    days = np.arange(first, last, dtype="datetime64[D]")
    workdays = days[cal.work[(days - cal.start).astype(int)]]
    is_min = np.array([ORDER_TYPES[x][1] == "min" for x in types])[t]
    limit = np.array([ORDER_TYPES[x][2] for x in types])[t]
    day = np.where(is_min, days[rng.integers(0, len(days), n)], workdays[rng.integers(0, len(workdays), n)])
    secs = np.where(types[t] == "fault_repair", rng.integers(0, 86400, n), rng.integers(8 * 3600 + 1800, 17 * 3600, n))
    received = day.astype("datetime64[s]") + secs.astype("timedelta64[s]")
    nat = np.datetime64("NaT", "s")
    # minute limits: arrival 5 min .. 1.3 x the limit after receipt (or the appointment time)
    due = np.where(types[t] == "appointment", (received + np.timedelta64(2, "D")).astype("datetime64[h]").astype("datetime64[s]"), nat)
    base = np.where(types[t] == "appointment", due, received)
    mins = (5 + rng.random(n) * (1.3 * limit - 5)).round().astype("int64")
    arrived = np.where(is_min, base + (mins * 60).astype("timedelta64[s]"), nat)
    # working-day limits: done 0 .. limit+1 working days later, at a time of day
    k = rng.integers(0, limit + 2)
    di = (day.astype("datetime64[D]") - cal.start).astype("int64")
    j = np.searchsorted(cal.cum, cal.cum[di] + k, side="left")
    done_day = cal.days[np.minimum(j, len(cal.days) - 1)]
    done = np.where(k == 0, received + np.timedelta64(3600, "s"),
                    done_day.astype("datetime64[s]") + rng.integers(9 * 3600, 17 * 3600, n).astype("timedelta64[s]"))
    completed = np.where(is_min, arrived + rng.integers(1200, 12000, n).astype("timedelta64[s]"), done)
    gone = rng.random(n) < 0.01  # 1 % without evidence
    completed = np.where(gone, nat, completed)
    arrived = np.where(gone & is_min, nat, arrived)
    # the filing (受理) time: empty (the clock start decides the year) but for non-resident connections, filed
    # 1-8 days before their clock start (acceptance and contract); those received early in January were filed
    # in the year before and belong to it (the contract's period: filed_at, then received_at)
    other = types[t] == "new_connection_other"
    filed = np.where(other, received - (rng.integers(1, 9, n) * 86400).astype("timedelta64[s]"), nat)
    ids = pc.binary_join_element_wise(
        "WO", pa.array(np.arange(start_id, start_id + n)).cast(pa.string()), "")
    return pd.DataFrame({
        "order_id": pd.array(ids), "window_id": pd.Categorical.from_codes(rng.integers(0, len(wins), n), wins),
        "customer_id": pd.array(pc.binary_join_element_wise(
            "C", pa.array(rng.integers(0, 5_000_000, n)).cast(pa.string()), "")),
        "order_type": pd.Categorical.from_codes(t, types),
        "received_at": received.astype("datetime64[ns]"),
        "filed_at": filed.astype("datetime64[ns]"),
        "due_at": due.astype("datetime64[ns]"),
        "arrived_at": arrived.astype("datetime64[ns]"), "completed_at": completed.astype("datetime64[ns]"),
    })


def make_work_orders(root: str | os.PathLike, n_rows: int, n_windows: int = 200, chunk: int = 2_000_000,
                     seed: int = 6) -> Path:
    """Write ``n_rows`` synthetic work orders under ``root/work_orders/year=/month=/`` and a workspace.

    Skips the work when ``root`` already holds a dataset of that size (``_bench.json``).
    """
    root = Path(root)
    meta = root / "_bench.json"
    # v6: the files name their plain text columns, as write_part writes them since session 37
    want = {"rows": n_rows, "windows": n_windows, "chunk": chunk, "seed": seed, "v": 6,
            "contract": store.contract_signature("work_orders")}
    if meta.exists() and json.loads(meta.read_text()) == want:
        if not (root / "work_orders" / store.CHECKED).exists():
            store.record_checked(root / "work_orders")   # a dataset written before import recorded its checked files
        return root
    import shutil
    shutil.rmtree(root, ignore_errors=True)
    write_workspace(root, n_windows)
    cal = WorkCalendar()
    rng = np.random.default_rng(seed)
    wins = window_ids(n_windows)
    out = root / "work_orders"
    contract = contracts()["work_orders"]
    schema = store._schema(contract)
    done = 0
    part = 0
    while done < n_rows:
        n = min(chunk, n_rows - done)
        df = _chunk(rng, n, done, wins, cal)
        month = df["received_at"].dt.month.to_numpy()
        for mth in np.unique(month):
            sub = df[month == mth]
            d = out / f"year={YEAR}" / f"month={int(mth):02d}"
            d.mkdir(parents=True, exist_ok=True)
            sub = sub.astype({"window_id": "string", "order_type": "string"})
            # optional contract columns the generator does not fill (order_status ...) are stored blank, as import does
            sub = sub.assign(**{f.name: None for f in schema if f.name not in sub.columns})
            table = pa.Table.from_pandas(sub, schema=schema, preserve_index=False)
            store.write_part(table, d / f"part-{part:05d}.parquet", contract)  # as import_records writes
        done += n
        part += 1
    # the marker import_records writes: these rows meet the contract by construction
    (out / store.MARKER).write_text(json.dumps({"kind": "work_orders", "contract": store.contract_signature("work_orders"),
                                                "by_year": True, "by_month": True, "imports": []}))
    # the files' footprints import_records records once it has checked them (records.store.record_checked)
    store.record_checked(out)
    meta.write_text(json.dumps(want))
    return root


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, MiB (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def byte_compile(*trees: str | os.PathLike | None) -> list[str]:
    """Write the cached bytecode of the ``windoweval`` package of each source tree, as ``pip install`` does.

    A regular install byte-compiles the package when it is installed; an editable install (``pip install -e``)
    leaves it to the first import, and a shell with ``PYTHONDONTWRITEBYTECODE=1`` (this machine's) never writes it,
    so every process would compile the package's ~70 modules from source again (~0.3 s in the command and again in
    each kernel) while the libraries it is compared with (pandas, pyarrow, ipykernel, papermill: installed, compiled)
    load from bytecode.  Both sides of a benchmark then load from bytecode, as an installed windoweval would.
    ``None`` is the tree ``windoweval`` is imported from here.  Returns the package folders compiled.
    """
    import compileall

    done = []
    for tree in trees:
        if tree is None:
            import windoweval
            pkg = Path(windoweval.__file__).parent
        else:
            pkg = Path(tree) / "windoweval"
        if pkg.is_dir():
            compileall.compile_dir(str(pkg), quiet=1)
            done.append(str(pkg))
    return done


def machine() -> str:
    """One line about the machine the benchmark ran on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import dask
    import duckdb
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, "
            f"pandas {pd.__version__}, numpy {np.__version__}, pyarrow {pa.__version__}, "
            f"dask {dask.__version__}, duckdb {duckdb.__version__}")


def run_child(args: list[str], timeout: float = 3600, env: dict | None = None) -> dict:
    """Run ``python -m <module> args`` in a fresh process (``env``: its environment, None: this one's); its last
    stdout line is JSON."""
    t = time.perf_counter()
    p = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{p.stdout[-3000:]}\n{p.stderr[-5000:]}")
    out = json.loads(p.stdout.strip().splitlines()[-1])
    out.setdefault("wall_s", time.perf_counter() - t)
    return out


def work_order_catalog(units=("seconds", "minutes", "hours", "days", "working_days")):
    """The bundled catalog narrowed to the time-limit measures that read work_orders (of the given units)."""
    import copy

    from windoweval.catalog import load_catalog

    cat = copy.copy(load_catalog())
    clauses = {}
    for cid, c in cat.clauses.items():
        keep = [m for m in c.get("measures") or [] if m.get("records") == "work_orders"
                and m.get("kernel") == "time_limit" and (m.get("params") or {}).get("unit") in units]
        if keep:
            clauses[cid] = {**c, "measures": keep}
    cat.clauses = clauses
    return cat


# ------------------------------------------------------------------ survey statistics against R, side by side
def r_survey_script(text_columns: list[str], body: str) -> str:
    """An R script that reads the CSV of its first argument (``text_columns`` as character), declares
    ``svydesign(ids=~psu, strata=~h, weights=~w)`` and defines ``tm(expr)`` (elapsed seconds and value); ``body``
    then times each statistic and prints one JSON line ``{key: {s: seconds, v: numbers}}``."""
    cc = ", ".join(f'{c} = "character"' for c in text_columns)
    return (
        "\nsuppressMessages({library(survey); library(jsonlite)})\n"
        "a <- commandArgs(trailingOnly = TRUE)\n"
        f"d <- read.csv(a[1], colClasses = c({cc}))\n"
        "des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)\n"
        'tm <- function(expr) { t <- proc.time()[["elapsed"]]; v <- expr; list(s = proc.time()[["elapsed"]] - t, '
        "v = v) }\n" + body.lstrip("\n"))


def survey_strata_psu(rng: np.random.Generator, rows: int):
    """The seeded sample's 40 strata and 10 PSUs in each, drawn first: (h, psu) as integers."""
    h = rng.integers(0, 40, rows)
    return h, h * 10 + rng.integers(0, 10, rows)


def survey_labels(h, psu) -> dict:
    """The ``h`` and ``psu`` columns as text (h00, p000), as both sides read them."""
    return {"h": [f"h{v:02d}" for v in h], "psu": [f"p{v:03d}" for v in psu]}


def survey_against_r(runs: dict, df: pd.DataFrame, r_script: str, rows: int) -> int:
    """Time each of ``runs`` (key -> callable giving its numbers) here, then the same keys in R from ``df`` written
    as CSV, in the same run; print both times, the ratio R / windoweval and the largest relative difference of the
    numbers, and a ``RESULT`` JSON line. R is skipped (and said so) when Rscript or the survey package is missing."""
    import shutil
    import tempfile

    py = {}
    for k, f in runs.items():
        t = time.perf_counter()
        v = f()
        py[k] = (time.perf_counter() - t, v)
        print(f"windoweval {k:18s} {py[k][0]:8.3f} s")
    if not shutil.which("Rscript") or subprocess.run(["Rscript", "-e", "library(survey)"], capture_output=True).returncode:
        print("R survey: not run (Rscript or the survey package missing: apt-get install -y r-base-core r-cran-survey)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "d.csv", Path(tmp) / "b.R"
        df.to_csv(csv, index=False)
        script.write_text(r_script, encoding="utf-8")
        p = subprocess.run(["Rscript", str(script), str(csv)], capture_output=True, text=True)
    if p.returncode:
        print(p.stderr[-2000:])
        return 1
    rt = json.loads(p.stdout.strip().splitlines()[-1])
    result = {"rows": rows}
    for k in runs:
        rv = np.asarray(rt[k]["v"], dtype=float)
        mv = np.asarray(py[k][1], dtype=float)
        rel = float(np.nanmax(np.abs(mv - rv) / np.maximum(np.abs(rv), 1e-300)))
        ratio = rt[k]["s"] / py[k][0]
        print(f"R          {k:18s} {rt[k]['s']:8.3f} s   ratio R / windoweval {ratio:7.1f}x   largest rel. diff {rel:.1e}")
        result[k] = {"py_s": py[k][0], "r_s": rt[k]["s"], "ratio": ratio, "max_rel_diff": rel}
    print("RESULT " + json.dumps(result))
    return 0
