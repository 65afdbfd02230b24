"""The missed rows put aside in Arrow (issue 14, the score command, session 41): each column of a piece that the
record-level measures' drill-downs take as it is (the times: received, due, completed …) is taken once at the
missed rows of all of them and made Arrow once, each measure's rows a slice of it, not taken and converted once per
measure.  The rows put aside are the same drill-downs, and what the Arrow path gives is what the frame path gives."""
from __future__ import annotations

import pandas as pd

from _corpus import assert_kept_are_drilldowns
from windoweval.engine import missed_pass
from windoweval.exports import prepare_missed


def _score_one_piece(store, monkeypatch):
    import windoweval.scoring as scoring

    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 1_000_000)   # one piece of each kind
    return scoring.score("power_window", 2025, data=store, keep_missed=prepare_missed)


def test_each_time_column_taken_once_for_every_measure(work_orders_store, monkeypatch):
    """Within the drill-down of a piece, a time column (a pandas datetime array) is taken at most once, however
    many record-level measures missed rows there (before: once per such measure)."""
    takes, inside, measures, framed = [], [], [], []
    real_take = pd.arrays.DatetimeArray.take
    real_frame_take = pd.DataFrame.take
    real_drill = missed_pass._drill_arrow

    def take(self, indices, *a, **k):
        if inside and not framed:
            takes.append(len(indices))
        return real_take(self, indices, *a, **k)

    def frame_take(self, *a, **k):   # the first rows for people, a frame of each measure's first rows: not counted
        framed.append(1)
        try:
            return real_frame_take(self, *a, **k)
        finally:
            framed.pop()

    def drill(piece, items, evs, *a, **k):
        inside.append(1)
        try:
            got = real_drill(piece, items, evs, *a, **k)
        finally:
            inside.pop()
        if got:
            rec = [it for it in items if it.kernel.level == "record" and missed_pass._missed(evs[it.measure].mask).any()]
            times = [c for c in piece.columns if isinstance(piece[c].dtype, pd.DatetimeTZDtype)
                     or str(piece[c].dtype).startswith("datetime64")]
            measures.append((len(rec), len(times), len(got)))
        return got

    monkeypatch.setattr(pd.arrays.DatetimeArray, "take", take)
    monkeypatch.setattr(pd.DataFrame, "take", frame_take)
    monkeypatch.setattr(missed_pass, "_drill_arrow", drill)
    card = _score_one_piece(work_orders_store, monkeypatch)
    assert measures, "no piece's missed rows were put aside in Arrow"
    pieces = len(measures)
    rec, times = max(m[0] for m in measures), max(m[1] for m in measures)
    assert rec >= 2 and times >= 2, measures   # several measures missed rows in one piece, several time columns
    big = [n for n in takes if n > 0]
    # one take per time column per piece at most (before: one per time column and record-level measure)
    assert len(big) <= pieces * times, (len(big), measures)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    assert_kept_are_drilldowns(card, kept, arrow=True)
    kept.cleanup()


def test_the_rows_put_aside_are_the_drilldowns_in_pieces(work_orders_store, monkeypatch):
    """Small pieces (several per kind, some measures missing nothing in some): the same drill-downs."""
    import windoweval.scoring as scoring

    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 700)
    monkeypatch.setattr(missed_pass, "PASS_ROWS", 700)
    card = scoring.score("power_window", 2025, data=work_orders_store, keep_missed=prepare_missed)
    kept = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    assert_kept_are_drilldowns(card, kept, arrow=True)
    kept.cleanup()
