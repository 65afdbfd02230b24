"""A window whose answers are all alike: its mean is that answer exactly, its SE 0 and its design effect NaN (0/0),
as R's survey package gives them (survey 4.1.1, R 4.2.2).

Summing w * y over every row (the other domains' rows as zeros) and dividing by the domain's own sum of weights left
the mean of such a window a few ulps off the answer; its linearised values were then rounding noise, not zeros: an SE of
6e-15 where R has 0, a design effect of noise over noise (1.34 for window A below, where R gives NaN; 0 for a window
of one respondent) and, in a calibrated design, a satisfaction rate of 0.9999999999999999 with an interval [1, 1] where
R's svyciprop has rate 1, SE 0 and no interval (surveys/README.md: "方差为 0 ... NaN"; the command's note counts such
windows by SE 0 and missed it).
"""
import numpy as np
import pandas as pd

from windoweval.survey import design as D
from windoweval.survey import estimate as E

# R: f <- data.frame(h = c(rep("S1", 5), rep("S2", 4)), psu = c("P1","P1","P1","P2","P2","P1","P1","P2","P2"),
#      w = c(0.688757, 1.3, 2.1, 0.9, 1.7, 3.766284, 2.2, 1.1, 0.75), win = strsplit("ABBBBABBC", "")[[1]],
#      y = c(50, 100, 25, 75, 0, 50, 75, 100, 75))
#    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = f)
F = pd.DataFrame({"h": ["S1"] * 5 + ["S2"] * 4, "psu": ["P1", "P1", "P1", "P2", "P2", "P1", "P1", "P2", "P2"],
                  "w": [0.688757, 1.3, 2.1, 0.9, 1.7, 3.766284, 2.2, 1.1, 0.75],
                  "win": list("ABBBBABBC"), "y": [50, 100, 25, 75, 0, 50, 75, 100, 75.0]})
# svyby(~y, ~win, des, svymean, deff = TRUE) and deff = "replace":
#   A 50 SE 0 DEff NaN (both); B 56.4516129032258 SE 7.54821061993952 DEff 0.569391690984359, replace
#   0.202042212929934; C 75 SE 0 DEff NA (a warning: sample size greater than population size), replace NaN
B = dict(mean=56.4516129032258, se=7.54821061993952, deff=0.569391690984359, deff_replace=0.202042212929934)


def check_by_window(t, deff_cols):
    a, b, c = (t[t["win"] == k].iloc[0] for k in "ABC")
    assert a["mean"] == 50.0 and a["se"] == 0.0        # R: 50, SE 0 exactly
    assert c["mean"] == 75.0 and c["se"] == 0.0
    for col in deff_cols:
        assert np.isnan(a[col]) and np.isnan(c[col]), (col, a[col], c[col])   # R: NaN (C: NA, NaN)
        np.testing.assert_allclose(b[col], B[col], rtol=1e-10)
    np.testing.assert_allclose([b["mean"], b["se"]], [B["mean"], B["se"]], rtol=1e-10)


def test_design_svymean_of_a_window_answered_alike():
    des = D.svydesign(F, ids="psu", strata="h", weights="w")
    check_by_window(D.svymean(des, "y", by="win", deff=True), ["deff", "deff_replace"])


def test_estimate_design_mean_of_a_window_answered_alike():
    # the same through windoweval.survey.estimate (its deff is R's deff = "replace")
    f = F.rename(columns={"h": "stratum", "w": "weight"})
    t = E.design_mean(E.survey_design(f), "y", by="win", deff=True)
    check_by_window(t.rename(columns={"deff": "deff_replace"}), ["deff_replace"])


def test_svyratio_of_a_window_answered_alike():
    # R: svyby(~y, ~win, denominator = ~one, des, svyratio) with one = 1: A 50 SE 0, C 75 SE 0
    des = D.svydesign(F.assign(one=1.0), ids="psu", strata="h", weights="w")
    t = D.svyratio(des, "y", "one", by="win")
    assert t.loc[t["win"] == "A", "se"].iloc[0] == 0.0 and t.loc[t["win"] == "C", "se"].iloc[0] == 0.0


# R: g <- data.frame(h = rep(c("S1", "S2"), each = 6), psu = rep(rep(c("P1", "P2"), each = 3), 2),
#      w = c(3.801, 2.29, 3.917, 0.783, 2.626, 1.818, 3.307, 1.111, 3.551, 2.404, 3.658, 2.17),
#      win = strsplit("AABBABBAABAB", "")[[1]], x = c(818, 444, 211, 731, 871, 887, 843, 395, 686, 875, 558, 843),
#      sat = c(1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1))
#    c <- calibrate(svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = g), ~x,
#                   population = c(`(Intercept)` = 37.7, x = 23167), calfun = "linear")
#    svyby(~sat, ~win, c, svyciprop, method = "beta", vartype = c("se", "ci"))
#      A 1 SE 0 CI NaN NaN; B 0.408654594667589 SE 0.100770071059946 CI 0.0768995388790463 0.821924736438861
G = pd.DataFrame({"h": ["S1"] * 6 + ["S2"] * 6, "psu": (["P1"] * 3 + ["P2"] * 3) * 2,
                  "w": [3.801, 2.29, 3.917, 0.783, 2.626, 1.818, 3.307, 1.111, 3.551, 2.404, 3.658, 2.17],
                  "win": list("AABBABBAABAB"), "x": [818, 444, 211, 731, 871, 887, 843, 395, 686, 875, 558, 843.0],
                  "sat": [1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 1.0]})


def test_calibrated_rate_of_a_window_all_satisfied():
    c = D.calibrate(D.svydesign(G, ids="psu", strata="h", weights="w"), ["x"], {"(Intercept)": 37.7, "x": 23167.0})
    t = D.svyciprop(c, "sat", by="win")
    a, b = (t[t["win"] == k].iloc[0] for k in "AB")
    assert a["mean"] == 1.0 and a["se"] == 0.0 and np.isnan(a["ci_low"]) and np.isnan(a["ci_high"])
    np.testing.assert_allclose([b["mean"], b["se"], b["ci_low"], b["ci_high"]],
                               [0.408654594667589, 0.100770071059946, 0.0768995388790463, 0.821924736438861],
                               rtol=1e-9)
