"""``time_limit_verdicts`` without special records (``kernels.time``; issue 14 item 3, session 42): the same verdicts,
without the all-False arrays of the general case."""
from __future__ import annotations

import numpy as np
import pytest

from test_byvalue_arrays import SETTINGS, _table


class _CountingNumpy:
    """numpy, with the full-length ``zeros`` that ``time_limit_verdicts`` asks for counted."""

    def __init__(self, rows: int):
        self.rows, self.full = rows, 0

    def __getattr__(self, name):
        return getattr(np, name)

    def zeros(self, shape, *a, **k):
        if shape == self.rows:
            self.full += 1
        return np.zeros(shape, *a, **k)


@pytest.mark.parametrize("setting", ["minutes", "minutes, early met, horizon", "hours, horizon",
                                     "working days, horizon", "seconds, missing fail"])
def test_verdicts_without_special_records_make_no_arrays_of_flags_for_them(setting, monkeypatch):
    """No record special (None, or a column marking none): the same verdicts as before, row for row, without the
    all-False arrays of specials, calls still ringing and overdue records the general case builds."""
    import windoweval.kernels.time as kt

    t = _table(11)
    sv = t.column("received_at").to_numpy().view(np.int64)
    ev = t.column("completed_at").to_numpy().view(np.int64)
    s = SETTINGS[setting]
    rng = np.random.default_rng(3)
    some = rng.random(len(sv)) < 0.2
    want = kt.time_limit_verdicts(sv, ev, **s, special=np.zeros(len(sv), dtype=bool), extended_limit=None)
    for special in (None, np.zeros(len(sv), dtype=bool)):
        got = kt.time_limit_verdicts(sv, ev, **s, special=special)
        for a, b in zip(got, want):
            assert np.array_equal(a, b)
    # special records, with and without a longer limit: judged as before (the general case)
    for ext in (None, s["limit"] * 2):
        a = kt.time_limit_verdicts(sv, ev, **s, special=some, extended_limit=ext)
        plain = kt.time_limit_verdicts(sv, ev, **s)
        if ext is None:   # not assessed unless met within the ordinary limit (or open)
            assert not all(np.array_equal(x, y) for x, y in zip(a, plain))
        for x, y in zip(a, plain):   # the rows not special are judged as without specials
            assert np.array_equal(x[~some], y[~some])
    counting = _CountingNumpy(len(sv))
    monkeypatch.setattr(kt, "np", counting)
    kt.time_limit_verdicts(sv, ev, **s)
    with_horizon = "horizon" in s and s.get("missing", "na") == "na"
    assert counting.full == (0 if with_horizon else 1)   # (the open flags: none open without a cut-off)
