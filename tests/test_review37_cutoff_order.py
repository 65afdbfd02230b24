"""review37: a decoction's pick-up (``collected_at``, ``not_after``) read in place of a blank ready time must come
after the hand-in: a pick-up written before the decoction was handed in breaks the order of the steps.  cutoff()
made such a record met (a pass on evidence that contradicts itself); time_limit() with ``not_after`` makes the same
record missing evidence, and so must cutoff()."""
from __future__ import annotations

import pandas as pd

from windoweval.kernels.base import open_of
from windoweval.kernels.time import cutoff, time_limit

_RULES = [{"before": "10:00", "due": "12:00"}, {"until": "15:30", "due": "17:30"}]


def test_a_pick_up_before_the_hand_in_is_no_evidence_the_decoction_was_ready_in_time():
    df = pd.DataFrame({"s": pd.to_datetime(["2025-04-08 09:00", "2025-04-08 09:00", "2025-04-08 09:00"]),
                       "e": pd.to_datetime([None, None, None]),
                       # the day before; the same morning, an hour early; a pick-up in order (control)
                       "c": pd.to_datetime(["2025-04-07 16:00", "2025-04-08 08:00", "2025-04-08 11:30"])})
    got = cutoff(df, "s", "e", _RULES, horizon="2025-12-31 23:59", not_after="c")
    assert got.isna().tolist() == [True, True, False] and bool(got.iloc[2])
    assert not open_of(got).any()
    # the same rows under a time limit with the same later step: missing evidence, as cutoff now gives
    tl = time_limit(df, "s", "e", 180, "minutes", not_after="c")
    assert tl.isna().tolist()[:2] == [True, True]


def test_the_reason_names_the_steps_out_of_order_not_a_pick_up_past_the_limit():
    from windoweval.scoring import _lacking_reason

    rows = pd.DataFrame({"started_at": pd.to_datetime(["2025-04-08 09:00", "2025-04-08 09:00"]),
                         "finished_at": pd.to_datetime([None, None]),
                         "collected_at": pd.to_datetime(["2025-04-08 08:00", "2025-04-08 14:00"])})
    why = _lacking_reason(rows, {"start": "started_at", "end": "finished_at", "not_after": "collected_at"},
                          "hospital_events").tolist()
    zh, en = why[0].split(" / ", 1)
    assert "先后颠倒" in zh and "out of order" in en and "collected_at" in en and "started_at" in en
    assert "past the limit" in why[1]   # a pick-up in order, after the due time: as before
