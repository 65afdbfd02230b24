"""Write the reference values that tests/test_survey_pls.py compares windoweval.survey.pls with.

Two independent sources, both on the ECSI ``satisfaction`` data (250 customers of a mobile
operator, 27 indicators; the data set R's ``plspm`` ships, copied here from the test data of
github.com/GoogleCloudPlatform/plspm-python, commit addf58434532dc63320589c4cc2f341009d588b0,
``tests/data/satisfaction.csv``):

* ``reference_plspm.json``: the PyPI package ``plspm`` 0.5.7 (a port of R's plspm; not a
  dependency of windoweval: ``pip install plspm`` to rerun), every scheme, run to a tolerance
  of 1e-14 so that its convergence error is far below the 1e-6 of the comparison.
  ``scaled=True`` is obtained by giving plspm the indicators standardised per column with
  the population standard deviation and ``scaled=False``, which is R plspm's ``scaled=TRUE``
  (plspm-python's own ``scaled=True`` divides every column by one pooled deviation).
* ``reference_r_plspm.json`` (with ``--r-published DIR``, DIR holding the plspm-python test
  data files): the values R's ``plspm`` published for the book example
  ``plspm(satisfaction, sat_path, sat_blocks, modes = rep("A", 6), scaled = FALSE)``
  (centroid scheme, R's default tolerance 1e-6), as plspm-python stores them.

plspm 0.5.7 does not run on pandas 3 (its inner model indexes a frame in a way pandas 3 refuses),
so run it in a separate environment, from the repository root::

    python3 -m venv /tmp/plsref && /tmp/plsref/bin/pip install plspm==0.5.7 pandas==2.2.3 "numpy<2.1"
    /tmp/plsref/bin/python tests/data/survey/pls/make_reference.py [--r-published DIR]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
BLOCKS = {"IMAG": "imag", "EXPE": "expe", "QUAL": "qual", "VAL": "val", "SAT": "sat", "LOY": "loy"}
INNER = [("IMAG", "EXPE"), ("IMAG", "SAT"), ("IMAG", "LOY"), ("EXPE", "QUAL"), ("EXPE", "VAL"), ("EXPE", "SAT"),
         ("QUAL", "VAL"), ("QUAL", "SAT"), ("VAL", "SAT"), ("SAT", "LOY")]


def _plspm(data: pd.DataFrame, scheme: str) -> dict:
    import plspm.config as c
    from plspm.mode import Mode
    from plspm.plspm import Plspm
    from plspm.scheme import Scheme

    s = c.Structure()
    for a, b in INNER:
        s.add_path([a], [b])
    cfg = c.Config(s.path(), scaled=False)
    for lv, prefix in BLOCKS.items():
        cfg.add_lv_with_columns_named(lv, Mode.A, data, prefix)
    fit = Plspm(data, cfg, getattr(Scheme, scheme.upper()), iterations=1000, tolerance=1e-14)
    outer = fit.outer_model()
    pc = fit.path_coefficients()
    eff = fit.effects()
    summ = fit.inner_summary()
    uni = fit.unidimensionality()
    return {
        "outer": {k: {mv: float(outer.loc[mv, k]) for mv in outer.index}
                  for k in ("weight", "loading", "communality", "redundancy")},
        "paths": {f"{a} -> {b}": float(pc.loc[b, a]) for a, b in INNER},
        "r_squared": {lv: float(summ.loc[lv, "r_squared"]) for lv in BLOCKS},
        "effects": {k: {f: float(eff.loc[k, f]) for f in ("direct", "indirect", "total")} for k in eff.index},
        "quality": {lv: {f: float(uni.loc[lv, f]) for f in ("cronbach_alpha", "dillon_goldstein_rho", "eig_1st",
                                                            "eig_2nd")} for lv in BLOCKS},
        "ave": {lv: float(summ.loc[lv, "ave"]) for lv in BLOCKS},
        "gof": float(fit.goodness_of_fit()),
        "scores_first_rows": fit.scores().iloc[:5][list(BLOCKS)].to_numpy().tolist(),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--r-published", type=Path, help="folder with plspm-python's tests/data (R plspm outputs)")
    a = ap.parse_args()
    data = pd.read_csv(HERE / "satisfaction.csv", index_col=0)
    mvs = [c for c in data.columns if c != "gender"]
    x = data[mvs].astype(float)
    std = (x - x.mean()) / x.std(ddof=0)
    import plspm

    out = {"source": f"plspm {getattr(plspm, '__version__', '0.5.7')} (PyPI), tolerance 1e-14", "results": {}}
    for scheme in ("centroid", "path", "factorial"):
        out["results"][f"{scheme}/unscaled"] = _plspm(data[mvs], scheme)
        out["results"][f"{scheme}/scaled"] = _plspm(std, scheme)
    (HERE / "reference_plspm.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if a.r_published:
        d = a.r_published
        om = pd.read_csv(d / "satisfaction.outer-model.csv", index_col=0)
        summ = pd.read_csv(d / "satisfaction.inner-summary.csv", index_col=0)
        eff = pd.read_csv(d / "satisfaction.effects.csv", index_col=0)
        uni = pd.read_csv(d / "satisfaction_unidim.csv", index_col=0)
        r = {"source": "R plspm, scaled = FALSE, centroid, tol 1e-6, as stored by plspm-python tests/data "
                       "(commit addf58434532dc63320589c4cc2f341009d588b0)",
             "outer": {k: om[k].astype(float).to_dict() for k in ("weight", "loading", "communality", "redundancy")},
             "r_squared": summ["r_squared"].astype(float).to_dict(),
             "ave": summ["ave"].astype(float).to_dict(),
             "effects": {k: {f: float(eff.loc[k, f]) for f in ("direct", "indirect", "total")} for k in eff.index},
             "quality": {lv: {f: float(uni.loc[lv, f]) for f in ("cronbach_alpha", "dillon_goldstein_rho", "eig_1st",
                                                                 "eig_2nd")} for lv in uni.index},
             "gof": 0.609741624338411}
        (HERE / "reference_r_plspm.json").write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
