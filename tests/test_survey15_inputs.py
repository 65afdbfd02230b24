"""Survey designs on a delivery as it comes: weights and answers as text, a bad cell refused with its row.

A firm's CSV or XLSX often carries numbers as text (ids are read as text, and so is everything beside them). The
design functions read a number written as text (``"12.5"``, spaces around, full-width digits) as that number, a
blank as missing, and refuse a cell that is text but no number (``"12,5"``, ``"4分"``) with its column, rows and
values and the fix, in Chinese and English (exit code 3) -- before, such a cell became a missing value in silence
(an answer left out of the mean, a weight refused without saying which row).
"""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

F = pd.DataFrame({"h": list("aaabbb"), "psu": list("123456"), "w": [10.0, 12.5, 8.0, 20.0, 15.0, 9.5],
                  "y": [1.0, 4.0, 5.0, 3.0, np.nan, 2.0]})


def text_frame():
    f = F.astype({"w": str, "y": str})
    f["w"] = [" 10 ", "１２．５", "8", "20.0", "15", "9.5"]
    f["y"] = ["1", "4", "5", "3", "", "2"]
    return f


def test_numbers_written_as_text_give_the_same_statistics():
    # R: svymean(~y, svydesign(ids=~psu, strata=~h, weights=~w, data=F), na.rm=TRUE) on the numbers themselves
    a = D.svydesign(F, ids="psu", strata="h", weights="w")
    b = D.svydesign(text_frame(), ids="psu", strata="h", weights="w")
    np.testing.assert_array_equal(a.weights, b.weights)
    for fn in (D.svymean, D.svytotal, D.svyvar):
        pd.testing.assert_frame_equal(fn(a, "y"), fn(b, "y"))
    pd.testing.assert_frame_equal(D.svyratio(a, "y", "w"), D.svyratio(b, "y", "w"))


def test_a_weight_that_is_no_number_is_refused_with_its_row_in_both_languages():
    f = text_frame()
    f.loc[3, "w"] = "20,0"
    with pytest.raises(D.DesignError) as e:
        D.svydesign(f, ids="psu", strata="h", weights="w")
    m = str(e.value)
    assert e.value.exit_code == 3 and "4: '20,0'" in m and "不是数字" in m and "not numbers" in m and "column w" in m


def test_an_answer_that_is_no_number_is_refused_not_left_out_in_silence():
    f = text_frame()
    f.loc[1, "y"] = "4分"
    des = D.svydesign(f, ids="psu", strata="h", weights="w")
    for call in (lambda: D.svymean(des, "y"), lambda: D.svyratio(des, "y", "w"), lambda: D.svyvar(des, "y"),
                 lambda: D.svyranktest(des, "y", "h"), lambda: D.svyglm(des, "y", ["h"]),
                 lambda: D.svyquantile(des, "y", 0.5)):
        with pytest.raises(D.DesignError) as e:
            call()
        assert "2: '4分'" in str(e.value) and "column y" in str(e.value)


def test_a_phone_number_in_a_bad_cell_is_masked_in_the_message():
    f = text_frame()
    f.loc[0, "y"] = "13800138000"          # a number: read as one (a score column would be checked by the instrument)
    f.loc[2, "y"] = "电话 13800138000"
    with pytest.raises(D.DesignError) as e:
        D.svymean(D.svydesign(f, ids="psu", strata="h", weights="w"), "y")
    assert "13800138000" not in str(e.value) and "3: " in str(e.value)


def test_missing_weights_are_refused_with_their_rows():
    f = text_frame()
    f.loc[[1, 4], "w"] = ["", None]
    with pytest.raises(D.DesignError) as e:
        D.svydesign(f, ids="psu", strata="h", weights="w")
    assert "2, 5" in str(e.value) and "2 行" in str(e.value) and "2 rows" in str(e.value)
    g = F.assign(r1=[0.0, 25.0, 16.0, 40.0, 30.0, 19.0], r2=[20.0, np.nan, 0.0, 0.0, 30.0, 19.0])
    with pytest.raises(D.DesignError) as e:
        D.replicate_design(g, ["r1", "r2"], type="JK1", weights="w")
    assert "column r2" in str(e.value) and "(from 1) 2." in str(e.value)


def test_a_window_nobody_answered_has_no_ratio_and_no_standard_error():
    # svyratio / svyvar by window where every answer of one window is missing: NaN and NaN, never a standard error of
    # 0 beside it, and the row is there (n = 0), not dropped
    f = F.assign(win=["A", "A", "B", "A", "B", "A"], y=[1.0, 4.0, np.nan, 3.0, np.nan, 2.0], x=[1.0, 2, 2, 1, 3, 2])
    des = D.svydesign(f, ids="psu", strata="h", weights="w")
    for t, col in ((D.svyratio(des, "y", "x", by="win"), "ratio"), (D.svyvar(des, "y", by="win"), "variance")):
        b = t.set_index("win")
        assert b.loc["B", "n"] == 0 and np.isnan(b.loc["B", col]) and np.isnan(b.loc["B", "se"])
        assert np.isfinite(b.loc["A", "se"]) and b.loc["A", "se"] > 0
