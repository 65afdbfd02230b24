"""The promise measure's missed occurrences put aside in Arrow column by column (issue 14, the score command):
``scoring._drill_unit_columns`` gives :func:`windoweval.scoring._drill_rows`'s columns of a unit-level measure
without making the frame, the pass that puts the missed rows aside makes no drill-down frame of the promise's
occurrences beyond the first rows kept for the people's CSV, and a promise's run is compared with its time limit's
rows by integer codes (``missed_pass._same_text``), with the answer the text itself gives."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import windoweval.scoring as scoring
from _corpus import assert_kept_are_drilldowns, failed_measures, score_counting_drilldowns
from windoweval.engine import missed_pass
from windoweval.scoring import score

PROMISE = "power_window.5.2#work_orders"


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def test_the_unit_columns_are_the_drilldown_rows(store):
    card = score("power_window", 2025, data=store)
    assert PROMISE in failed_measures(card)
    pop, mask, spec = card._masks[PROMISE]
    _, mk = pop.materialise(mask, include_passed=False)   # judged piece by piece: the missed occurrences again
    mk = mk[mk.eq(False).to_numpy(dtype=bool, na_value=False)]
    assert len(mk)
    mk.attrs = {}
    plain = pd.Series(mk.array, index=pd.RangeIndex(len(mk), name="__unit__"), name=mk.name, dtype=mk.dtype)
    got = scoring._drill_unit_columns(PROMISE, spec, plain)
    assert got is not None and list(got) == ["passed", "measure", "message"]
    want = scoring._drill_rows(PROMISE, spec, None, plain).drop(columns=["__unit__"])
    made = pd.DataFrame({"passed": got["passed"]}).assign(measure=got["measure"], message=got["message"])
    pd.testing.assert_frame_equal(made, want)
    # a unit that passed, a record-level kernel, a kernel with its own columns: the frame is made as before
    assert scoring._drill_unit_columns(PROMISE, spec, pd.Series(pd.array([True, False], dtype="boolean"),
                                                                name="passed")) is None
    flag = {"kernel": "flag", "records": "work_orders", "params": {"column": "ok"}}
    assert scoring._drill_unit_columns("m", flag, plain) is None


def test_no_drilldown_frame_of_the_promises_occurrences_beyond_the_first_rows(store, monkeypatch):
    """Before: each piece's missed occurrences of the promise measure were made as a frame (``_drill_rows``), and its
    first rows once more for the CSV; now only the first rows are (every row here is a first row: twice before)."""
    card, kp, rows_made = score_counting_drilldowns(store, monkeypatch, "unit")
    assert PROMISE in kp.items
    r = card.results[card.results["measure"] == PROMISE]
    missed = int((r["n"] - r["met"]).sum())
    assert 0 < missed < 10_000          # every occurrence among the first rows
    assert sum(rows_made) == missed     # the first rows only (before: 2 * missed)
    assert_kept_are_drilldowns(card, kp, arrow=True)   # the rows put aside are the drill-downs, the promise's too
    kp.cleanup()


def _text_equal(values, codes, rv, rc) -> bool:
    a = values.take(pa.array(codes, mask=codes < 0)).cast(pa.large_string())
    b = rv.take(pa.array(rc, mask=rc < 0)).cast(pa.large_string())
    return a.equals(b)


def test_same_text_by_codes_is_the_texts_answer():
    """Categories against the piece's column, the same column on both sides, repeated texts and missing values:
    the integer comparison answers as the text does, every time."""
    rng = np.random.default_rng(14)
    words = ["PW01", "PW02", "PW03", "PW04", None]
    for trial in range(400):
        col = pa.array([words[i] for i in rng.integers(0, len(words), 40)], pa.large_string())
        at = rng.choice(40, size=12, replace=False)
        kind = trial % 4
        if kind == 0:     # the same column on both sides, its positions
            values, codes = col, at.copy()
        elif kind == 1:   # the categories (each text once, none missing) and their codes
            cats = pa.array(["PW04", "PW02", "PW01", "PW03"], pa.string())
            py = col.take(pa.array(at)).to_pylist()
            codes = np.array([-1 if v is None else cats.to_pylist().index(v) for v in py])
            values = cats
        elif kind == 2:   # a dictionary holding a text twice and a missing value
            values = pa.array(["PW01", "PW02", "PW01", None, "PW03", "PW04"])
            codes = rng.integers(-1, len(values), 12)
        else:             # one value, as a measure's column
            values, codes = pa.array(["PW02"]), np.zeros(12, dtype=np.int64)
        if rng.random() < 0.5:   # now and then a row changed
            codes = codes.copy()
            codes[rng.integers(0, 12)] = rng.integers(-1, len(values))
        want = _text_equal(values, codes, col, at)
        assert missed_pass._same_text(values, codes, col, at, {}) == want, (trial, codes, at)
