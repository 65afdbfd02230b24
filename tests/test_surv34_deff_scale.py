"""R's design effect against sampling without replacement (svymean(..., deff = TRUE)) is NA when the weights sum to
less than the respondents: the population would be smaller than the sample (R warns "Sample size greater than
population size: are weights correctly scaled?"). The package divided by (W - n) / W there and printed a negative design
effect (-0.0001 ... on weights of 1e-4 a respondent), which no design has. Now NaN, as R's, and `survey estimate --deff`
says why; deff_replace (R's deff = "replace") needs no population size and is kept.

surveys/README.md lets weights sum to anything (a weight is "大于 0 的数"); scaled weights (mean 1, or shares) are
common in deliveries.
"""
import contextlib
import io

import numpy as np
import pandas as pd

from windoweval.cli import main
from windoweval.demo import survey as demo
from windoweval.survey import design as D

# R: f <- data.frame(h = c(rep("S1", 5), rep("S2", 4)), psu = c("P1","P1","P1","P2","P2","P1","P1","P2","P2"),
#      w = c(0.688757, 1.3, 2.1, 0.9, 1.7, 3.766284, 2.2, 1.1, 0.75) / 10, win = strsplit("ABBBBABBC", "")[[1]],
#      y = c(50, 100, 25, 75, 0, 50, 75, 100, 75))
#    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, nest = TRUE, data = f)
F = pd.DataFrame({"h": ["S1"] * 5 + ["S2"] * 4, "psu": ["P1", "P1", "P1", "P2", "P2", "P1", "P1", "P2", "P2"],
                  "w": np.array([0.688757, 1.3, 2.1, 0.9, 1.7, 3.766284, 2.2, 1.1, 0.75]) / 10,
                  "win": list("ABBBBABBC"), "y": [50, 100, 25, 75, 0, 50, 75, 100, 75.0]})


def test_svymean_deff_is_nan_when_the_weights_sum_below_the_sample():
    des = D.svydesign(F, ids="psu", strata="h", weights="w")
    t = D.svymean(des, "y", deff=True).iloc[0]
    # svymean(~y, des, deff = TRUE): 55.429147011718, SE 5.413982074419, DEff NA (and R's warning)
    np.testing.assert_allclose([t["mean"], t["se"]], [55.429147011718, 5.413982074419], rtol=1e-11)
    assert np.isnan(t["deff"]), t["deff"]
    # deff(svymean(~y, des, deff = "replace")): 0.251180125031428
    np.testing.assert_allclose(t["deff_replace"], 0.251180125031428, rtol=1e-10)
    # svyby(~y, ~win, des, svymean, deff = TRUE): DEff NA in every window (B: 56.4516129032258, SE 7.54821061993952)
    b = D.svymean(des, "y", by="win", deff=True)
    assert b["deff"].isna().all(), b["deff"].tolist()


def test_svymean_deff_kept_when_the_weights_sum_above_the_sample():
    # the same weights times 10 (sum 14.5 > 9 rows): deff(svymean(~y, des, deff = TRUE)) 0.661825772408596
    des = D.svydesign(F.assign(w=F["w"] * 10), ids="psu", strata="h", weights="w")
    np.testing.assert_allclose(D.svymean(des, "y", deff=True).loc[0, "deff"], 0.661825772408596, rtol=1e-10)


def _run(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(args)
    return rc, out.getvalue(), err.getvalue()


def test_estimate_command_says_why_deff_is_missing():
    df = demo.generate_delivery("power_hall", 2025, ["PW01", "PW02"], n_per_window=30, seed=4)
    df["weight"] = df["weight"] / df["weight"].sum()        # shares: they sum to 1, far below the 60 respondents
    with demo.delivery_file(df) as p:
        rc, out, err = _run(["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
                             "--deff", "--format", "csv"])
        assert rc == 0, err
        t = pd.read_csv(io.StringIO(out))
        assert t["deff"].isna().all() and t["deff_replace"].notna().all(), t
        rc, out, err = _run(["survey", "estimate", str(p), "--instrument", "power_hall", "--measures", "overall",
                             "--deff"])
    assert rc == 0, err
    note = out[out.index("注意"):]
    assert "权重之和小于" in note and "weights sum to less than" in note, out
    assert note.index("权重之和小于") < note.index("weights sum to less than")      # Chinese first
