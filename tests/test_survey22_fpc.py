"""survey22: a blank fpc cell's refusal names its rows through _rows_shown, as every design refusal does (sheet!row
for a workbook of month sheets)."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def test_a_blank_fpc_names_its_rows_as_the_delivery_shows_them():
    # before survey22: _refuse_missing_fpc formatted the rows itself and a workbook of month sheets lost sheet!row
    f = pd.DataFrame({"sheet": ["1月", "1月", "2月", "2月"], "row": [6, 7, 6, 7], "h": list("aabb"),
                      "psu": [1, 2, 3, 4], "w": 1.0, "N": [10.0, 10, np.nan, np.nan]})
    with pytest.raises(D.DesignError) as e:
        D.svydesign(f, ids="psu", strata="h", weights="w", fpc="N")
    assert "（行 2月!6, 2月!7）" in str(e.value) and "(rows 2月!6, 2月!7)" in str(e.value)
    many = pd.DataFrame({"row": range(2, 16), "h": "a", "psu": range(14), "w": 1.0, "N": np.nan})
    with pytest.raises(D.DesignError, match=r"行 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 …\(\+4\)"):
        D.svydesign(many, ids="psu", strata="h", weights="w", fpc="N")
