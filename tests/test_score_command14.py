"""The promise measure takes the verdicts its promises' measures were given on the same frame (issue 14, the score
command, fourteenth round): ``evaluate_frame`` judges the time limits, then the promise measure (5.2) whose promises
are those time limits takes their verdicts (``kernels.promises.occurrences``' ``judged``) instead of applying each
again, on ``score()``'s pieces and the command's alike.  The occurrences, their verdicts, open cases, rule flags,
order and counts are those the promise measure gives alone; a promise whose measure was judged on other rows (other
windows) or with other parameters is applied as before."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from windoweval.catalog import load_catalog
from windoweval.engine.frame import evaluate_frame
from windoweval.kernels import KERNELS
from windoweval.kernels.base import excluded_of, open_of
from windoweval.records import read_records
from windoweval.scoring import plan_measures

PROMISE = "power_window.5.2#work_orders"


@pytest.fixture(scope="module")
def planned(ws):
    items = [it for it in plan_measures("power_window", ws, load_catalog(), 2025) if it.kind == "work_orders"]
    assert any(it.measure == PROMISE for it in items)
    return items


@pytest.fixture(scope="module")
def orders():
    """The demo's work orders with the states the twelfth round's rules read: a closed record without its end
    (missing evidence, not open), a withdrawn one, and some left open at the cut-off."""
    df = read_records("work_orders", None, year=2025).reset_index(drop=True)
    status = np.array([None] * len(df), dtype=object)
    status[::7] = "已办结"
    status[3::11] = "撤单"
    status[5::13] = "open"
    df["order_status"] = pd.array(status, dtype=df["order_status"].dtype)
    for c in ("arrived_at", "completed_at"):     # some records with no end at all, some of them near the cut-off
        df.loc[df.index[::17], c] = pd.NaT
    df.loc[df.index[::34], "received_at"] = pd.Timestamp("2025-12-31 23:30")
    return df


def _same_promise(a, b) -> None:
    ma, mb = a.mask, b.mask
    pd.testing.assert_series_equal(ma, mb)
    assert ma.index.equals(mb.index) and list(ma.index.names) == list(mb.index.names)
    assert np.array_equal(open_of(ma), open_of(mb)) and np.array_equal(excluded_of(ma), excluded_of(mb))
    assert ma.attrs.get("segments") == mb.attrs.get("segments")
    pd.testing.assert_frame_equal(a.agg, b.agg)


def _time_limit_calls(monkeypatch) -> tuple:
    """Each call of the time-limit kernel's function (a measure applied to a frame of rows; the engine's own
    judging reads the frame's codes instead)."""
    calls = []
    k = KERNELS["time_limit"]
    func = k.func

    def counted(*a, **kw):
        calls.append(1)
        return func(*a, **kw)

    object.__setattr__(k, "func", counted)     # a frozen dataclass: set and put back by hand
    return calls, lambda: object.__setattr__(k, "func", func)


def test_the_promise_takes_its_time_limits_verdicts(planned, orders, monkeypatch):
    alone = evaluate_frame(orders, [it for it in planned if it.measure == PROMISE])[PROMISE]
    calls, undo = _time_limit_calls(monkeypatch)
    try:
        evaluate_frame(orders, [it for it in planned if it.measure != PROMISE])
        without = len(calls)
        got = evaluate_frame(orders, planned)
    finally:
        undo()
    # before: the promise applied each of its seven time limits again (seven more calls of the kernel on rows)
    assert len(calls) - without == without
    _same_promise(got[PROMISE], alone)
    assert list(got) == [it.measure for it in planned]        # the measures in the plan's order
    m = got[PROMISE].mask
    assert open_of(m).any() and m.isna().any() and m.eq(False).any() and m.eq(True).any()


def test_the_same_counts_and_verdicts_in_pieces(planned, orders):
    """Pieces (as a store is read): every piece's occurrences those of the promise measure alone on that piece."""
    for lo in range(0, len(orders), 1000):
        piece = orders.iloc[lo:lo + 1000]
        _same_promise(evaluate_frame(piece, planned)[PROMISE],
                      evaluate_frame(piece, [it for it in planned if it.measure == PROMISE])[PROMISE])


def test_other_rows_or_other_parameters_are_applied_again(planned, orders, monkeypatch):
    """A time limit planned for fewer windows than the promise (other rows), or with another limit: its verdicts
    are not the promise's, which applies its own measure as before, with the same results."""
    import dataclasses

    tl = [it for it in planned if it.kernel.name == "time_limit"]
    some = sorted(orders["window_id"].dropna().unique())[:1]
    fewer = [dataclasses.replace(it, wins=list(some)) for it in tl]
    other = [dataclasses.replace(it, params={**it.params, "limit": it.params["limit"] + 1}) for it in tl]
    prom = [it for it in planned if it.measure == PROMISE]
    alone = evaluate_frame(orders, prom)[PROMISE]
    for variant in (fewer, other):
        calls, undo = _time_limit_calls(monkeypatch)
        try:
            evaluate_frame(orders, variant)
            without = len(calls)
            got = evaluate_frame(orders, variant + prom)
        finally:
            undo()
        assert len(calls) - 2 * without == len(tl)          # each promise's own measure applied again
        _same_promise(got[PROMISE], alone)
