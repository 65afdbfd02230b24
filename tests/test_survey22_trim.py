"""survey22: trim_weights, R's trimWeights(design, upper, lower, strict) -- the refusals of bounds that cannot hold
(zh/en, exit code 3 as README's table for a design that cannot be declared), weights of 0 left alone, and a design
with nothing outside the bounds returned as it was (R returns the design). Values against R: test_survey22_r.py."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D


def lin(w):
    return D.svydesign(pd.DataFrame({"w": np.asarray(w, dtype=float), "y": np.arange(len(w), dtype=float)}),
                       ids=None, strata=None, weights="w")


@pytest.mark.parametrize("kw,needle", [
    ({"upper": 2, "lower": 5}, "lower=5 > upper=2"),
    ({"upper": float("nan")}, "upper=nan"),
    ({"upper": "10"}, "upper='10'"),
    ({"upper": 5.0, "lower": 4.5}, "全部在界外"),               # every weight outside: nobody to share with
    ({"upper": 3.0, "strict": True}, "平均权重 4 已在界外"),      # mean 4 above 3: R recurses until the stack ends
    ({"lower": 5.0, "strict": True}, "lower at most 4"),
])
def test_bounds_that_cannot_hold_are_refused(kw, needle):
    with pytest.raises(D.DesignError) as e:
        D.trim_weights(lin([1.0, 2, 3, 10]), **kw)
    assert e.value.exit_code == 3
    msg = str(e.value)
    assert needle in msg and " / trim_weights" in msg     # Chinese first, English after


def test_not_strict_trims_once_even_where_strict_could_not():
    # R: weights(trimWeights(svydesign(ids = ~1, weights = ~w, data = data.frame(w = c(1, 2, 3, 10))), upper = 3))
    # -> 3.333333 4.333333 5.333333 3 (one round: the 7 trimmed shared by the three rows not outside, 3 included)
    t = D.trim_weights(lin([1.0, 2, 3, 10]), upper=3.0)
    np.testing.assert_allclose(t.weights, [1 + 7 / 3, 2 + 7 / 3, 3 + 7 / 3, 3.0], rtol=1e-15)


def test_nothing_outside_returns_the_design_itself():
    d = lin([1.0, 2, 3])
    assert D.trim_weights(d, upper=3, lower=1, strict=True) is d


def test_a_weight_of_zero_stays_zero_and_takes_no_share():
    # R's trimWeights.survey.design2 would raise it to lower; a zero is a row the design leaves out
    t = D.trim_weights(lin([0.0, 1, 2, 3, 14]), upper=8, lower=2, strict=True)
    assert t.weights[0] == 0 and t.weights[1:].min() >= 2 and t.weights.max() <= 8
    assert t.weights.sum() == pytest.approx(20.0, rel=1e-15)


def test_a_replicate_design_scales_every_replicate_by_the_rows_factor_and_keeps_its_zeros():
    # rev22a: the replicates follow the full-sample trimming (R's rule on the weights), each row's replicate
    # weights scaled by its factor, trimmed / untrimmed weight (before: each replicate trimmed by the bounds)
    R = np.array([[0.0, 2, 2], [0, 2, 2], [3, 0, 3], [3, 0, 30], [6, 4, 3]])
    w = np.array([1.0, 1, 1.5, 15, 3])
    f = pd.DataFrame(R, columns=["r1", "r2", "r3"]).assign(w=w, y=[1.0, 2, 3, 4, 5])
    d = D.replicate_design(f, ["r1", "r2", "r3"], type="JK1", weights="w")
    t = D.trim_weights(d, upper=10, strict=True)
    np.testing.assert_allclose(t.weights, [2.25, 2.25, 2.75, 10, 4.25], rtol=1e-15)   # R: 1 + 5/4, ..., 10, 3 + 5/4
    assert ((t.repweights == 0) == (R == 0)).all()
    np.testing.assert_allclose(t.repweights, R * (t.weights / w)[:, None], rtol=1e-15)



def test_a_replicate_without_weight_is_left_without_a_warning():
    import warnings

    R = np.array([[0.0, 2], [0, 2], [0, 3], [0, 30]])
    d = D.replicate_design(pd.DataFrame(R, columns=["a", "b"]).assign(w=[1.0, 1, 1, 15]), ["a", "b"], type="JK1",
                           weights="w")
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # before: 0 x -inf and 0 / 0 warned (RuntimeWarning)
        t = D.trim_weights(d, upper=10, strict=True)
    assert (t.repweights[:, 0] == 0).all() and t.weights.max() == 10
    np.testing.assert_allclose(t.repweights[:, 1], R[:, 1] * t.weights / [1.0, 1, 1, 15], rtol=1e-15)
