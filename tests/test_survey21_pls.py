"""survey21: the PLS path model's regressions (mode B outer weights, the path scheme's inner weights, the path
coefficients) by least squares on the weighted data, not ``solve(X'WX, X'Wy)`` (the normal equations square the
condition number: the machine-dependence that broke svyglm in survey20)."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey.pls import PLSError, pls_path_model
from test_survey_pls import BLOCKS, ECSI_INNER, SAT


def test_a_collinear_mode_b_block_is_refused_in_both_languages():
    # before: numpy's LinAlgError (a traceback) or weights from a singular X'WX
    data = SAT.assign(qual_dup=SAT["qual1"] * 2.0 - 1.0)          # an indicator that is another one rescaled
    blocks = {**BLOCKS, "QUAL": BLOCKS["QUAL"] + ["qual_dup"]}
    with pytest.raises(PLSError) as e:
        pls_path_model(data, blocks, ECSI_INNER, mode={"QUAL": "B"}, scheme="path", scaled=True)
    msg = str(e.value)
    assert "B 模式块" in msg and "mode B block" in msg and "collinear" in msg
