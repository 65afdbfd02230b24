"""survey22: a replicate design's weights hashed once per call, not once per domain, when svyciprop and svyquantile
look up each window's degrees of freedom (R's ``degf`` of ``design[rows, ]``); the ranks unchanged, and a design
whose replicate weights are written into between calls still gets the rank of what is there now."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as D
from tests.test_survey21_rank import _boot


def _count_full_digests(monkeypatch, R):
    seen = []
    real = D._digest

    def spy(a):
        if np.shape(a) == R.shape:
            seen.append(1)
        return real(a)

    monkeypatch.setattr(D, "_digest", spy)
    return seen


@pytest.mark.parametrize("call", [
    lambda d: D.svyciprop(d, "sat", by="win"),
    lambda d: D.svyciprop(d, "sat", by=["win", "grp"]),
    lambda d: D.svyquantile(d, "x", [0.5], by="win", interval_type="quantile"),
])
def test_replicate_weights_hashed_once_per_call(monkeypatch, call):
    # before survey22: _rep_rank_rows hashed the whole 3000 x 30 array for every window (5 or 10 digests a call)
    des, _ = _boot()
    rng = np.random.default_rng(5)
    f = des.frame.assign(grp=rng.choice(["p", "q"], len(des.frame)), x=rng.gamma(2.0, 3.0, len(des.frame)))
    des = D.replace(des, frame=f)
    before = call(des)
    seen = _count_full_digests(monkeypatch, des.repweights)
    again = call(des)
    assert len(seen) == 1, len(seen)
    pd.testing.assert_frame_equal(before, again)


def test_weights_written_into_between_calls_get_the_new_rank():
    des, _ = _boot(rows=600, psus=12, reps=8)
    win = des.frame["win"].to_numpy()
    first = D.svyciprop(des, "sat", by="win")["df"].to_numpy()
    des.repweights[:, 1:] = des.repweights[:, :1]          # every replicate the first: rank 1 in every window
    second = D.svyciprop(des, "sat", by="win")["df"].to_numpy()
    assert (first > 0).all() and (second == 0).all()
    assert [D._qr_rank(des.repweights[win == v]) - 1 for v in sorted(set(win))] == second.tolist()
