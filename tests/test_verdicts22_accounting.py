"""Session 22 (verdicts22): the promise measure (5.2, ``promises_kept``) accounts for every occurrence on its
scorecard row: an occurrence its promise's own clause excuses is counted as ``exempt`` (as fulfilment counts it
``excused``), never dropped, and the rate is unchanged (excused occurrences are in no rate)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from windoweval.catalog import load_catalog
from windoweval.engine.frame import evaluate_frame
from windoweval.engine.plan import Item
from windoweval.kernels import KERNELS, excluded_of, open_of
from windoweval.kernels.promises import occurrences


def _calls():
    # 第十条(二)6: answered within 12 s; a caller who hung up within 12 s is excused (the clause's reading)
    t0 = pd.Timestamp("2025-06-03 10:00:00")
    s = pd.Timedelta(seconds=1)
    return pd.DataFrame({
        "call_id": ["C1", "C2", "C3", "C4", "C5"], "window_id": ["CC01", "CC01", "CC01", "CC02", "CC02"],
        "offered_at": [t0] * 5,
        "answered_at": [t0 + 8 * s, t0 + 30 * s, pd.NaT, pd.NaT, t0 + 12 * s],   # C2 late; C3, C4 hung up
        "hung_up_at": [pd.NaT, pd.NaT, t0 + 5 * s, t0 + 3 * s, pd.NaT]})


def _item(windows=("CC01", "CC02")):
    m = next(x for x in load_catalog().measures("power_window") if x["measure"] == "power_window.10.2.6")
    promise = {"measure": "p.5.2#calls", "records": "calls_95598", "kernel": "promises_kept",
               "params": {"kind": "calls_95598", "promises": [("pw_95598_12s", m)]}}
    return Item(promise, list(windows), KERNELS["promises_kept"], promise["params"])


def test_an_excused_occurrence_is_counted_on_the_promise_row():
    """Fails on the code before: C3 and C4 (hung up within 12 s: excused by the clause) were in no count of the
    row - records, n, open, not_assessed and exempt summed to 3 of the 5 calls."""
    agg = evaluate_frame(_calls(), [_item()])["p.5.2#calls"].agg
    assert agg[["records", "n", "met", "open", "exempt"]].to_dict("index") == {
        "CC01": {"records": 2, "n": 2, "met": 1, "open": 0, "exempt": 1},
        "CC02": {"records": 1, "n": 1, "met": 1, "open": 0, "exempt": 1}}
    # every occurrence counted once: judged (records) or excused (exempt)
    assert int(agg["records"].sum() + agg["exempt"].sum()) == len(_calls())


def test_a_window_whose_occurrences_are_all_excused_is_still_on_the_row():
    """CC02's one call hung up within 12 s: no occurrence judged, one excused - the window shows it (exempt 1),
    it is not dropped in silence."""
    calls = _calls().iloc[[0, 3]].reset_index(drop=True)
    agg = evaluate_frame(calls, [_item()])["p.5.2#calls"].agg
    assert agg.loc["CC02", "exempt"] == 1 and agg.loc["CC02", "records"] == 0


def test_the_occurrences_carry_their_excused_positions():
    m = occurrences(_calls(), "calls_95598", promises=_item().params["promises"])
    assert sorted(np.asarray(m.attrs["exempt"]).tolist()) == [2, 3]
    assert len(m) == 3 and not open_of(m).any() and not excluded_of(m).any()


def test_the_rate_is_unchanged_and_exempted_says_where_the_excused_are_listed():
    """The excused calls are in no rate (met / n as before); Scorecard.exempted names the promise row with where
    its excused occurrences are listed, not 'no clause exception'."""
    from windoweval.scoring import _PROMISE_EXCUSED

    agg = evaluate_frame(_calls(), [_item()])["p.5.2#calls"].agg
    assert (agg["met"] / agg["n"]).tolist() == [0.5, 1.0]
    assert "承诺自身的测量" in _PROMISE_EXCUSED and "promise's own measure" in _PROMISE_EXCUSED
