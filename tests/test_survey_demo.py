"""The demo delivery generator: copies planted as one interview at a time would make them, in linear time."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from windoweval.demo import survey as demo


def copy_one_at_a_time(win, day, copiers, values):
    """The reference: each copier in turn takes what the first other interview that day holds then."""
    v = values.copy()
    for i in copiers:
        same = np.flatnonzero((win == win[i]) & (day == day[i]))
        same = same[same != i]
        if len(same):
            v[i] = v[same[0]]
    return v


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 2), min_size=n, max_size=n),
    st.lists(st.integers(0, 3), min_size=n, max_size=n),
    st.permutations(range(n)).flatmap(lambda p: st.integers(0, n).map(lambda k: p[:k])))))
def test_same_day_sources_equal_copying_one_at_a_time(case):
    wins, days, copiers = case
    win = np.array([f"W{w}" for w in wins], dtype=object)
    day = np.array([f"2025-03-0{d + 1}" for d in days], dtype=object)
    copiers = np.array(copiers, dtype=np.int64)
    values = np.arange(len(win), dtype=float) * 10
    who, source = demo._same_day_sources(win, day, copiers)
    got = values.copy()
    got[who] = values[source]
    np.testing.assert_array_equal(got, copy_one_at_a_time(win, day, copiers, values))
    # only copiers with another interview that day copy, in their order
    alone = [i for i in copiers if ((win == win[i]) & (day == day[i])).sum() == 1]
    assert list(who) == [i for i in copiers if i not in alone]

