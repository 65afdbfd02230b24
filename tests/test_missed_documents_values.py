"""The missed rows put aside while scoring: a free-text column's rule (a passport-shaped token alone in a cell is a
document, ``privacy._documents_alone``) applied to a few-valued column's distinct values before they are taken to
its rows (the score command's ``message`` column: 4.8 million rows of five texts at 10 M work orders, each row
once through Python lists before), and row by row to a many-valued one: the same texts either way."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import windoweval.privacy as privacy
from windoweval.exports import prepare_missed
from windoweval.scoring import score


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


@pytest.mark.parametrize("n", [40, 2_000])   # a few texts and many (privacy's two ways of looking)
def test_value_by_value_the_same_as_row_by_row(n):
    """The Arrow hook under a free-text column's name (``prepare_missed.arrow``): its distinct values masked and
    taken to their rows give what its rows masked one by one give."""
    values = pa.array(["E12345678", "Ｅ１２３４５６７８", " G12345678 ", "备注 E12345678 见附件", "超过时限", None, ""],
                      pa.large_string())
    ix = pa.array(np.random.default_rng(7).integers(0, len(values), n))
    rows = values.take(ix)
    want = pa.array(privacy.mask_text(pd.Series(rows.to_pylist(), dtype=object), free_text=True).tolist(),
                    type=rows.type, from_pandas=True)
    assert prepare_missed.arrow(values, "备注").take(ix).equals(want)
    assert prepare_missed.arrow(rows, "备注").equals(want)
    assert "[证件号]" in want.to_pylist()


def test_the_message_column_is_looked_at_by_its_values(store, monkeypatch):
    """Before: every row of the ``message`` column (a free-text name) went through the rule, piece after piece; now
    at most each piece's few messages do, and the rows put aside are the drill-downs as the export masks them."""
    monkeypatch.setattr("windoweval.engine.run.PIECE_ROWS", 2_000)
    looked = []
    real = privacy._documents_alone

    def spy(out, *a, **k):
        looked.append(len(out))
        return real(out, *a, **k)
    monkeypatch.setattr(privacy, "_documents_alone", spy)
    card = score("power_window", 2025, data=store, keep_missed=prepare_missed)
    kp = next(p.kept for p, _, _ in card._masks.values() if getattr(p, "kept", None) is not None)
    failed = card.results.loc[card.results["verdict"] == "fail", "measure"].unique()
    kept = [m for m in failed if m in kp.items]
    rows = sum(len(f) for m in kept for f in kp.frames(m))
    assert rows > 100
    # before: every row of the column (70 texts of these 112 rows); now only the short distinct values (a token alone
    # in a cell is at most 32 characters), which the measures' messages are not
    assert sum(looked) < rows / 2
    monkeypatch.setattr(privacy, "_documents_alone", real)
    for m in kept:
        got = pd.concat(list(kp.frames(m)), ignore_index=True)
        pd.testing.assert_frame_equal(got, prepare_missed(card.drilldown(m)), obj=m)
    kp.cleanup()
