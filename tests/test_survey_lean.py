"""The lean survey path (issue 14) gives the full path's numbers to the last bit.

Scoring only the measures asked for, a design built once and given to several estimates, and
the domain codes kept on the design change no number: compared here with the full scoring
table and with each estimate building its own design (the R-pinned values are in
tests/test_survey_estimate.py and stay as they are).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.demo import survey as demo
from windoweval.survey import estimate
from windoweval.survey.instrument import load_instrument


@pytest.fixture(scope="module")
def delivery():
    return demo.generate_delivery("power_hall", 2025, ["PW01", "PW02", "PW03", "PW04"], n_per_window=80, seed=11)


@pytest.mark.parametrize("measures", [["overall"], ["staff3"], ["efficiency"], ["overall", "environment", "eff1"],
                                      ["composite"], ["composite", "staff", "overall"]])
@pytest.mark.parametrize("scale", ["index", "points"])
def test_scores_of_some_measures_equal_the_full_table(delivery, measures, scale):
    ins = load_instrument("power_hall")
    full = estimate.score_responses(delivery, ins, scale=scale)[measures]
    some = estimate.score_responses(delivery, ins, scale=scale, measures=measures)
    pd.testing.assert_frame_equal(some, full, check_exact=True)


def test_unknown_measure_is_refused(delivery):
    with pytest.raises(ValueError, match="unknown measures"):
        estimate.score_responses(delivery, "power_hall", measures=["overal"])


@pytest.mark.parametrize("by", [None, "window_id", ["window_id", "customer_type"]])
def test_a_design_built_once_gives_each_estimate_unchanged(delivery, by):
    if by and "customer_type" in by and "customer_type" not in delivery:
        pytest.skip("no customer_type column in this delivery")
    ins = load_instrument("power_hall")
    des = estimate.survey_design(delivery)
    for _ in range(2):  # the second time from the domain codes kept on the design
        pd.testing.assert_frame_equal(estimate.satisfaction_index(des, ins, by=by),
                                      estimate.satisfaction_index(delivery, ins, by=by), check_exact=True)
        pd.testing.assert_frame_equal(estimate.satisfaction_rate(des, ins, by=by, measures=["overall", "staff"]),
                                      estimate.satisfaction_rate(delivery, ins, by=by, measures=["overall", "staff"]),
                                      check_exact=True)


def test_integer_psu_keys_number_psus_as_before(delivery):
    d = estimate.survey_design(delivery)
    f = delivery.reset_index(drop=True)
    h, _ = pd.factorize(f["stratum"].astype(str), sort=True)
    before, _ = pd.factorize(pd.Series(h).astype(str) + "\x1f" + f["psu"].astype(str), sort=False)
    assert np.array_equal(d.psu, before)


def test_a_design_with_another_lonely_rule_is_refused(delivery):
    des = estimate.survey_design(delivery)
    with pytest.raises(ValueError, match="lonely_psu"):
        estimate.satisfaction_index(des, "power_hall", lonely_psu="adjust")
