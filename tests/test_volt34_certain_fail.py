"""volt34: a certain fail reads fail, not insufficient evidence.

A monitor whose limit is looser than the standard's (+10 % on a 220 V point, against +7 %) counts a minute between
them as within, so its row is missing evidence - but the minutes it counts beyond the looser limit are beyond the
standard's too: the row is certainly outside the band for them, and its share within is at most (run - beyond) / run.
Where a measure cannot reach its target even with every record missing evidence at its best (the others whole, these
at their bound), its verdict is fail: with a target of 100 % one such row fails the measure.  The row stays missing
evidence (its rate is not known), with its reason; the rate is of the rows assessed, as before.  The fails below read
insufficient before.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_volt33_statistics import _export

from windoweval.scoring import score

LV220 = "power_window.6.1.1#lv220_single_phase_statistics"
HEAD = "监测点编号,窗口编号,电压等级,统计日期,额定电压,运行时间(分钟),超上限时间(分钟),超下限时间(分钟),上限值,下限值"


def _card(tmp_path, rows, scheduler=None):
    return score("power_window", 2025, data=_export(tmp_path, rows, head=HEAD), scheduler=scheduler)


@pytest.mark.parametrize("scheduler", [None, "sync"])
def test_minutes_beyond_a_looser_limit_are_a_certain_fail(tmp_path, scheduler):
    # +10 % upper (242 V), 30 minutes over it: over 235.4 V too
    r = _card(tmp_path, ["L,PW01,220V,2025-04-01,220,1440,30,0,242.0,198.0"], scheduler).results \
        .set_index("measure").loc[LV220]
    assert (r["records"], r["n"], r["missing_evidence"]) == (1, 0, 1)
    assert np.isnan(r["rate"]) and r["verdict"] == "fail"


def test_beside_rows_met_the_measure_fails(tmp_path):
    # the assessed row is met whole (rate 100 %); the other is at most 1410 / 1440 within: 100 % cannot be reached
    r = _card(tmp_path, ["A,PW01,220V,2025-04-01,220,1440,0,0,235.4,198.0",
                         "L,PW01,220V,2025-04-01,220,1440,0,30,235.4,190.0"]).results.set_index("measure").loc[LV220]
    assert (r["records"], r["n"], r["met"], r["rate"], r["missing_evidence"]) == (2, 1, 1, 1.0, 1)
    assert r["verdict"] == "fail"


@pytest.mark.parametrize("row", [
    "L,PW01,220V,2025-04-01,220,1440,0,0,242.0,198.0",      # looser, nothing beyond it: within the standard or not?
    "T,PW01,220V,2025-04-01,220,1440,0,20,235.4,204.6",     # tighter lower with minutes under it: may be within
    "N,PW01,220V,2025-04-01,220,1440,30,0,,198.0",          # no upper limit shown: 30 over what?
])
def test_what_is_not_certain_stays_insufficient(tmp_path, row):
    r = _card(tmp_path, ["A,PW01,220V,2025-04-01,220,1440,0,0,235.4,198.0", row]).results \
        .set_index("measure").loc[LV220]
    assert (r["n"], r["met"], r["missing_evidence"], r["verdict"]) == (1, 1, 1, "insufficient")


def test_the_row_says_how_much_is_certainly_outside(tmp_path):
    lacking = _card(tmp_path, ["L,PW01,220V,2025-04-01,220,1440,30,0,242.0,198.0"]).missing_evidence([LV220])
    why = lacking["reason"].iloc[0]
    assert "30" in why and "97.92%" in why and "certainly" in why and "至少" in why


def test_a_bound_counts_in_any_measure_the_engine_scores():
    # the engine's part, kernel aside: a record-level mask whose missing records carry a bound below 1
    from windoweval.engine.frame import _agg_frame
    from windoweval.kernels import bound_of, with_bound

    mask = with_bound(pd.Series(pd.array([True, None, None], dtype="boolean")), [1.0, 0.5, 1.0])
    assert bound_of(mask).tolist() == [1.0, 0.5, 1.0]
    agg = _agg_frame(np.zeros(3, dtype=np.int64), pd.Index(["W"]), mask, None)
    assert agg[["n", "met", "w_miss", "w_lost"]].values.tolist() == [[1, 1, 2.0, 1.0]]   # one certainly not met
    agg = _agg_frame(np.zeros(3, dtype=np.int64), pd.Index(["W"]), mask, np.array([10.0, 10.0, 10.0]))
    assert agg[["w_n", "w_met", "w_miss", "w_lost"]].values.tolist() == [[10.0, 10.0, 20.0, 10.0]]
