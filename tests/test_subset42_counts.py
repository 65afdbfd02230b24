"""A task whose time limit judged every row counts its records per window from that measure's packed counts, not
from the window codes a second time (``engine.byvalue._on_arrays``' ``counted``; issue 14 item 3, session 42): the
same records per window and the same unscored table."""
from __future__ import annotations

import pytest

import windoweval.engine.byvalue as bv

from test_byvalue_arrays import SETTINGS, WINS, _item, _table


def _pairs(got):
    return [(a.tolist(), b.tolist()) for a, b in got]


@pytest.mark.parametrize("setting", ["minutes", "minutes, early met, horizon", "working days, horizon"])
@pytest.mark.parametrize("seed", [1, 2])
def test_records_per_window_from_a_measure_of_every_row(setting, seed):
    t = _table(seed)
    every = WINS + ["PW99"]               # every window of the table: each row judged
    want = _pairs(bv._code_counts(*bv._codes(t.column("window_id"))))
    seen: list = []
    bv._on_arrays(t, [_item("some", SETTINGS[setting], WINS[:3]), _item("all", SETTINGS[setting], every)],
                  counted=seen)
    assert _pairs(seen) == want
    # a measure of some windows only, or rows without a window: nothing said (the caller counts the codes)
    for its, tab in (([_item("some", SETTINGS[setting], WINS[:3])], t),
                     ([_item("all", SETTINGS[setting], every)], _table(seed, null_windows=True))):
        seen = []
        bv._on_arrays(tab, its, counted=seen)
        assert seen == []


def test_a_sorted_store_counts_its_window_codes_once(monkeypatch, tmp_path):
    """Through ``score_by_value``: a type whose measure takes every window is not counted again by its codes, and
    the records per window and the unscored table are those of the pieces (the path without ``score_by_value``)."""
    from test_engine_byvalue import WINS as STORE_WINS, _both, _orders, _same, _store
    from windoweval.kernels import Measure

    data = _store(tmp_path, _orders(1500, 3), True)
    its = [Measure.of({"measure": "m.fault_repair", "records": "work_orders", "kernel": "time_limit",
                       "where": {"order_type": "fault_repair"}}, STORE_WINS + ["PW99"],
                      {"start": "received_at", "end": "arrived_at", "limit": 45, "unit": "minutes",
                       "horizon": "2025-12-31 23:59:59"})]
    calls = []
    real = bv._code_counts
    monkeypatch.setattr(bv, "_code_counts", lambda *a: calls.append(1) or real(*a))
    new, old, taken = _both(monkeypatch, its, data)
    assert taken == [True] and calls == []
    u = _same(new, old, its)
    assert int(u["records"].sum()) > 0
