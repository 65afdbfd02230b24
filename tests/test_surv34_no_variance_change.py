"""A year-on-year change whose standard error is 0 has no test: a window of one respondent in each year (or whose
respondents all answered alike both years) has SE 0 each year, so z = diff / 0 was infinite, p 0, and the change
"显著进步 / improved significantly" or "显著下降 / fell significantly" -- a verdict on no evidence of its variance
(one answer says nothing of how answers vary). Now z and p are NaN there and the change is only "improved" or "did
not improve" by its sign. (R's svycontrast would divide by 0 as well; it is no estimate of a variance either.)
"""
import numpy as np
import pandas as pd

from windoweval.survey import analysis as A
from windoweval.demo import survey as demo


def test_year_on_year_has_no_test_without_variance():
    def table(estimates, ses):
        return pd.DataFrame({"window_id": list("ABC"), "measure": "overall", "estimate": estimates, "se": ses})

    a, b = table([100.0, 50.0, 70.0], [0.0, 0.0, 3.0]), table([75.0, 75.0, 74.0], [0.0, 0.0, 4.0])
    t = A.year_on_year(a, b).set_index("window_id")
    assert t.loc["A", "se_diff"] == 0 and np.isnan(t.loc["A", "z"]) and np.isnan(t.loc["A", "p_value"])
    assert not t.loc["A", "significant"] and not t.loc["B", "significant"]
    np.testing.assert_allclose([t.loc["C", "z"], t.loc["C", "se_diff"]], [0.8, 5.0])      # an SE: tested as before


def test_progress_of_a_window_of_one_respondent_is_not_significant():
    w = ["PW01", "PW02", "PW03"]
    prev = demo.generate_delivery("power_hall", 2024, w, n_per_window=30, seed=3)
    cur = demo.generate_delivery("power_hall", 2025, w, n_per_window=30, seed=3)
    # PW03: one respondent each year, overall 5 last year and 2 this year
    prev = pd.concat([prev[prev["window_id"] != "PW03"], prev[prev["window_id"] == "PW03"].head(1).assign(overall=5)])
    cur = pd.concat([cur[cur["window_id"] != "PW03"], cur[cur["window_id"] == "PW03"].head(1).assign(overall=2)])
    t = A.progress_table(prev, cur, "power_hall", lonely_psu="certainty").set_index("window_id")
    r = t.loc["PW03"]
    assert r["diff"] == -75.0 and r["se_diff"] == 0
    assert not r["fell_significantly"], r
    assert r["verdict_en"] == "did not improve" and r["verdict_zh"] == "未进步"
