"""survey24: round eleven against R's survey package (R 4.2.2, survey 4.1.1), golden values from
tests/golden/survey24_survey_r.R (stored JSON; reruns under WINDOWEVAL_RERUN_R=1) on survey20's data (set 1, stratum
h5 left out).

* #1 direct standardisation (design.svystandardize, R's ``svystandardize(design, by, over, population)``): every
  window's weights spread to one customer mix; means by window and their SEs equal R's ``svyby(..., svymean)`` of
  the standardised design, linearised and JKn / bootstrap replicate designs; refusals zh/en where R is silent.
* #5 a missing answer is outside the domain (surveys/README.md): the beta interval by window equals R's svyciprop of
  ``subset(d0, !is.na(sat))``, not R's svyciprop with ``na.rm = TRUE`` on the whole design (which counts window W3's
  unanswered row in nrow(design) and degf(design); the two differ ~6e-4 in W3's interval).
Tolerance 1e-10 relative."""
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D

from _survey_r import design_from_golden, rerun_r_test

HERE = Path(__file__).parent / "golden"
G = json.loads((HERE / "survey24_survey_r.json").read_text(encoding="utf-8"))
TEXT = {c: str for c in ["h", "psu", "ssu", "win", "b", "ct"]}
POP = dict(zip(G["pop"]["ct"], G["pop"]["Freq"]))

test_rerun_r_gives_the_stored_values = rerun_r_test("survey24", "about ten seconds")


@pytest.fixture(scope="module")
def frame():
    f = pd.read_csv(HERE / "survey20_data.csv", dtype=TEXT)
    f = f[(f["set"] == 1) & (f["h"] != "h5")].reset_index(drop=True)
    assert f.loc[f["win"] == "W3", "sat"].isna().sum() == 1      # an unanswered row: outside the domain
    return f


def _lin(frame):
    return D.svydesign(frame, ids="psu", strata="h", weights="w")


def _check_means(d, e):
    for y in ("s", "sat"):
        t = D.svymean(d, y, by="win")
        assert t["win"].tolist() == e[y]["win"]
        np.testing.assert_allclose(t["mean"].to_numpy(), e[y]["est"], rtol=1e-10, err_msg=y)
        np.testing.assert_allclose(t["se"].to_numpy(), e[y]["se"], rtol=1e-10, err_msg=y)


def test_standardised_weights_and_means_by_window_equal_r(frame):
    # R: s <- svystandardize(d0, by = ~ct, over = ~win, population = pop); weights(s, "sampling");
    #    svyby(~s, ~win, s, svymean, na.rm = TRUE); svyby(~sat, ~win, s, svymean, na.rm = TRUE)
    #    d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d); pop: ct business 3000, resident 5000
    d = D.svystandardize(_lin(frame), "ct", "win", POP)
    np.testing.assert_allclose(d.weights, G["std"]["weights"], rtol=1e-10)
    _check_means(d, G["std"])
    # each window keeps its total and takes the population's mix
    w = pd.Series(d.weights)
    tot = w.groupby(frame["win"]).sum()
    np.testing.assert_allclose(tot.to_numpy(), pd.Series(_lin(frame).weights).groupby(frame["win"]).sum().to_numpy(),
                               rtol=1e-12)
    mix = w.groupby([frame["win"], frame["ct"]]).sum() / w.groupby(frame["win"]).sum().reindex(
        w.groupby([frame["win"], frame["ct"]]).sum().index, level=0)
    np.testing.assert_allclose(mix.xs("resident", level=1).to_numpy(), 5 / 8, rtol=1e-12)


@pytest.mark.parametrize("kind", ["JKn", "bootstrap"])
def test_standardised_replicate_designs_equal_r(frame, kind):
    # R: svyby(~s, ~win, svystandardize(rd, by = ~ct, over = ~win, population = pop), svymean, na.rm = TRUE) and
    #    the same of ~sat; rd <- as.svrepdesign(d0, type = kind) (bootstrap: replicates = 40 after set.seed(24))
    rd = design_from_golden(frame, G["rep"][kind])
    _check_means(D.svystandardize(rd, "ct", "win", POP), G["rep"][kind]["std"])


def test_a_table_population_and_shares_give_the_same_design(frame):
    a = D.svystandardize(_lin(frame), "ct", "win", POP)
    b = D.svystandardize(_lin(frame), ["ct"], ["win"], pd.DataFrame({"ct": ["resident", "business"], "Freq": [0.625, 0.375]}))
    np.testing.assert_allclose(a.weights, b.weights, rtol=1e-13)


def _refused(frame, pop, by="ct", over="win", f=None):
    with pytest.raises(D.DesignError) as e:
        D.svystandardize(_lin(frame if f is None else f), by, over, pop)
    msg = str(e.value)
    zh, en = msg.split(" / ", 1)
    assert zh and en and "Traceback" not in msg
    return zh, en


def test_a_population_missing_a_level_is_refused(frame):
    zh, en = _refused(frame, {"resident": 5000})
    assert "business" in zh and "标准构成中没有" in zh and "missing from the standard population" in en


def test_a_level_without_respondents_in_a_window_is_refused(frame):
    f = frame[~((frame["win"] == "W3") & (frame["ct"] == "business"))].reset_index(drop=True)
    zh, en = _refused(frame, POP, f=f)
    assert "('W3', 'business')" in zh and "W3" in en and "fall short" in en


def test_a_sampled_level_given_a_share_of_zero_is_refused_not_dropped(frame):
    # R: svystandardize(d0, by = ~ct, over = ~win, population = c(resident = 5000, business = 0)) sets every business
    # respondent's weight to 0 without a word (postStratify, partial = TRUE); refused here, naming the level, the way
    # out (subset first) and no post-stratum separator
    zh, en = _refused(frame, {"resident": 5000, "business": 0})
    assert "business" in zh and "是 0" in zh and "subset" in zh and "\x1f" not in zh + en
    assert "share of 0" in en and "take them out with subset first" in en
    # taken out first, as the message says: the rest standardised, every window keeping its weight
    f = frame[frame["ct"] != "business"].reset_index(drop=True)
    d = D.svystandardize(_lin(f), "ct", "win", {"resident": 5000, "business": 0})
    got = pd.Series(d.weights, index=f.index).groupby(f["win"]).sum()
    np.testing.assert_allclose(got.to_numpy(), f.groupby("win")["w"].sum().to_numpy(), rtol=1e-12)


def test_shares_that_do_not_sum_to_one_are_refused(frame):
    zh, en = _refused(frame, {"resident": 0.6, "business": 0.3})
    assert "0.9" in zh and "add up to 0.9, not 1" in en


@pytest.mark.parametrize("pop", [{"resident": -1, "business": 3}, {"resident": 0, "business": 0},
                                 {"resident": float("nan"), "business": 3}])
def test_counts_negative_missing_or_zero_are_refused(frame, pop):
    zh, en = _refused(frame, pop)
    assert "非负数" in zh and "non-negative" in en


def test_beta_interval_reads_a_missing_answer_as_outside_the_domain(frame):
    # R: svyby(~sat, ~win, subset(d0, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
    #    not: svyby(~sat, ~win, d0, svyciprop, method = "beta", vartype = c("se", "ci"), na.rm = TRUE)
    t = D.svyciprop(_lin(frame), "sat", by="win", method="beta")
    e, other = G["na"]["subset"], G["na"]["na_rm"]
    assert t["win"].tolist() == e["win"]
    for c in ("mean", "se", "ci_low", "ci_high"):
        np.testing.assert_allclose(t[c].to_numpy(), e[c], rtol=1e-10, err_msg=c)
    # the decision matters in W3 only (its unanswered row), by ~6e-4 in the interval
    assert abs(t["ci_low"].iloc[2] - other["ci_low"][2]) > 1e-4
    np.testing.assert_allclose(t["ci_low"].to_numpy()[:2], other["ci_low"][:2], rtol=1e-10)


@pytest.mark.parametrize("kind", ["JKn", "bootstrap"])
def test_standardised_windows_contrasted_on_replicate_designs_equal_r(frame, kind):
    # R: svycontrast(svyby(~s, ~win, subset(svystandardize(rd, by = ~ct, over = ~win, population = pop), !is.na(s)),
    #                      svymean, covmat = TRUE), list(`W2 - W1` = c(-1, 1, 0), `W3 - W1` = c(-1, 0, 1)))
    #    rd <- as.svrepdesign(d0, type = kind) (bootstrap: replicates = 40 after set.seed(24)); coef, SE, vcov
    e = G["rep"][kind]["contrast"]
    sd = D.svystandardize(design_from_golden(frame, G["rep"][kind]), "ct", "win", POP)
    t = D.svymean(sd, "s", by="win", covmat=True)
    c = D.svycontrast(t, {"W2 - W1": [-1, 1, 0], "W3 - W1": [-1, 0, 1]})
    assert c["contrast"].tolist() == ["W2 - W1", "W3 - W1"]
    np.testing.assert_allclose(c["estimate"].to_numpy(), e["est"], rtol=1e-10)
    np.testing.assert_allclose(c["se"].to_numpy(), e["se"], rtol=1e-10)
    # the windows share replicates: the covariance between the two contrasts is R's, not 0
    V = np.asarray(t.attrs["vcov"])
    L = np.array([[-1, 1, 0], [-1, 0, 1]], dtype=float)
    np.testing.assert_allclose(L @ V @ L.T, e["vcov"], rtol=1e-10)
