"""Benchmark (b): survey estimation by window, windoweval against R's survey::svyby.

1 million respondents in 1,000 windows (the survey demo generator), the
satisfaction index (``overall`` on 0–100) and the satisfaction rate
(``overall`` >= satisfied_min) by window, each with its standard error:

* windoweval: :func:`windoweval.survey.estimate.satisfaction_index` and
  :func:`~windoweval.survey.estimate.satisfaction_rate` (Korn–Graubard interval);
* R: ``svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)``,
  ``svyby(~overall_idx, ~window_id, des, svymean, na.rm=TRUE)`` and
  ``svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method="beta", vartype=c("se","ci"))``.

Both are timed from the data in memory to the table by window (reading the
file is not timed); the numbers are compared.  Target: at least 10x faster,
the same numbers.  windoweval is timed as an analysis calls it, the design
built once (``survey_design``) for the index and the rate, and each call on its
own; the floor is the project's own ``survey_design`` and ``design_mean``
called by hand on the one column (target: index and rate in <= 0.5 s at 1
million x 1,000, the three giving the same numbers to the last bit).  R is skipped (and said so) when Rscript or the survey
package is missing: ``apt-get install -y r-base-core r-cran-survey``.

    python benchmarks/bench_survey.py [--respondents 1000000] [--windows 1000]

``--nps`` times the net promoter score by window instead, ``net_promoter(des, "x", by="window_id")`` on a seeded
0-10 answer (40 strata x 10 PSUs shared by every window, so the windows' estimates are correlated), against R in the
same run (survey46): ``svyby(~npsi, ~window_id, des, svymean, na.rm = TRUE)``, ``npsi`` = 100 (promoter) - 100
(detractor), NA off the scale, which is R's ``svycontrast(svyby(~pro + det, ~window_id, des, svymean, covmat = TRUE),
...)`` per window (a linear contrast of two means over the same answers is the mean of the contrast), without R
building the 2,000 x 2,000 matrix; both must give the same numbers (1e-9 relative). nps45b's comparator (the dense
``C V C'``, kept below as ``dense_contrast``) runs with ``--dense``.

    python benchmarks/bench_survey.py --nps [--respondents 1000000] [--windows 1000] [--repeat 3] [--no-r] [--dense]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

R_SCRIPT = r"""
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], colClasses = c(window_id = "character", stratum = "character", psu = "character"))
lo <- as.numeric(a[3]); hi <- as.numeric(a[4]); smin <- as.numeric(a[5])
t0 <- proc.time()[["elapsed"]]
x <- d$overall; x[!(x >= lo & x <= hi)] <- NA
d$overall_idx <- (x - lo) / (hi - lo) * 100
d$sat <- as.numeric(x >= smin)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
bi <- svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE)
t1 <- proc.time()[["elapsed"]]
br <- svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
t2 <- proc.time()[["elapsed"]]
out <- data.frame(window_id = bi$window_id, index = unname(coef(bi)), index_se = as.numeric(SE(bi)))
out2 <- data.frame(window_id = br$window_id, rate = unname(br$sat), rate_se = unname(br[["se.as.numeric(sat)"]]),
                   rate_ci_low = unname(br$ci_l), rate_ci_high = unname(br$ci_u))
write.csv(merge(out, out2, by = "window_id"), a[2], row.names = FALSE)
cat(sprintf('{"index_s": %.4f, "rate_s": %.4f, "r": "%s", "survey": "%s"}\n', t1 - t0, t2 - t1,
            R.version.string, as.character(packageVersion("survey"))))
"""


def lean(df: pd.DataFrame, ins):
    """The floor: the project's own ``survey_design`` once and ``design_mean`` on the one column, by hand."""
    from windoweval.survey import estimate

    d = estimate.survey_design(df)
    x = pd.to_numeric(d.frame[ins.overall_id], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    x = np.where((x >= ins.scale_min) & (x <= ins.scale_max) & (x == np.floor(x)), x, np.nan)
    i = estimate.design_mean(d, pd.DataFrame({"overall": (x - ins.scale_min) / (ins.scale_max - ins.scale_min) * 100.0}),
                             by="window_id")
    sat = np.where(np.isnan(x), np.nan, (x >= ins.satisfied_min - 1e-12).astype(float))
    r = estimate.design_mean(d, pd.DataFrame({"overall": sat}), by="window_id")
    r["ci_low"], r["ci_high"] = estimate.proportion_ci(r["mean"].to_numpy(), r["se"].to_numpy() ** 2, r["n"].to_numpy(),
                                                       r["df"].to_numpy(), method="beta")
    return i, r


def dense_contrast(coef, V, C):
    """svycontrast's variance before nps45b: every contrast over every estimate (and the NaN checks likewise)."""
    touched = (C != 0).astype(float)
    with np.errstate(invalid="ignore"):
        est = C @ np.where(np.isnan(coef), 0.0, coef)
        var = np.einsum("ij,jk,ik->i", C, np.where(np.isnan(V), 0.0, V), C)
        bad = ((touched @ np.isnan(coef).astype(float)) > 0) | \
            (np.einsum("ij,jk,ik->i", touched, np.isnan(V).astype(float), touched) > 0)
        return np.where(bad, np.nan, est), np.where(bad, np.nan, np.sqrt(var))


R_NPS = r"""
suppressMessages(library(survey))
options(survey.lonely.psu = "fail")
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], colClasses = c(window_id = "character", h = "character", psu = "character"))
t0 <- proc.time()
on <- d$x %in% 0:10
d$npsi <- ifelse(on, 100 * (d$x >= 9) - 100 * (d$x <= 6), NA)
des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = d)
b <- svyby(~npsi, ~window_id, des, svymean, na.rm = TRUE)
t1 <- proc.time()
write.csv(data.frame(window_id = b$window_id, nps = unname(coef(b)), se = as.numeric(SE(b))), a[2], row.names = FALSE)
cat(sprintf('{"s": %.4f, "cpu_s": %.4f, "r": "%s", "survey": "%s"}\n', (t1 - t0)[["elapsed"]],
            (t1 - t0)[["user.self"]] + (t1 - t0)[["sys.self"]], R.version.string, as.character(packageVersion("survey"))))
"""


def nps_by_window(a) -> int:
    """--nps: net_promoter by window against R's svyby in the same run (and nps45b's dense contrast with --dense)."""
    from windoweval.survey import design as D

    rng = np.random.default_rng(45)
    n = a.respondents
    h, psu = common.survey_strata_psu(rng, n)
    win = rng.integers(0, a.windows, n)
    df = pd.DataFrame({"window_id": pd.Categorical.from_codes(win, [f"W{i:04d}" for i in range(a.windows)]).astype(str),
                       "h": h, "psu": psu, "w": np.round(rng.uniform(2, 30, n), 3),
                       "x": np.clip(np.round(rng.normal(7.5, 2.2, n) + (win % 7 - 3) * 0.2), 0, 10)})
    df.loc[rng.uniform(size=n) < 0.03, "x"] = 99.0            # a missing code, not an answer
    print(f"# NPS by window: {n:,} respondents, {a.windows:,} windows (PSUs shared by every window)")
    print(f"# machine: {common.machine()}")

    def dense(design, column, **k):     # the same call with the whole matrix and the dense contrast (nps45b's main)
        real = D._contrast_support

        def support(coef, V, nz, c):
            Vd = np.asarray(V.cov) if V.pos is None else np.asarray(V.cov)[np.ix_(V.pos, V.pos)]
            C = np.zeros((nz.shape[0], len(coef)))
            np.put_along_axis(C, nz, c, axis=1)
            e, s = dense_contrast(coef, Vd, C)
            return e, s ** 2, np.isnan(s)
        D._contrast_support = support
        try:
            return D.net_promoter(design, column, **k)
        finally:
            D._contrast_support = real

    def call(design, column, **k):      # the design built in the call, as R's side builds its own
        return D.net_promoter(D.svydesign(df, ids="psu", strata="h", weights="w"), column, **k)

    runs = {"net_promoter": call}
    if a.dense:
        runs["dense"] = lambda design, column, **k: dense(D.svydesign(df, ids="psu", strata="h", weights="w"),
                                                          column, **k)
    wall = {k: [] for k in runs}
    cpu = {k: [] for k in runs}
    got = {}
    for _ in range(a.repeat):
        for k, fn in runs.items():
            t, c = time.perf_counter(), time.process_time()
            got[k] = fn(None, "x", by="window_id")
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    m = {f"{k}_s": float(np.median(v)) for k, v in wall.items()}
    m.update({f"{k}_cpu_s": float(np.median(v)) for k, v in cpu.items()})
    mine = got["net_promoter"]
    print(f"net_promoter by window (design included) {m['net_promoter_s']:8.3f} s wall "
          f"({min(wall['net_promoter']):.3f}-{max(wall['net_promoter']):.3f}), {m['net_promoter_cpu_s']:.3f} s CPU")
    if a.dense:
        if not all(np.allclose(mine[c], got["dense"][c], rtol=1e-12, atol=1e-12, equal_nan=True)
                   for c in ("nps", "se", "ci_low", "ci_high")):
            print("the blocks and the dense contrasts differ: no ratio reported")
            return 1
        print(f"  with the whole matrix and dense C V C' {m['dense_s']:8.3f} s wall, {m['dense_cpu_s']:.3f} s CPU; "
              f"{m['dense_cpu_s'] / m['net_promoter_cpu_s']:.2f}x CPU; same numbers (1e-12): yes")
    result = {"respondents": n, "windows": a.windows, **m}
    if a.no_r or not r_available():
        print("R survey: not run (" + ("--no-r" if a.no_r else "Rscript or the survey package missing: "
                                       "apt-get install -y r-base-core r-cran-survey") + ")")
        print("RESULT " + json.dumps(result))
        return 0
    scratch = Path(a.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    csv, script, out = scratch / f"nps_{a.windows}x{n}.csv", scratch / "nps.R", scratch / "nps_out.csv"
    df.to_csv(csv, index=False)
    script.write_text(R_NPS, encoding="utf-8")
    t = time.perf_counter()
    p = subprocess.run(["Rscript", str(script), str(csv), str(out)], capture_output=True, text=True)
    if p.returncode:
        print(p.stderr[-3000:])
        return 1
    rt = json.loads(p.stdout.strip().splitlines()[-1])
    r = pd.read_csv(out, dtype={"window_id": str}).set_index("window_id").sort_index()
    me = mine.set_index("window_id").sort_index().loc[r.index]
    rel = {c: float(np.nanmax(np.abs(me[c].to_numpy() - r[c].to_numpy()) / np.maximum(np.abs(r[c].to_numpy()), 1e-9)))
           for c in ("nps", "se")}
    same = all(np.allclose(me[c], r[c], rtol=1e-9, atol=1e-9) for c in ("nps", "se"))
    print(f"R svyby(~npsi, ~window_id, svymean) {rt['s']:8.3f} s wall, {rt['cpu_s']:.3f} s CPU ({rt['r']}, survey "
          f"{rt['survey']}; wall incl. reading {time.perf_counter() - t:.0f} s); largest rel. diff nps {rel['nps']:.1e}, "
          f"se {rel['se']:.1e}")
    if not same:
        print("windoweval and R differ: no ratio reported")
        return 1
    print(f"ratio R / windoweval: {rt['s'] / m['net_promoter_s']:.1f}x wall, "
          f"{rt['cpu_s'] / m['net_promoter_cpu_s']:.1f}x CPU; same numbers (1e-9): yes")
    result.update({"r_s": rt["s"], "r_cpu_s": rt["cpu_s"], "ratio_wall": rt["s"] / m["net_promoter_s"],
                   "ratio_cpu": rt["cpu_s"] / m["net_promoter_cpu_s"], "max_rel_diff": rel})
    print("RESULT " + json.dumps(result))
    return 0


def r_available() -> bool:
    if not shutil.which("Rscript"):
        return False
    p = subprocess.run(["Rscript", "-e", "suppressMessages(library(survey))"], capture_output=True)
    return p.returncode == 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--respondents", type=int, default=1_000_000)
    ap.add_argument("--windows", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scratch", default=str(Path(tempfile.gettempdir()) / "windoweval-bench"))
    ap.add_argument("--no-r", action="store_true", help="time windoweval only")
    ap.add_argument("--nps", action="store_true", help="NPS by window against R's svyby (survey46)")
    ap.add_argument("--dense", action="store_true", help="with --nps: also nps45b's whole matrix and dense contrast")
    a = ap.parse_args(argv)
    if a.nps:
        return nps_by_window(a)

    from windoweval.demo import survey as demo
    from windoweval.survey import estimate
    from windoweval.survey.instrument import load_instrument

    ins = load_instrument("power_hall")
    scratch = Path(a.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    per = max(1, a.respondents // a.windows)
    wins = [f"W{i:04d}" for i in range(1, a.windows + 1)]
    cache = scratch / f"survey_{a.windows}x{per}.parquet"
    if not cache.exists():
        t = time.perf_counter()
        # ten windows per call: the generator looks for same-day interviews to copy across the whole
        # delivery (quadratic in its size); each group keeps its own districts and respondent ids
        parts = []
        for g in range(0, len(wins), 10):
            part = demo.generate_delivery("power_hall", 2025, wins[g:g + 10], n_per_window=per, seed=6 + g)
            part["stratum"] = f"G{g // 10:03d}-" + part["stratum"].astype(str)
            part["respondent_id"] = f"G{g // 10:03d}-" + part["respondent_id"].astype(str)
            parts.append(part)
        df = pd.concat(parts, ignore_index=True)
        df.to_parquet(cache)
        print(f"generated {len(df):,} respondents in {time.perf_counter() - t:.1f} s")
    df = pd.read_parquet(cache)
    print(f"# survey estimation: {len(df):,} respondents, {df['window_id'].nunique():,} windows")
    print(f"# machine: {common.machine()}")

    times, alone, floor = [], [], []
    for _ in range(a.repeat):  # alternating: the design once for both, each call on its own, the floor
        t = time.perf_counter()
        des = estimate.survey_design(df)
        idx = estimate.satisfaction_index(des, ins, by="window_id", measures=[ins.overall_id])
        t1 = time.perf_counter()
        rate = estimate.satisfaction_rate(des, ins, by="window_id", measures=[ins.overall_id], method="beta")
        t2 = time.perf_counter()
        times.append((t1 - t, t2 - t1))
        t = time.perf_counter()
        idx1 = estimate.satisfaction_index(df, ins, by="window_id", measures=[ins.overall_id])
        rate1 = estimate.satisfaction_rate(df, ins, by="window_id", measures=[ins.overall_id], method="beta")
        alone.append(time.perf_counter() - t)
        t = time.perf_counter()
        lidx, lrate = lean(df, ins)
        floor.append(time.perf_counter() - t)
    # the same numbers, to the last bit, whichever way they are asked for
    same = (idx.equals(idx1) and rate.equals(rate1)
            and np.array_equal(idx["estimate"].to_numpy(), lidx["mean"].to_numpy())
            and np.array_equal(idx["se"].to_numpy(), lidx["se"].to_numpy())
            and np.array_equal(rate["rate"].to_numpy(), lrate["mean"].to_numpy())
            and np.array_equal(rate["se"].to_numpy(), lrate["se"].to_numpy())
            and np.array_equal(rate["ci_low"].to_numpy(), lrate["ci_low"].to_numpy()))
    if not same:
        print("the index and rate differ between the calls and the lean floor: no ratio reported")
        return 1
    py_index = float(np.median([x[0] for x in times]))
    py_rate = float(np.median([x[1] for x in times]))
    py = py_index + py_rate
    py_alone, py_floor = float(np.median(alone)), float(np.median(floor))
    print(f"windoweval  index {py_index:8.3f} s   rate {py_rate:8.3f} s   total {py:8.3f} s  "
          f"(the design once; median of {a.repeat}, range {min(map(sum, times)):.3f}-{max(map(sum, times)):.3f} s; "
          f"target <= 0.5 s)")
    print(f"            each call building its own design: {py_alone:8.3f} s (range {min(alone):.3f}-{max(alone):.3f})")
    print(f"floor       survey_design + design_mean called leanly: {py_floor:8.3f} s "
          f"(range {min(floor):.3f}-{max(floor):.3f}); ratio {py / py_floor:.2f}x; same numbers: yes")

    result = {"respondents": len(df), "windows": int(df["window_id"].nunique()), "py_index_s": py_index,
              "py_rate_s": py_rate, "py_total_s": py, "py_each_call_s": py_alone, "lean_floor_s": py_floor,
              "ratio_floor": py / py_floor}
    if a.no_r or not r_available():
        print("R survey: not run (" + ("--no-r" if a.no_r else "Rscript or the survey package missing: "
                                       "apt-get install -y r-base-core r-cran-survey") + ")")
        print("RESULT " + json.dumps(result))
        return 0
    csv = scratch / f"survey_{a.windows}x{per}.csv"
    if not csv.exists():
        df[["window_id", "stratum", "psu", "weight", "overall"]].to_csv(csv, index=False)
    script = scratch / "svyby.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    out = scratch / "svyby_out.csv"
    t = time.perf_counter()
    p = subprocess.run(["Rscript", str(script), str(csv), str(out), str(ins.scale_min), str(ins.scale_max),
                        str(ins.satisfied_min)], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr[-3000:])
        return 1
    rt = json.loads(p.stdout.strip().splitlines()[-1])
    r_total = rt["index_s"] + rt["rate_s"]
    print(f"R survey    index {rt['index_s']:8.3f} s   rate {rt['rate_s']:8.3f} s   total {r_total:8.3f} s  "
          f"({rt['r']}, survey {rt['survey']}; wall incl. reading {time.perf_counter() - t:.0f} s)")
    r = pd.read_csv(out, dtype={"window_id": str}).set_index("window_id").sort_index()
    mine = pd.DataFrame({
        "index": idx.set_index("window_id")["estimate"], "index_se": idx.set_index("window_id")["se"],
        "rate": rate.set_index("window_id")["rate"], "rate_se": rate.set_index("window_id")["se"],
        "rate_ci_low": rate.set_index("window_id")["ci_low"], "rate_ci_high": rate.set_index("window_id")["ci_high"],
    }).sort_index()
    diff = {c: float(np.max(np.abs(mine.loc[r.index, c].to_numpy() - r[c].to_numpy()))) for c in r.columns}
    print("largest |windoweval - R|: " + ", ".join(f"{k} {v:.2e}" for k, v in diff.items()))
    print(f"ratio R / windoweval: index {rt['index_s'] / py_index:6.1f}x   rate {rt['rate_s'] / py_rate:6.1f}x   "
          f"total {r_total / py:6.1f}x   (target >= 10x)")
    result.update({"r_index_s": rt["index_s"], "r_rate_s": rt["rate_s"], "r_total_s": r_total,
                   "ratio": r_total / py, "max_abs_diff": diff, "r": rt["r"], "survey": rt["survey"]})
    print("RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
