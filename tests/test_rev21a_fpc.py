"""Review rev21a: a later stage's fpc refusal names its cluster within its stratum, and says so in Chinese as in
English.

With nest=True cluster ids repeat across strata (psu 1 in stratum a and in stratum b): the refusal named
"stage-1 cluster psu=1" -- which one? -- and its Chinese told every row of a *stratum* (同一层) to hold the same
number where the English said a cluster's.
"""
from __future__ import annotations

import pandas as pd
import pytest

from windoweval.survey.design import DesignError, svydesign


def _frame():
    return pd.DataFrame({"st": ["a"] * 4 + ["b"] * 4, "psu": [1, 1, 2, 2, 1, 1, 2, 2], "ssu": range(1, 9), "w": 1.0,
                         "f1": [10] * 8, "f2": [5, 5, 5, 5, 4, 6, 4, 4], "f3": [5, 5, 5, 5, 4, 4, 1, 1]})


def test_an_uneven_second_stage_fpc_names_the_stratum_and_the_cluster():
    with pytest.raises(DesignError) as e:
        svydesign(_frame(), strata="st", ids=["psu", "ssu"], weights="w", fpc=["f1", "f2"], nest=True)
    msg = str(e.value)
    assert "st=b" in msg and "psu=1" in msg and "rows 5" not in msg
    zh = msg.split(" / ")[0]
    assert "同一群的每一行" in zh and "同一层的每一行" not in zh


def test_a_second_stage_fpc_below_the_sample_names_the_stratum_and_the_cluster():
    with pytest.raises(DesignError) as e:
        svydesign(_frame(), strata="st", ids=["psu", "ssu"], weights="w", fpc=["f1", "f3"], nest=True)
    msg = str(e.value)
    assert "st=b" in msg and "psu=2" in msg and "(rows 7, 8)" in msg


def test_uneven_fpc_values_are_shown_as_written_not_rounded_to_six_digits():
    # {x:g} showed 1234567 and 1234568 both as 1.23457e+06: two "different" values printed alike, neither the file's
    f = pd.DataFrame({"st": ["a"] * 4, "psu": range(4), "w": 1.0, "N": [1234567, 1234567, 1234568, 1234567]})
    with pytest.raises(DesignError) as e:
        svydesign(f, strata="st", ids="psu", weights="w", fpc="N")
    msg = str(e.value)
    assert "1234568 (row 3)" in msg and "1234567 (rows 1, 2, 4)" in msg and "e+06" not in msg

