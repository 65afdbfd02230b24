"""survey23 #5: every refusal of a non-number in a column a design reads names the delivery's own rows
(``sheet!row`` for a sheet a month, design._rows_shown) where the design's frame has them: before survey23 an analysis
variable (svymean, svyratio, svyttest, svyquantile, svyglm, svyolr) and an offset named the row "from 1" -- row 3
where the firm's sheet says 2月!7 -- while weights and fpc (tests/test_tidy22_design.py) already named the sheet's.
Replicate-weight columns are pinned here too."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S


def _frame(**cols):
    n = 8
    f = pd.DataFrame({"sheet": ["1月"] * 4 + ["2月"] * 4, "row": [5, 6, 7, 8, 5, 6, 7, 8], "h": list("aabbaabb"),
                      "psu": range(1, n + 1), "w": [2.0, 2, 3, 3, 2, 2, 3, 3], "g": list("xyxyxyxy"),
                      "x": [1.0, 2, 3, 4, 5, 6, 7, 8], "y": [1.0, 2, 3, 4, 2, 3, 1, 2], "o": [0.1] * n,
                      "k": [1, 2, 3, 1, 2, 3, 1, 2]})
    return f.assign(**cols)


def _spoil(col):
    f = _frame()
    v = f[col].astype(object)
    v.iloc[6] = "三"           # the sheet 2月, its row 7
    return f.assign(**{col: v})


def _design(f):
    return S.svydesign(f, ids="psu", strata=None, weights="w")


CALLS = {
    "svymean": ("y", lambda d: S.svymean(d, "y")),
    "svyratio numerator": ("y", lambda d: S.svyratio(d, "y", "x")),
    "svyratio denominator": ("x", lambda d: S.svyratio(d, "y", "x")),
    "svyttest": ("y", lambda d: S.svyttest(d, "y", "g")),
    "svyquantile": ("y", lambda d: S.svyquantile(d, "y", 0.5)),
    "svyglm y": ("y", lambda d: S.svyglm(d, "y", ["x"])),
    "svyglm offset": ("o", lambda d: S.svyglm(d, "y", ["x"], offset="o")),
    "svyolr": ("k", lambda d: S.svyolr(d, "k", ["x"])),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_an_analysis_column_refusal_names_the_sheet_and_row(name):
    col, call = CALLS[name]
    with pytest.raises(S.DesignError) as e:
        call(_design(_spoil(col)))
    msg = str(e.value)
    assert "2月!7" in msg and "from 1" not in msg and "从 1 起" not in msg, msg
    assert e.value.exit_code == 3


def test_a_replicate_column_refusal_names_the_sheet_and_row():
    f = _frame()
    R = np.outer(f["w"], np.ones(3)) * np.array([0.5, 1.0, 1.5])
    f = pd.concat([f, pd.DataFrame(R, columns=["r1", "r2", "r3"])], axis=1)
    f["r2"] = f["r2"].astype(object)
    f.loc[6, "r2"] = "1,5"
    with pytest.raises(S.DesignError) as e:
        S.replicate_design(f, ["r1", "r2", "r3"], type="bootstrap", weights="w")
    assert "2月!7" in str(e.value) and "from 1" not in str(e.value)


def test_values_not_the_designs_rows_are_still_numbered_from_1():
    d = _design(_frame())
    with pytest.raises(S.DesignError) as e:
        S.svymean(d, pd.DataFrame({"z": [1.0, "abc"]}))     # two values for eight rows: not the delivery's rows
    assert "from 1" in str(e.value)
