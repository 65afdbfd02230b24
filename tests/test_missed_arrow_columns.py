"""The missed rows of a record-level measure put aside in Arrow column by column (issue 14, the score command):
``scoring._drill_record_columns`` gives :func:`windoweval.scoring._drill_rows`'s columns, values and dtypes without
making the frame, and the pass that puts the missed rows aside while scoring makes no drill-down frame of a
time limit's missed rows beyond the first rows kept for the people's CSV."""
from __future__ import annotations

import pandas as pd
import pytest

import windoweval.scoring as scoring
from _corpus import assert_kept_are_drilldowns, failed_measures, score_counting_drilldowns
from windoweval.kernels import KERNELS
from windoweval.scoring import score


@pytest.fixture(scope="module")
def store(work_orders_store):
    return work_orders_store


def _as_frame(cols: dict, n: int) -> pd.DataFrame:
    """The columns given, a one-valued column (a ``str``) repeated as ``assign`` repeats it."""
    out = pd.DataFrame({c: pd.Series(v).reset_index(drop=True) for c, v in cols.items() if not isinstance(v, str)},
                       index=pd.RangeIndex(n))
    return out.assign(**{c: v for c, v in cols.items() if isinstance(v, str)})[list(cols)]


def test_the_columns_are_the_drilldown_rows(store):
    card = score("power_window", 2025, data=store)
    seen = 0
    for m in failed_measures(card):
        pop, mask, spec = card._masks[m]
        if KERNELS[spec["kernel"]].level != "record":
            continue
        rows, mk = pop.materialise(mask, include_passed=False)
        rows = rows.reset_index(drop=True)
        mk = mk.reset_index(drop=True)
        cols = [c for c in rows.columns if c not in ("text", "open")]   # a piece holds neither
        rows = rows[cols]
        got = scoring._drill_record_columns(m, spec, cols, lambda c: rows[c], mk)
        assert got is not None, m
        want = scoring._drill_rows(m, spec, rows, mk)
        pd.testing.assert_frame_equal(_as_frame(got, len(mk)), want, obj=m)
        seen += 1
    assert seen >= 3


def test_not_made_so_when_a_row_passed_or_the_text_is_private():
    m = {"kernel": "flag", "records": "work_orders", "params": {"column": "ok"}}
    pop = pd.DataFrame({"order_id": ["1", "2"], "ok": [True, False]})
    mk = pd.Series(pd.array([True, False], dtype="boolean"), name="passed")
    assert scoring._drill_record_columns("m", m, list(pop.columns), lambda c: pop[c], mk) is None
    m2 = {"kernel": "flag", "records": "complaints", "params": {"column": "ok"}}
    private = [c for c, s in scoring.contracts()["complaints"].columns.items() if s.get("private")]
    assert private
    pop2 = pd.DataFrame({private[0]: ["张三来电"], "ok": [False]})
    mk2 = pd.Series(pd.array([False], dtype="boolean"), name="passed")
    assert scoring._drill_record_columns("m", m2, list(pop2.columns), lambda c: pop2[c], mk2) is None


def test_no_drilldown_frame_of_a_time_limits_missed_rows_beyond_the_first_rows(store, monkeypatch):
    """Before: each piece's missed rows of each time limit were made as a frame (``_drill_rows``), and its first
    rows once more for the CSV; now only the first rows are (every row here is a first row: twice as many before)."""
    card, kp, rows_made = score_counting_drilldowns(store, monkeypatch, "record")
    missed = 0
    for m in failed_measures(card):
        if m in kp.items and kp.items[m].kernel.level == "record":
            r = card.results[card.results["measure"] == m]
            missed += int((r["n"] - r["met"]).sum())
    assert 0 < missed < 10_000          # every row among the first rows
    assert sum(rows_made) == missed     # the first rows only (before: 2 * missed)
    assert_kept_are_drilldowns(card, kp, arrow=False)   # and the rows put aside are the drill-downs
    kp.cleanup()
