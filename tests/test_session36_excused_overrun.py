"""session 36: a clause that excuses an overrun only (因…造成超时的, ``exempt_overrun``) excused a flagged record by its
raw end, not as the time limit judges it: a record whose 到达时间 is blank but whose repair was completed within the
limit (``not_after``: the end came no later) is met, yet it was excused (left out) as "overdue"; a record under a
special circumstance's longer limit (``special`` + ``extended_limit``) done within that limit is met, yet it was
excused as overrun.  The overrun is now the one :func:`time_limit` finds without the flag, under every other rule."""
import pandas as pd

from windoweval.kernels import KERNELS
from windoweval.kernels.time import time_limit

K = KERNELS["time_limit"]


def test_a_blank_end_done_by_a_later_step_within_the_limit_is_met_not_excused():
    df = pd.DataFrame({"r": pd.to_datetime(["2025-06-01 10:00"] * 2), "a": pd.to_datetime([None, None]),
                       "c": pd.to_datetime(["2025-06-01 10:40", "2025-06-01 12:00"]), "x": [True, True]})
    kw = dict(start="r", end="a", limit=45, unit="minutes", exempt="x", exempt_overrun=True, not_after="c",
              horizon="2025-12-31 23:59")
    # the first: the arrival came no later than the completion at 10:40, within 45 minutes: met, judged
    # the second: done by 12:00, whether it overran is unknown: missing evidence, judged (never excused on a guess)
    assert K.applicable(df, **kw).tolist() == [True, True]
    got = time_limit(df, **{k: v for k, v in kw.items()})
    assert got.tolist() == [True, pd.NA]


def test_a_special_circumstance_s_longer_limit_is_the_limit_an_overrun_is_judged_by():
    df = pd.DataFrame({"r": pd.to_datetime(["2025-06-02 09:00"] * 2),
                       "e": pd.to_datetime(["2025-06-02 09:50", "2025-06-02 10:30"]),
                       "sp": [True, True], "x": [True, True]})
    kw = dict(start="r", end="e", limit=30, unit="minutes", exempt="x", exempt_overrun=True, special="sp",
              extended_limit=60)
    # 50 minutes under a 60-minute special limit: met (judged); 90 minutes: overran, excused
    assert K.applicable(df, **kw).tolist() == [True, False]
    assert time_limit(df, **kw).tolist()[0] is True
