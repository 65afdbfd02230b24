"""Benchmark (survey22): svyciprop by window on a replicate design whose ranks are kept, the replicate weights hashed
once per call against once per window (the code before survey22), side by side in one run.

bench_survey20's bootstrap delivery (``--rows`` respondents in 60 PSUs, ``--reps`` replicates, six windows), the
design's ranks computed once outside the timings. ``lookups_per_window``: every window's degrees of freedom with the
digest taken per lookup (before); ``lookups_once``: the digest taken once and passed (after); ``ciprop_by``: the whole
``svyciprop(by=window)`` now. Linear calibration without bounds of the replicates to window x customer-type and
duration totals: ``cal_loop``, a solve per replicate (before), against ``cal_batched``,
:func:`windoweval.survey.design._linear_calibrated_reps` (after), the weights checked equal (1e-10). Medians of
``--repeat`` runs, wall and CPU, with wall ranges.

    python benchmarks/bench_survey22.py [--rows 20000] [--reps 200] [--repeat 7]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from bench_survey19 import bootstrap_design, paired

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _calibration_ref import per_replicate_calibration  # noqa: E402
from bench_survey20 import make  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    from windoweval.survey import design as D

    des = bootstrap_design(*make(a.rows, a.reps))
    win = des.frame["win"].to_numpy()
    oks = [win == v for v in np.unique(win)]
    D.svyciprop(des, "sat", by="win")                       # every window's rank kept, outside the timings

    def same(got):
        assert got[0] == got[1], (got[0], got[1])

    fns = {"lookups_per_window": lambda: [D._domain_df_nrow(des, ok) for ok in oks],
           "lookups_once": lambda: (lambda dg: [D._domain_df_nrow(des, ok, dg) for ok in oks])(D._digest(des.repweights)),
           "ciprop_by": lambda: D.svyciprop(des, "sat", by="win")}
    out = {"rows": a.rows, "reps": a.reps, **paired(fns, a.repeat, check=same, ranges=True)}
    out["ratio_per_window_over_once"] = out["lookups_per_window_s"] / out["lookups_once_s"]

    f = des.frame.assign(ct=np.where(np.arange(len(des.frame)) % 3 == 0, "firm", "resident"),
                         dur=np.random.default_rng(22).gamma(3.0, 100.0, len(des.frame)))
    A = D._model_matrix(f, ["win", "ct", "dur"], True).to_numpy(dtype=float)
    T = A.T @ des.weights * 1.02
    Rw = des.repweights

    def loop():     # the code before survey22, the one reference loop tests/test_survey22_calibrate.py checks
        return per_replicate_calibration(A, Rw, T)

    def equal(got):
        np.testing.assert_allclose(got[0], got[1], rtol=1e-10, atol=1e-9)

    cal = paired({"cal_loop": loop, "cal_batched": lambda: D._linear_calibrated_reps(A, Rw, T)}, a.repeat,
                 check=equal, ranges=True)
    out |= cal | {"cal_terms": A.shape[1], "ratio_cal_loop_over_batched": cal["cal_loop_s"] / cal["cal_batched_s"]}
    print(f"{a.reps} replicates, {a.rows} rows, {len(oks)} windows: df lookups hashing per window "
          f"{out['lookups_per_window_s']:.4f} s, hashing once {out['lookups_once_s']:.4f} s, "
          f"{out['ratio_per_window_over_once']:.1f}x; svyciprop beta by window {out['ciprop_by_s']:.4f} s; linear "
          f"calibration of the replicates ({out['cal_terms']} terms) per replicate {out['cal_loop_s']:.4f} s, at once "
          f"{out['cal_batched_s']:.4f} s, {out['ratio_cal_loop_over_batched']:.1f}x")
    print("RESULT " + json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
