"""left42: one recogniser of a year (windoweval.years.recognise_year) for the API, the notebooks' parameters and
--year, each caller's message built around it.

Before: ``evaluation.as_year`` took ``2025.0`` and bounded years to 1900–2200, while a notebook's ``year = 2025.0``
was refused and its ``year = 99999`` taken (to end in a traceback inside pandas); the three readers each had their
own rule.  Decided: the notebook takes what the API takes (a YAML or spreadsheet cell gives 2025.0) and refuses what
it refuses.
"""
import argparse

import numpy as np
import pytest

from windoweval.cli.args import year as cli_year
from windoweval.errors import UsageError
from windoweval.evaluation import as_year
from windoweval.params import BadParameter, notebook_values

TAKEN = [2025, np.int64(2025), 2025.0, np.float64(2024.0), "2025", " 2026 "]
REFUSED = [99999, 1899, 2201, 2025.5, float("nan"), True, "2025; import os", "２０２５", [2025], "", -2025]


def _api(v):
    try:
        return as_year(v)
    except UsageError:
        return "refused"


def _notebook(v):
    try:
        return notebook_values(year=v)["year"]
    except BadParameter as e:
        assert "年份" in str(e) and "is not a year" in str(e) and str(e).index("年份") < str(e).index("is not a year")
        return "refused"


def _cli(v):
    try:
        return cli_year(str(v))
    except argparse.ArgumentTypeError:
        return "refused"


@pytest.mark.parametrize("v", TAKEN)
def test_what_the_api_takes_the_notebook_takes(v):
    assert _api(v) == _notebook(v) == int(float(str(v).strip())), v


@pytest.mark.parametrize("v", REFUSED)
def test_what_the_api_refuses_the_notebook_refuses(v):
    assert _api(v) == _notebook(v) == "refused", v


def test_the_baseline_too_and_the_command_line():
    assert notebook_values(year=2025.0, baseline_year=2024.0) == {"year": 2025, "baseline_year": 2024}
    with pytest.raises(BadParameter, match="baseline_year.*1900–2200"):
        notebook_values(year=2025, baseline_year=99)
    for v in ("2025", " 2026 ", "99999", "2025; import os", "２０２５"):
        assert _cli(v) == _api(v), v
