"""A sampling fraction at or below 0 in an fpc column is refused with its rows, values and fix, zh/en (survey21
noticed the message named no rows: "sampling fractions must be greater than 0")."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.errors import EXIT_INPUT
from windoweval.survey.design import DesignError, svydesign


def test_a_fraction_at_zero_is_refused_with_rows_values_and_fix():
    f = pd.DataFrame({"row": np.arange(2, 14), "st": ["a"] * 6 + ["b"] * 6, "psu": np.arange(12),
                      "w": 1.0, "y": np.arange(12.0), "fr": [0.1] * 6 + [0.0] * 6})
    with pytest.raises(DesignError) as e:
        svydesign(f, ids="psu", strata="st", weights="w", fpc="fr")
    msg = str(e.value)
    assert "fpc 列 fr" in msg and "6 个值不大于 0" in msg and "行 8, 9, 10, 11, 12, 13" in msg and "值 0" in msg
    assert "fpc column fr" in msg and "6 values at or below 0" in msg and "rows 8, 9, 10, 11, 12, 13" in msg
    assert "correct it from the sampling frame" in msg and msg.index("fpc 列") < msg.index("fpc column")
    assert e.value.exit_code == EXIT_INPUT
