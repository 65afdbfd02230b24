"""Shared set-up of the tests against R's survey package (test_survey14_r, test_survey15_r, test_survey16_r ...).

The goldens are ``tests/golden/<name>_survey_r.json`` (written by ``<name>_survey_r.R`` from ``<name>_data.csv``);
jsonlite writes NaN and NA as strings. A replicate design is rebuilt from the replicate weights R made (its entry's
``repweights``, ``weights``, ``scale``, ``rscales``, ``type``, ``degf``).
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

HERE = Path(__file__).parent / "golden"
RTOL = 1e-10


def r(x):
    """R's JSON numbers as floats (jsonlite writes NaN and NA as strings)."""
    return np.array([np.nan if v in ("NaN", "NA", None) else v for v in np.atleast_1d(x)], dtype=float)


def close(a, b, rtol=RTOL):
    np.testing.assert_allclose(np.atleast_1d(np.asarray(a, dtype=float)), r(b), rtol=rtol, atol=1e-13, equal_nan=True)


def load_golden(name: str, dtype: dict):
    """(golden JSON, data CSV, close, golden folder) of ``tests/golden/<name>_*``."""
    g = json.loads((HERE / f"{name}_survey_r.json").read_text(encoding="utf-8"))
    return g, pd.read_csv(HERE / f"{name}_data.csv", dtype=dtype), close, HERE


def check_mean_total_ratio(des, g: dict, y: str = "s", denominator: str = "tm") -> None:
    """svymean, svytotal and svyratio of ``y`` (over ``denominator``) against R's, the entries ``mean``, ``total`` and
    ``ratio`` of ``g`` (``est``, ``se``) that ``survey_r_common.R``'s ``mean_total_ratio(des)`` writes:
    R's svymean(~s, des, na.rm = TRUE); svytotal(~s, des, na.rm = TRUE); svyratio(~s, ~tm, des, na.rm = TRUE)."""
    for got, key, col in ((D.svymean(des, y), "mean", "mean"), (D.svytotal(des, y), "total", "total"),
                          (D.svyratio(des, y, denominator), "ratio", "ratio")):
        assert "error" not in g[key], g[key]
        close(got[col], g[key]["est"])
        close(got["se"], g[key]["se"])


def linear_design(frame: pd.DataFrame, kind: str, fpc: str):
    """The stratified cluster design of a golden data set: ``lin`` is R's ``svydesign(ids = ~psu, strata = ~h,
    weights = ~w, data = d)``, ``lin_fpc`` the same with ``fpc = ~<fpc>``; None for any other kind."""
    if kind == "lin":
        return D.svydesign(frame, ids="psu", strata="h", weights="w")
    if kind == "lin_fpc":
        return D.svydesign(frame, ids="psu", strata="h", weights="w", fpc=fpc)
    return None


def design_from_golden(frame: pd.DataFrame, e: dict):
    # as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type=ty): R's replicate weights, rebuilt
    rw = np.array(e["repweights"], dtype=float)
    cols = [f"rep{i}" for i in range(rw.shape[1])]
    f = pd.concat([frame, pd.DataFrame(rw, columns=cols)], axis=1).assign(w=e["weights"])
    des = D.replicate_design(f, cols, type=e["type"], weights="w", scale=e["scale"], rscales=e["rscales"])
    assert D.degf(des) == e["degf"]
    return des


def rerun_r_test(name: str, took: str = "under a minute"):
    """The test that reruns a golden from the start, for a test module to bind as ``test_rerun_r_gives_the_stored_values``.

    With ``WINDOWEVAL_RERUN_R=1`` and Rscript present: ``<name>_make_data.py`` writes the data again (to a temporary
    file) and it must equal the stored ``<name>_data.csv`` byte for byte; ``<name>_survey_r.R`` then writes its JSON
    elsewhere (its optional argument) and every entry but ``meta`` (versions, date) must equal the stored JSON's."""

    @pytest.mark.skipif(not (shutil.which("Rscript") and os.environ.get("WINDOWEVAL_RERUN_R")),
                        reason=f"reruns R ({took}): set WINDOWEVAL_RERUN_R=1 where Rscript and survey are installed")
    def test_rerun_r_gives_the_stored_values(tmp_path):
        maker = HERE / f"{name}_make_data.py"
        if maker.exists():
            csv = tmp_path / f"{name}_data.csv"
            subprocess.run([sys.executable, str(maker), str(csv)], check=True, capture_output=True)
            assert csv.read_bytes() == (HERE / f"{name}_data.csv").read_bytes(), f"{maker.name} no longer writes the stored data"
        out = tmp_path / f"{name}.json"
        subprocess.run(["Rscript", str(HERE / f"{name}_survey_r.R"), str(out)], check=True, capture_output=True)
        new = json.loads(out.read_text(encoding="utf-8"))
        old = json.loads((HERE / f"{name}_survey_r.json").read_text(encoding="utf-8"))
        assert {k: v for k, v in new.items() if k != "meta"} == {k: v for k, v in old.items() if k != "meta"}

    return test_rerun_r_gives_the_stored_values
