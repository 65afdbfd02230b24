"""survey45: a window nobody answered the 0-10 question in (a firm that skipped it at one hall) made every window's
net promoter score NaN (``net_promoter(by="window_id")``, so ``survey estimate --stat nps --by window_id`` and the
report's table): ``svycontrast`` counted the empty window's NaN covariances into the other windows' contrasts, which
give that row 0 (R's contrast: a row given 0 does not matter).  A window's score is a domain estimate: it does not
depend on another window's answers."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey.design import net_promoter, svycontrast, svydesign, svymean


def _frame():
    rng = np.random.default_rng(1)
    f = pd.DataFrame({"window_id": np.repeat(["A", "B", "C"], 20), "stratum": np.tile(["s1", "s2"], 30),
                      "weight": rng.uniform(1, 3, 60), "x": rng.integers(0, 11, 60).astype(float)})
    f["psu"] = f.window_id + (np.arange(60) % 10).astype(str)
    return f


def test_a_window_nobody_answered_leaves_the_others_scores_as_they_are():
    f = _frame()
    full = net_promoter(svydesign(f, ids="psu", strata="stratum", weights="weight"), "x", by="window_id")
    f.loc[f.window_id == "A", "x"] = np.nan
    got = net_promoter(svydesign(f, ids="psu", strata="stratum", weights="weight"), "x", by="window_id")
    assert got.window_id.tolist() == ["A", "B", "C"]
    assert np.isnan(got.nps.iloc[0]) and got.n.iloc[0] == 0               # A: no answer, no score
    assert got.nps.iloc[1:].tolist() == pytest.approx(full.nps.iloc[1:].tolist(), rel=1e-12)   # before: NaN
    assert got.se.iloc[1:].tolist() == pytest.approx(full.se.iloc[1:].tolist(), rel=1e-12)


def test_a_contrast_that_reaches_the_empty_row_is_still_nan():
    f = _frame()
    f.loc[f.window_id == "A", "x"] = np.nan
    t = svymean(svydesign(f, ids="psu", strata="stratum", weights="weight"), "x", by="window_id", covmat=True)
    c = svycontrast(t, {"b-a": [-1, 1, 0], "c-b": [0, -1, 1]})
    assert np.isnan(c.estimate.iloc[0]) and np.isnan(c.se.iloc[0])
    assert np.isfinite(c.estimate.iloc[1]) and np.isfinite(c.se.iloc[1]) and c.se.iloc[1] > 0
