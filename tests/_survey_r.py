"""Shared set-up of the tests against R's survey package (test_survey14_r, test_survey15_r, test_survey16_r ...).

The goldens are ``tests/golden/<name>_survey_r.json`` (written by ``<name>_survey_r.R`` from ``<name>_data.csv``);
jsonlite writes NaN and NA as strings. A replicate design is rebuilt from the replicate weights R made (its entry's
``repweights``, ``weights``, ``scale``, ``rscales``, ``type``, ``degf``).
"""
import json
from pathlib import Path

import numpy as np
import pandas as pd

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


def design_from_golden(frame: pd.DataFrame, e: dict):
    # as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type=ty): R's replicate weights, rebuilt
    rw = np.array(e["repweights"], dtype=float)
    cols = [f"rep{i}" for i in range(rw.shape[1])]
    f = pd.concat([frame, pd.DataFrame(rw, columns=cols)], axis=1).assign(w=e["weights"])
    des = D.replicate_design(f, cols, type=e["type"], weights="w", scale=e["scale"], rscales=e["rscales"])
    assert D.degf(des) == e["degf"]
    return des
