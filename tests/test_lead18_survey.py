"""post_stratify and rake against a post-stratum (or margin level) whose respondents all weigh 0.

Noticed by review rev18: such a level has respondents, so the "absent from the sample" refusal passed it, and its
weights became 0 x (N / 0) = NaN: every estimate NaN (post_stratify) or every weight NaN after raking, with no word
of why.  R counts the sample by weight and stops: R 4.2.2 / survey 4.1.1

    d <- data.frame(g=c("a","a","b","b"), h=c("x","y","x","y"), y=1:4, w=c(1,1,0,0))
    des <- svydesign(ids=~1, weights=~w, data=d)
    postStratify(des, ~g, data.frame(g=c("a","b"), Freq=c(10,20)))
    rake(des, list(~g, ~h), list(data.frame(g=c("a","b"), Freq=c(10,20)), data.frame(h=c("x","y"), Freq=c(15,15))))
    # both: Error ... Some strata absent from sample: use partial=TRUE to ignore them.

Both now refuse it in both languages, naming the level and its population count.  2 tests, fail before."""
import pandas as pd
import pytest

from windoweval.survey.design import DesignError, post_stratify, rake, svydesign


def _design():
    f = pd.DataFrame({"g": ["a", "a", "b", "b"], "h": ["x", "y", "x", "y"], "y": [1.0, 2, 3, 4], "w": [1.0, 1, 0, 0]})
    return svydesign(f, ids=None, strata=None, weights="w")


def test_post_stratify_refuses_a_post_stratum_whose_respondents_all_weigh_0():
    with pytest.raises(DesignError) as e:
        post_stratify(_design(), "g", {"a": 10, "b": 20})
    msg = str(e.value)
    assert "['b']" in msg and "20" in msg and "权重都是 0" in msg and "weight 0" in msg, msg


def test_rake_refuses_a_margin_level_whose_respondents_all_weigh_0():
    with pytest.raises(DesignError) as e:
        rake(_design(), {"g": {"a": 10, "b": 20}, "h": {"x": 15, "y": 15}})
    msg = str(e.value)
    assert "'g'" in msg and "['b']" in msg and "权重都是 0" in msg and "weight 0" in msg, msg


def test_a_level_with_some_respondents_of_weight_0_is_still_adjusted():
    """The guard: a level with one respondent of weight 0 beside one of weight 1 is in the sample (R too)."""
    f = pd.DataFrame({"g": ["a", "a", "b", "b"], "y": [1.0, 2, 3, 4], "w": [1.0, 1, 0, 1]})
    d = post_stratify(svydesign(f, ids=None, strata=None, weights="w"), "g", {"a": 10, "b": 20})
    assert d.weights.tolist() == [5.0, 5.0, 0.0, 20.0]
