"""A domain whose answers that weigh something are all alike, beside a weight-0 row of another value: its mean is
that answer exactly, SE 0, design effects NaN, as R's (survey 4.1.1).

Before (stats45's find), svymean(by=, deff=True) judged "all alike" over every row of the domain, weight 0 or not,
so window A below had SE 6.5e-17 and design effects 2.24 and 0.68 (noise over noise) where R gives 0 and NaN.

R: f <- data.frame(h = c(rep("S1", 5), rep("S2", 5)), psu = c("P1","P1","P2","P2","P2","P1","P1","P2","P2","P1"),
     w = c(1.3, 2.1, 0.9, 0, 1.7, 3.7, 2.2, 1.1, 0.75, 0), win = strsplit("AAAABBBBBA", "")[[1]],
     y = c(0.7, 0.7, 0.7, 5, 0.3, 0.1, 0.2, 0.7, 0.7, 9))
   des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = f)
   svyby(~y, ~win, des, svymean, deff = TRUE)       # A 0.7 se 0 DEff NaN; B 0.276719576719577 0.169968459655199 5.03169152078953
   svyby(~y, ~win, des, svymean, deff = "replace")  # A NaN; B 2.36942087486914
   f$s <- as.numeric(f$y > 0.5); des <- update(des, s = f$s)  (or svydesign again)
   svyby(~s, ~win, des, svyciprop, method = "beta", vartype = c("se", "ci"))   # A 1 se 0 ci NaN NaN
"""
import numpy as np
import pandas as pd

from windoweval.survey import design as D

F = pd.DataFrame({"h": ["S1"] * 5 + ["S2"] * 5, "psu": ["P1", "P1", "P2", "P2", "P2", "P1", "P1", "P2", "P2", "P1"],
                  "w": [1.3, 2.1, 0.9, 0.0, 1.7, 3.7, 2.2, 1.1, 0.75, 0.0], "win": list("AAAABBBBBA"),
                  "y": [0.7, 0.7, 0.7, 5.0, 0.3, 0.1, 0.2, 0.7, 0.7, 9.0]})


def test_svymean_by_window_with_a_weight_zero_row_of_another_value():
    t = D.svymean(D.svydesign(F, ids="psu", strata="h", weights="w"), "y", by="win", deff=True)
    a, b = (t[t["win"] == k].iloc[0] for k in "AB")
    assert a["mean"] == 0.7 and a["se"] == 0.0
    assert np.isnan(a["deff"]) and np.isnan(a["deff_replace"])
    np.testing.assert_allclose([b["mean"], b["se"], b["deff"], b["deff_replace"]],
                               [0.276719576719577, 0.169968459655199, 5.03169152078953, 2.36942087486914], rtol=1e-10)


def test_svyciprop_of_such_a_window_is_1_with_no_interval():
    f = F.assign(s=(F["y"] > 0.5).astype(float))
    t = D.svyciprop(D.svydesign(f, ids="psu", strata="h", weights="w"), "s", by="win")
    a = t[t["win"] == "A"].iloc[0]
    assert a["mean"] == 1.0 and a["se"] == 0.0 and np.isnan(a["ci_low"]) and np.isnan(a["ci_high"])
