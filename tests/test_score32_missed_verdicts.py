"""The missed rows put aside in Arrow (issue 14, the score command, session 32): the verdicts of a record measure's
missed rows given to the scorecard's column rule as their values alone (every one False), not as the mask's rows
taken by label (an index of the rows made and the mask's attributes copied, per measure and piece); the rows put
aside and their first rows for people are the drill-downs."""
from __future__ import annotations

import pandas as pd

from _corpus import assert_kept_are_drilldowns
from windoweval.exports import prepare_missed


def test_verdicts_given_without_labels_and_the_rows_unchanged(work_orders_store, monkeypatch):
    import windoweval.scoring as scoring

    seen = []
    real = scoring._drill_rows.record_columns

    def spy(measure, m, columns, take, mask):
        seen.append((type(mask.index).__name__, mask.index[:1].tolist(), dict(mask.attrs)))
        return real(measure, m, columns, take, mask)
    monkeypatch.setattr(scoring._drill_rows, "record_columns", spy)
    card = scoring.score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    assert seen
    # before: the mask's rows taken by label (the missed rows' own labels, the mask's open cases copied along)
    assert all(kind == "RangeIndex" and first in ([], [0]) and not attrs for kind, first, attrs in seen), seen[:3]
    assert_kept_are_drilldowns(card, kept, arrow=True)
    for m in kept.items:   # the first rows kept as they were: the drill-down's own first rows
        if kept.items[m].kernel.level == "record":
            got = pd.concat(kept.first(m, 50), ignore_index=True)
            want = card.drilldown(m).head(len(got)).reset_index(drop=True)
            pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False, obj=m)
    kept.cleanup()
